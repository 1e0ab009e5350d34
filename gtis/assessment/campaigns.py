"""Every write of campaigns and applications: staff create and open a campaign on a scheme
version and close its applications; an organisation drafts an application, which is checked
(gates, mandatory items, evidence for every indicator) and signed with a truthfulness pledge
when submitted; staff return or draw its expert panel from the registry's pool, never an
expert with a conflict of interest; experts declare no conflict, or decline and are replaced.

Each service checks who may act, validates naming the field, runs in one transaction and is
audited."""

import datetime
import random
from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.accounts.models import Department, Organisation
from gtis.assessment import evaluators, selectors
from gtis.assessment.models import (
    Application,
    ApplicationState,
    AssignmentState,
    Campaign,
    CampaignState,
    PanelAssignment,
    SchemeVersion,
    ScoreSheet,
    Tier,
)
from gtis.assessment.pledges import pledge_hash
from gtis.assessment.schemes import ScoringError
from gtis.assessment.verification_selectors import verification_labs
from gtis.catalog.choices import EditionKind
from gtis.core import audit
from gtis.core.actors import SYSTEM, as_user
from gtis.core.permissions import require
from gtis.core.transitions import apply_transition, require_state
from gtis.registry import selectors as registry
from gtis.registry.models import Expert

ACTIVE = (AssignmentState.INVITED, AssignmentState.ACCEPTED)


def create_campaign(
    *,
    actor: Any,
    version: SchemeVersion,
    title: str,
    organiser: Department,
    tier: str,
    opens_on: datetime.date | None,
    closes_on: datetime.date | None,
    publishes_catalogue: str = "",
) -> Campaign:
    """A campaign (draft) of one scheme version, which it keeps whatever versions come later;
    its decision may publish a catalogue edition of the kind named."""
    require(actor, "assessment.add_campaign")
    errors: dict[str, str] = {}
    if publishes_catalogue and publishes_catalogue not in EditionKind.values:
        errors["publishes_catalogue"] = _("Choose one of the catalogue kinds, or none.")
    if not title.strip():
        errors["title"] = _("Give the campaign a title.")
    if tier not in Tier.values:
        errors["tier"] = _("Choose the city, province or national tier.")
    if opens_on is None:
        errors["opens_on"] = _("Give the day applications open.")
    if closes_on is None:
        errors["closes_on"] = _("Give the day applications close.")
    elif opens_on is not None and closes_on < opens_on:
        errors["closes_on"] = _("Applications cannot close before they open.")
    if errors or opens_on is None or closes_on is None:
        raise ValidationError(errors)
    with transaction.atomic():
        campaign = Campaign.objects.create(
            version=version,
            title=title.strip(),
            organiser=organiser,
            tier=tier,
            opens_on=opens_on,
            closes_on=closes_on,
            publishes_catalogue=publishes_catalogue,
            created_by=as_user(actor),
        )
        audit.record(
            actor=actor,
            action="create",
            obj=campaign,
            changes={"version": version.pk, "publishes_catalogue": publishes_catalogue},
        )
    return campaign


def open_campaign(*, actor: Any, campaign: Campaign) -> Campaign:
    require(actor, "assessment.change_campaign", campaign)
    return apply_transition(actor=actor, record=campaign, name="open", field="state")  # type: ignore[no-any-return]


def close_applications(*, actor: Any, campaign: Campaign) -> Campaign:
    """Applications close; the submitted ones go to review."""
    require(actor, "assessment.change_campaign", campaign)
    return apply_transition(actor=actor, record=campaign, name="start_review", field="state")  # type: ignore[no-any-return]


