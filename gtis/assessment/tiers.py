"""Tiers of campaigns (梯度培育: city → province → national): a campaign recommends to the
next tier's campaign of the same scheme version, whose candidate pool is what the lower tiers
recommend from their decided lists — each recommending unit up to the quota the higher
campaign gives it. The process of the MIIT green manufacturing lists: 申报 → 第三方评价 →
省级推荐 → 专家论证 → 公示 → 发布.

Each service checks who may act, validates naming the field, runs in one transaction and is
audited; the reads beside them are shared by the pages and the API."""

from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, IntegerField, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from gtis.accounts.models import Department
from gtis.assessment import evaluators, locks
from gtis.assessment.campaigns import _require_open
from gtis.assessment.models import (
    Application,
    ApplicationState,
    Campaign,
    CampaignState,
    RecommendationQuota,
    Tier,
)
from gtis.core import audit
from gtis.core.actors import as_user
from gtis.core.models import Attachment
from gtis.core.permissions import require
from gtis.core.transitions import require_state

TIER_RANK = {Tier.CITY: 0, Tier.PROVINCE: 1, Tier.NATIONAL: 2}
# A higher campaign takes candidates, and its quotas change, until its applications close.
TAKING_CANDIDATES = (CampaignState.DRAFT, CampaignState.OPEN)


# Reads ----------------------------------------------------------------------------------------


def recommended_to(campaign: Campaign, unit: Department | int) -> QuerySet[Application]:
    """The applications `unit` recommended to `campaign` that still stand (not withdrawn)."""
    return Application.objects.filter(campaign=campaign, recommended_by=unit).exclude(
        state=ApplicationState.WITHDRAWN
    )


def quotas_with_use() -> QuerySet[RecommendationQuota]:
    """Quotas, each annotated with `used`: the standing applications its unit recommended."""
    used = (
        Application.objects.filter(campaign=OuterRef("campaign"), recommended_by=OuterRef("unit"))
        .exclude(state=ApplicationState.WITHDRAWN)
        .order_by()
        .values("campaign")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return RecommendationQuota.objects.select_related("unit").annotate(
        used=Coalesce(Subquery(used, output_field=IntegerField()), 0)
    )


@dataclass(frozen=True)
class QuotaUse:
    """One recommending unit's quota in a campaign, how many it used and how many remain."""

    unit: Department
    quota: int
    used: int

    @property
    def remaining(self) -> int:
        return max(self.quota - self.used, 0)


def quota_use(campaign: Campaign) -> list[QuotaUse]:
    """The campaign's quotas with their use, by unit: one query."""
    return [
        QuotaUse(unit=row.unit, quota=row.quota, used=row.used)  # type: ignore[attr-defined]
        for row in quotas_with_use().filter(campaign=campaign)
    ]


def higher_tier_choices(campaign: Campaign) -> QuerySet[Campaign]:
    """The campaigns `campaign` may recommend to: the same scheme version at a higher tier,
    still taking candidates."""
    higher = [tier for tier, rank in TIER_RANK.items() if rank > TIER_RANK[Tier(campaign.tier)]]
    return Campaign.objects.filter(
        version=campaign.version_id, tier__in=higher, state__in=TAKING_CANDIDATES
    ).exclude(pk=campaign.pk)


def is_on_decided_list(application: Application) -> bool:
    """Whether the application passed its campaign's decision and keeps its certificate, if
    it was issued one."""
    certificate = getattr(application, "certificate", None)
    return (
        application.campaign.state == CampaignState.DECIDED
        and application.state == ApplicationState.SUBMITTED
        and application.proposed is True
        and (certificate is None or certificate.revoked_at is None)
    )


def recommendable(user: Any, campaign: Campaign, applications: Any) -> set[int]:
    """Which of the campaign's `applications` `user` may recommend to the next tier now: those
    on the decided list not recommended yet. No query once `recommendation` is fetched."""
    if campaign.feeds_id is None or campaign.state != CampaignState.DECIDED:
        return set()
    return {
        application.pk
        for application in applications
        if is_on_decided_list(application)
        and not _recommended(application)
        and user.has_perm("assessment.recommend_application", application)
    }


# Writes ---------------------------------------------------------------------------------------


def configure_tiers(
    *, actor: Any, campaign: Campaign, feeds: Campaign | None, evaluator_cap: int | None
) -> Campaign:
    """Staff set the higher-tier campaign the decided list is recommended to (the same scheme
    version at a higher tier, still taking candidates; or none) and the cap on applications
    per third-party evaluator (or none)."""
    require(actor, "assessment.change_campaign", campaign)
    errors = {
        field: problem
        for field, problem in (
            ("feeds", _feeds_problem(campaign, feeds)),
            ("evaluator_cap", _cap_problem(campaign, evaluator_cap)),
        )
        if problem
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        before = {"feeds": campaign.feeds_id, "evaluator_cap": campaign.evaluator_cap}
        campaign.feeds, campaign.evaluator_cap = feeds, evaluator_cap
        campaign.save(update_fields=["feeds", "evaluator_cap"])
        after = {"feeds": campaign.feeds_id, "evaluator_cap": campaign.evaluator_cap}
        audit.record(
            actor=actor,
            action="configure_tiers",
            obj=campaign,
            changes={key: [before[key], after[key]] for key in before if before[key] != after[key]},
        )
    return campaign


def set_quota(
    *, actor: Any, campaign: Campaign, unit: Department | None, quota: int | None
) -> RecommendationQuota:
    """Staff give a recommending unit its quota in a higher-tier campaign, before its
    applications close; never below what the unit has already recommended."""
    require(actor, "assessment.change_campaign", campaign)
    require_state(campaign, *TAKING_CANDIDATES)
    errors: dict[str, str] = {}
    if unit is None:
        errors["unit"] = _("Choose the recommending unit.")
    elif unit.pk == campaign.organiser_id:
        errors["unit"] = _("The organiser does not recommend to its own campaign.")
    if quota is None or quota < 0:
        errors["quota"] = _("Give how many applications the unit may recommend (0 or more).")
    if errors or unit is None or quota is None:
        raise ValidationError(errors)
    with transaction.atomic():
        current = locks.quota_for_update(campaign, unit)
        used = recommended_to(campaign, unit).count()
        if quota < used:
            raise ValidationError(
                {
                    "quota": _(
                        "%(unit)s has already recommended %(used)d applications; its quota "
                        "cannot be lower."
                    )
                    % {"unit": unit, "used": used}
                }
            )
        before = current.quota if current else None
        row, _created = RecommendationQuota.objects.update_or_create(
            campaign=campaign, unit=unit, defaults={"quota": quota, "set_by": as_user(actor)}
        )
        audit.record(
            actor=actor,
            action="set_quota",
            obj=campaign,
            changes={"unit": unit.code, "quota": [before, quota]},
        )
    return row


def recommend(*, actor: Any, application: Application) -> Application:
    """The organiser of a decided campaign recommends an application of its decided list to
    the next tier, within its quota there: the candidate is created in the higher campaign,
    submitted, with the subject, fields, facts, mandatory items, evidence, pledges and
    materials of the application it comes from."""
    require(actor, "assessment.recommend_application", application)
    lower = application.campaign
    higher = lower.feeds
    if higher is None:
        raise ValidationError(
            _("%(campaign)s recommends to no higher-tier campaign.") % {"campaign": lower.title},
            code="no_higher_tier",
        )
    if not is_on_decided_list(application):
        raise ValidationError(
            _("%(subject)s is not on the decided list of %(campaign)s.")
            % {"subject": application.subject, "campaign": lower.title},
            code="not_passed",
        )
    if _recommended(application):
        raise ValidationError(
            _("%(subject)s has already been recommended to %(campaign)s.")
            % {"subject": application.subject, "campaign": higher.title},
            code="recommended",
        )
    _require_open(higher)
    unit = lower.organiser
    with transaction.atomic():
        _require_quota_left(higher, unit)
        over_cap = evaluators.cap_error(higher, application.evaluator)
        if over_cap:
            raise ValidationError(over_cap, code="evaluator_cap")
        if Application.objects.filter(
            campaign=higher, applicant=application.applicant_id, subject=application.subject
        ).exists():
            raise ValidationError(
                _("%(applicant)s already has an application for %(subject)s in %(campaign)s.")
                % {
                    "applicant": application.applicant,
                    "subject": application.subject,
                    "campaign": higher.title,
                },
                code="duplicate",
            )
        candidate = _candidate(actor, application, higher, unit)
        audit.record(
            actor=actor,
            action="recommend",
            obj=application,
            changes={"campaign": higher.pk, "candidate": candidate.pk, "unit": unit.code},
        )
        audit.record(
            actor=actor,
            action="create",
            obj=candidate,
            changes={"recommended_from": application.pk, "unit": unit.code},
        )
    return candidate


def _require_quota_left(campaign: Campaign, unit: Department) -> None:
    """Refuse, naming the unit and its quota, a recommendation beyond it (the quota row stays
    locked until the transaction ends)."""
    row = locks.quota_for_update(campaign, unit)
    if row is None:
        raise ValidationError(
            _("%(unit)s has no recommendation quota in %(campaign)s.")
            % {"unit": unit, "campaign": campaign.title},
            code="no_quota",
        )
    if recommended_to(campaign, unit).count() >= row.quota:
        raise ValidationError(
            _("%(unit)s has used all of its quota of %(quota)d in %(campaign)s.")
            % {"unit": unit, "quota": row.quota, "campaign": campaign.title},
            code="quota",
        )


def _candidate(
    actor: Any, application: Application, higher: Campaign, unit: Department
) -> Application:
    """The candidate in the higher campaign: what the applicant pledged to, as it pledged."""
    copied = [
        "applicant_id",
        "subject",
        "facts",
        "mandatory",
        "evidence",
        "gate_results",
        "pledge_hash",
        "pledged_by_id",
        "pledged_at",
        "evaluator_id",
        "evaluator_pledge_hash",
        "evaluator_pledged_by_id",
        "evaluator_pledged_at",
    ]
    candidate = Application.objects.create(
        campaign=higher,
        recommended_from=application,
        recommended_by=unit,
        state=ApplicationState.SUBMITTED,
        created_by=as_user(actor),
        **{name: getattr(application, name) for name in copied},
    )
    candidate.fields.set(application.fields.all())
    _refer_materials(application, candidate)
    return candidate


def _refer_materials(source: Application, target: Application) -> None:
    """The source's materials, referred to from the candidate: the same stored files, with
    their hashes; nothing is uploaded again."""
    Attachment.objects.bulk_create(
        [
            Attachment(
                content_type=ContentType.objects.get_for_model(target),
                object_id=str(target.pk),
                file=material.file.name,
                original_name=material.original_name,
                media_type=material.media_type,
                size=material.size,
                sha256=material.sha256,
                description=material.description,
                uploaded_by_id=material.uploaded_by_id,
            )
            for material in Attachment.objects.for_object(source)
        ]
    )


def _recommended(application: Application) -> bool:
    try:
        return application.recommendation is not None
    except Application.recommendation.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        return False


def _feeds_problem(campaign: Campaign, feeds: Campaign | None) -> str:
    """Why the campaign cannot now recommend to `feeds` instead, or "" when it can."""
    if feeds is not None and feeds.pk != campaign.feeds_id:
        problem = _unfit_higher_tier(campaign, feeds)
        if problem:
            return problem
    if campaign.feeds_id is not None and campaign.feeds_id != (feeds.pk if feeds else None):
        made = Application.objects.filter(recommended_from__campaign=campaign).count()
        if made:
            return _(
                "%(count)d applications of this campaign have already been recommended to "
                "%(campaign)s."
            ) % {"count": made, "campaign": campaign.feeds}
    return ""


def _cap_problem(campaign: Campaign, cap: int | None) -> str:
    """Why the cap per third-party evaluator cannot now be `cap`, or "" when it can."""
    if cap == campaign.evaluator_cap:
        return ""
    if campaign.state not in TAKING_CANDIDATES:
        return _("The cap can change only until applications close.")
    if cap is not None and cap < 1:
        return _("Give a cap of 1 or more, or leave it empty for none.")
    busiest = (
        Application.objects.filter(campaign=campaign, state=ApplicationState.SUBMITTED)
        .exclude(evaluator=None)
        .values("evaluator__name")
        .annotate(n=Count("pk"))
        .order_by("-n", "evaluator__name")
        .first()
    )
    if cap is not None and busiest and busiest["n"] > cap:
        return _(
            "%(evaluator)s already carries %(count)d applications; the cap cannot be lower."
        ) % {"evaluator": busiest["evaluator__name"], "count": busiest["n"]}
    return ""


def _unfit_higher_tier(campaign: Campaign, feeds: Campaign) -> str:
    """Why `campaign` cannot recommend to `feeds`, or "" when it can."""
    if feeds.pk == campaign.pk:
        return _("A campaign cannot recommend to itself.")
    if feeds.version.scheme_id != campaign.version.scheme_id:
        return _("%(campaign)s runs another scheme; recommend to a campaign of %(scheme)s.") % {
            "campaign": feeds.title,
            "scheme": campaign.version.scheme.code,
        }
    if feeds.version_id != campaign.version_id:
        return _(
            "%(campaign)s runs version %(version)s; the recommended applications' evidence fits "
            "version %(own)s only."
        ) % {"campaign": feeds.title, "version": feeds.version.label, "own": campaign.version.label}
    if TIER_RANK[Tier(feeds.tier)] <= TIER_RANK[Tier(campaign.tier)]:
        return _(
            "%(campaign)s is at the %(tier)s tier; recommend to a higher tier than %(own)s."
        ) % {
            "campaign": feeds.title,
            "tier": feeds.get_tier_display(),
            "own": campaign.get_tier_display(),
        }
    if feeds.state not in TAKING_CANDIDATES:
        return _("%(campaign)s no longer takes candidates.") % {"campaign": feeds.title}
    return ""