def save_application(
    *,
    actor: Any,
    campaign: Campaign,
    subject: str,
    facts: Mapping[str, Any],
    mandatory: Mapping[str, bool],
    evidence: Mapping[str, str],
    fields: Iterable[Any] = (),
    application: Application | None = None,
) -> Application:
    """Save a draft (or a returned application): what is assessed, the facts the gates check,
    the mandatory items met and the evidence per indicator. Nothing is checked for
    completeness until submission."""
    if application is None:
        require(actor, "assessment.add_application", campaign)
        _require_direct_applications(campaign)
    else:
        require(actor, "assessment.change_application", application)
        require_state(application, ApplicationState.DRAFT, ApplicationState.RETURNED)
    _require_open(campaign)
    scheme = campaign.scheme
    errors: dict[str, str] = {}
    if not subject.strip():
        errors["subject"] = _("Name what is assessed: the factory, product, technology or team.")
    unknown = set(evidence) - {leaf.code for leaf in scheme.leaves()}
    unknown |= set(mandatory) - {item.code for item in scheme.mandatory}
    if unknown:
        errors["evidence"] = _("The scheme has no items %(codes)s.") % {
            "codes": ", ".join(sorted(unknown))
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        if application is None:
            application = Application(
                campaign=campaign, applicant_id=actor.organisation_id, created_by=as_user(actor)
            )
            if Application.objects.filter(
                campaign=campaign, applicant_id=actor.organisation_id, subject=subject.strip()
            ).exists():
                raise ValidationError(
                    {"subject": _("Your organisation has already applied for this subject.")}
                )
        application.subject = subject.strip()
        application.facts = dict(facts)
        application.mandatory = {code: bool(met) for code, met in mandatory.items()}
        application.evidence = {
            code: text.strip() for code, text in evidence.items() if text.strip()
        }
        application.save()
        application.fields.set(list(fields))
        audit.record(actor=actor, action="save", obj=application, changes={"subject": subject})
    return application


def submit_application(*, actor: Any, application: Application, pledge: bool) -> Application:
    """Submit with the truthfulness pledge: every gate is met, every mandatory item answered and
    every indicator has its evidence; the pledge is stored with a hash of what was submitted."""
    require(actor, "assessment.change_application", application)
    campaign = application.campaign
    _require_open(campaign)
    scheme = campaign.scheme
    results = {gate.code: gate.check(application.facts) for gate in scheme.gates}
    errors: dict[str, str] = {}
    missing_facts = [g.field for g in scheme.gates if results[g.code] == "missing"]
    if missing_facts:
        errors["facts"] = _("Give the facts the eligibility gates check: %(fields)s.") % {
            "fields": ", ".join(missing_facts)
        }
    failing = [g for g in scheme.gates if results[g.code] == "conflicting"]
    if failing:
        errors["facts"] = _("Not eligible: %(gates)s.") % {
            "gates": "; ".join(f"{g.code} {g.text}" for g in failing)
        }
    unanswered = [m.code for m in scheme.mandatory if m.code not in application.mandatory]
    if unanswered:
        errors["mandatory"] = _("Say whether each mandatory item is met: %(codes)s.") % {
            "codes": ", ".join(unanswered)
        }
    without = [leaf.code for leaf in scheme.leaves() if not application.evidence.get(leaf.code)]
    if without:
        errors["evidence"] = _("Give the evidence for %(codes)s.") % {"codes": ", ".join(without)}
    if not pledge:
        errors["pledge"] = _("Sign the pledge that everything submitted is true.")
    errors |= evaluators.submission_errors(application)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        now = timezone.now()
        application.gate_results = results
        application.pledged_by, application.pledged_at = as_user(actor), now
        application.pledge_hash = pledge_hash(application, signer=actor.get_username(), at=now)
        application.state_reason = ""
        apply_transition(
            actor=actor,
            record=application,
            name="submit",
            field="state",
            pledge_hash=application.pledge_hash,
        )
    return application


def return_application(*, actor: Any, application: Application, reason: str) -> Application:
    """Staff send a submitted application back for correction, with comments."""
    require(actor, "assessment.decide_application", application)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what the applicant must correct.")})
    with transaction.atomic():
        application.state_reason = reason.strip()
        apply_transition(
            actor=actor, record=application, name="return_for_correction", field="state"
        )
    return application


def withdraw_application(*, actor: Any, application: Application) -> Application:
    require(actor, "assessment.change_application", application)
    return apply_transition(actor=actor, record=application, name="withdraw", field="state")  # type: ignore[no-any-return]


def assign_panel(
    *, actor: Any, application: Application, rng: random.Random | None = None
) -> list[PanelAssignment]:
    """Draw experts for the application's panel in the round under way (which it must have
    advanced to) up to the scheme's number, at random among those of its fields free of
    conflicts: not of the applicant (now, or within the scheme's look-back), no declared
    relationship, not of its region when the scheme says so, not already drawn in the round
    nor declined the application before. Too few such experts: nothing is drawn and the
    organiser is told."""
    require(actor, "assessment.decide_application", application)
    require_state(application, ApplicationState.SUBMITTED)
    scheme = application.campaign.scheme
    number = _round_under_way(application)
    if not selectors.in_round(application, number):
        raise ValidationError(
            _("This application did not advance to “%(round)s”.")
            % {"round": scheme.round(number).name},
            code="not_in_round",
        )
    with transaction.atomic():
        drawn = list(application.panel.select_for_update())
        this_round = [a for a in drawn if a.round == number]
        needed = scheme.experts - sum(a.state in ACTIVE for a in this_round)
        if needed <= 0:
            return []
        # Not twice in a round; and an expert who declined the applicant once is not asked again.
        declined = {a.expert_id for a in drawn if a.state == AssignmentState.DECLINED}
        pool = clean_experts(application, exclude={a.expert_id for a in this_round} | declined)
        if len(pool) < needed:
            raise ValidationError(
                _(
                    "Only %(found)d experts in the application's fields are free of conflicts "
                    "of interest; the panel needs %(needed)d more. Add experts to the pool or "
                    "widen the fields."
                )
                % {"found": len(pool), "needed": needed},
                code="pool_too_small",
            )
        chosen = (rng or random.SystemRandom()).sample(pool, needed)
        assignments = [
            PanelAssignment.objects.create(application=application, expert=expert, round=number)
            for expert in chosen
        ]
        audit.record(
            actor=actor,
            action="assign_panel",
            obj=application,
            changes={"experts": [expert.pk for expert in chosen]},
        )
    for assignment in assignments:
        _notify_expert(assignment)
    return assignments


def clean_experts(application: Application, exclude: Iterable[int] = ()) -> list[Expert]:
    """The experts of the application's fields (any field when it names none) who are available
    and have no conflict of interest with the applicant under the scheme's rules."""
    scheme = application.campaign.scheme
    applicant: Organisation = application.applicant
    experts = Expert.objects.exclude(availability="unavailable").exclude(pk__in=list(exclude))
    categories = {node.path[: node.steplen] for node in application.fields.all()}
    if categories:
        in_fields = Q()
        for prefix in categories:
            in_fields |= Q(fields__path__startswith=prefix)
        experts = experts.filter(in_fields).distinct()
    if scheme.same_region and applicant.province:
        experts = experts.exclude(affiliation__province=applicant.province)
    # The labs of the application's test data are conflicted as the applicant is.
    conflicted = [applicant, *verification_labs(application)]
    today = timezone.localdate()
    return [
        expert
        for expert in experts.select_related("affiliation").order_by("pk")
        if not registry.conflicts_of_interest(
            expert, conflicted, on=today, lookback_years=scheme.lookback_years
        )
    ]


def declare_no_conflict(*, actor: Any, assignment: PanelAssignment) -> PanelAssignment:
    """The expert declares no conflict of interest; only then are the materials theirs to see."""
    require(actor, "assessment.score_assignment", assignment)
    return _answer(actor, assignment, AssignmentState.ACCEPTED, "")


def decline_assignment(*, actor: Any, assignment: PanelAssignment, reason: str) -> PanelAssignment:
    """The expert declines (a conflict, or no time), with the reason; another is drawn in their
    place when the pool allows, and the organiser is told when it does not."""
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason you decline.")})
    declined = _answer(actor, assignment, AssignmentState.DECLINED, reason.strip())
    try:
        assign_panel(actor=SYSTEM, application=assignment.application)
    except ValidationError as error:
        audit.record(
            actor=SYSTEM,
            action="panel_short",
            obj=assignment.application,
            changes={"message": " ".join(error.messages)},
        )
    return declined


def _answer(actor: Any, assignment: PanelAssignment, state: str, reason: str) -> PanelAssignment:
    require(actor, "assessment.answer_assignment", assignment)
    if assignment.state != AssignmentState.INVITED:
        raise ValidationError(
            _("You have already answered: %(state)s.") % {"state": assignment.get_state_display()},
            code="answered",
        )
    with transaction.atomic():
        assignment.state, assignment.reason = state, reason
        assignment.answered_at = timezone.now()
        assignment.save(update_fields=["state", "reason", "answered_at"])
        audit.record(
            actor=actor,
            action=f"assignment_{state}",
            obj=assignment.application,
            changes={"expert": assignment.expert_id, "reason": reason},
        )
    return assignment


def _round_under_way(application: Application) -> int:
    """The campaign's round now, read afresh: it may have closed since the page was opened."""
    return Campaign.objects.values_list("round_number", flat=True).get(  # type: ignore[no-any-return]
        pk=application.campaign_id
    )


def _require_open(campaign: Campaign) -> None:
    require_state(campaign, CampaignState.OPEN)
    today = timezone.localdate()
    if not campaign.opens_on <= today <= campaign.closes_on:
        raise ValidationError(
            _("Applications are taken from %(opens)s to %(closes)s.")
            % {"opens": campaign.opens_on.isoformat(), "closes": campaign.closes_on.isoformat()},
            code="window",
        )


def _require_direct_applications(campaign: Campaign) -> None:
    """A campaign that gives recommending units quotas takes its candidates from them only."""
    if campaign.quotas.exists():
        raise ValidationError(
            _("Applications to %(campaign)s come through the recommending units.")
            % {"campaign": campaign.title},
            code="recommended_only",
        )


def _notify_expert(assignment: PanelAssignment) -> None:
    from gtis.core.services import notify

    user = assignment.expert.user
    if user is not None:
        notify(
            recipient=user,
            kind="assessment.assignment",
            title=_("You are invited to review “%(subject)s”")
            % {"subject": assignment.application.subject},
            url=assignment.application.get_absolute_url(),
        )


def score_application(
    *,
    actor: Any,
    assignment: PanelAssignment,
    entries: Mapping[str, Any],
    comments: Mapping[str, str],
) -> ScoreSheet:
    """The expert's score for every indicator, each with a comment, while the campaign is under
    review and in the assignment's round; a sheet may be corrected until the round closes or
    the panel decides. A bad entry names its indicator."""
    require(actor, "assessment.score_assignment", assignment)
    if assignment.state != AssignmentState.ACCEPTED:
        raise ValidationError(
            _("Declare that you have no conflict of interest first."), code="not_accepted"
        )
    application = assignment.application
    require_state(application.campaign, CampaignState.REVIEWING)
    require_state(application, ApplicationState.SUBMITTED)
    scheme = application.campaign.scheme
    if assignment.round != _round_under_way(application):
        raise ValidationError(
            _("The round “%(round)s” is closed: scores are taken only in the round under way.")
            % {"round": scheme.round(assignment.round).name},
            code="round_closed",
        )
    errors: dict[str, str] = {}
    for leaf in scheme.leaves():
        if leaf.code not in entries or entries[leaf.code] in (None, ""):
            errors[f"entry_{leaf.code}"] = _("Score this indicator.")
            continue
        try:
            leaf.score(entries)
        except ScoringError as error:
            errors[f"entry_{leaf.code}"] = str(error).split(": ", 1)[-1]
        if not (comments.get(leaf.code) or "").strip():
            errors[f"comment_{leaf.code}"] = _("Give a comment with the score.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        sheet, _created = ScoreSheet.objects.update_or_create(
            assignment=assignment,
            defaults={
                "entries": {code: _storable(value) for code, value in entries.items()},
                "comments": {code: text.strip() for code, text in comments.items()},
                "total": scheme.total(entries),
            },
        )
        audit.record(
            actor=actor, action="score", obj=application, changes={"total": str(sheet.total)}
        )
    return sheet


def _storable(value: Any) -> Any:
    """An entry as JSON keeps it: a measured value as its exact decimal text."""
    return str(value) if isinstance(value, Decimal) else value


def attach_material(
    *, actor: Any, application: Application, file: Any, indicator: str, description: str = ""
) -> Any:
    """A material file for one of the application's indicators (or its mandatory items), while
    it is a draft or returned; its type and size are checked."""
    from gtis.core.services import attach_file

    require(actor, "assessment.change_application", application)
    require_state(application, ApplicationState.DRAFT, ApplicationState.RETURNED)
    scheme = application.campaign.scheme
    codes = {leaf.code for leaf in scheme.leaves()} | {item.code for item in scheme.mandatory}
    if indicator not in codes:
        raise ValidationError({"indicator": _("Choose one of the scheme's items.")})
    label = f"{indicator} {description.strip()}".strip()
    return attach_file(
        actor=actor,
        obj=application,
        upload=file,
        description=label,
        permission="assessment.change_application",
    )
