"""Third-party evaluators (第三方评价机构): where the scheme asks for their liability pledge, an
application names the evaluator that wrote its evaluation report, and the evaluator's staff
sign the pledge before the application can be submitted; a campaign may cap how many
applications one evaluator carries.

Each service checks who may act, validates naming the field, runs in one transaction and is
audited."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.accounts.models import Organisation, OrganisationKind, Verification
from gtis.assessment.models import Application, ApplicationState, Campaign
from gtis.assessment.pledges import pledge_hash
from gtis.core import audit
from gtis.core.actors import as_user
from gtis.core.permissions import require
from gtis.core.transitions import require_state

# The kinds of organisation that do third-party evaluation: evaluation and certification
# agencies (intermediaries), research institutes and industry associations.
EVALUATOR_KINDS = (
    OrganisationKind.INTERMEDIARY,
    OrganisationKind.RESEARCH_INSTITUTE,
    OrganisationKind.INDUSTRY_ASSOCIATION,
)
EVALUATOR_PLEDGE = "evaluator"
EDITABLE = (ApplicationState.DRAFT, ApplicationState.RETURNED)
LIABILITY_FIELDS = ["evaluator_pledge_hash", "evaluator_pledged_by", "evaluator_pledged_at"]


def needs_evaluator(campaign: Campaign) -> bool:
    """Whether the campaign's scheme asks for a third-party evaluator's liability pledge."""
    return EVALUATOR_PLEDGE in campaign.scheme.pledges


def possible_evaluators() -> QuerySet[Organisation]:
    """The verified, active organisations of the kinds that evaluate."""
    return Organisation.objects.filter(
        kind__in=EVALUATOR_KINDS, verification=Verification.VERIFIED, is_active=True
    ).order_by("name")


def name_evaluator(
    *, actor: Any, application: Application, evaluator: Organisation | None
) -> Application:
    """The applicant names (or changes) the third-party evaluator of its draft; any liability
    pledge signed so far is cleared, as it was another evaluator's or for another report."""
    require(actor, "assessment.change_application", application)
    require_state(application, *EDITABLE)
    if not needs_evaluator(application.campaign):
        raise ValidationError(
            {
                "evaluator": _("The scheme %(scheme)s asks for no third-party evaluator.")
                % {"scheme": application.campaign.scheme.code}
            }
        )
    if evaluator is None:
        raise ValidationError({"evaluator": _("Choose the third-party evaluator.")})
    problem = _unfit_evaluator(application, evaluator)
    if problem:
        raise ValidationError({"evaluator": problem})
    with transaction.atomic():
        before = application.evaluator_id
        application.evaluator = evaluator
        _clear_liability_pledge(application)
        application.save(update_fields=["evaluator", *LIABILITY_FIELDS, "updated_at"])
        audit.record(
            actor=actor,
            action="name_evaluator",
            obj=application,
            changes={"evaluator": [before, evaluator.pk]},
        )
    return application


def sign_liability_pledge(*, actor: Any, application: Application, pledge: bool) -> Application:
    """The evaluator's staff sign the liability pledge for the application as it stands; it is
    stored with a SHA-256 hash of what was signed, by whom and when."""
    require(actor, "assessment.sign_liability_pledge", application)
    require_state(application, *EDITABLE)
    if not pledge:
        raise ValidationError(
            {
                "pledge": _(
                    "Sign the pledge that the evaluation report is true and that %(evaluator)s "
                    "answers for it."
                )
                % {"evaluator": application.evaluator}
            }
        )
    with transaction.atomic():
        now = timezone.now()
        application.evaluator_pledged_by, application.evaluator_pledged_at = as_user(actor), now
        application.evaluator_pledge_hash = _liability_hash(
            application, signer=actor.get_username(), at=now
        )
        application.save(update_fields=[*LIABILITY_FIELDS, "updated_at"])
        audit.record(
            actor=actor,
            action="sign_liability_pledge",
            obj=application,
            changes={
                "evaluator": application.evaluator_id,
                "hash": application.evaluator_pledge_hash,
            },
        )
    return application


def liability_pledge_holds(application: Application) -> bool:
    """Whether the evaluator's pledge was signed for the application as it now stands."""
    signer = application.evaluator_pledged_by
    if (
        not application.evaluator_pledge_hash
        or signer is None
        or not application.evaluator_pledged_at
    ):
        return False
    expected = _liability_hash(
        application, signer=signer.get_username(), at=application.evaluator_pledged_at
    )
    return expected == application.evaluator_pledge_hash


def submission_errors(application: Application) -> dict[str, str]:
    """What keeps an application from submission on its evaluator's side: none named, no
    pledge signed, or one signed for an earlier version, or the campaign's cap reached."""
    if not needs_evaluator(application.campaign):
        return {}
    evaluator = application.evaluator
    if evaluator is None:
        message = _("Name the third-party evaluator whose liability pledge the scheme asks for.")
    elif not application.evaluator_pledge_hash:
        message = _("%(evaluator)s has not signed its liability pledge yet.") % {
            "evaluator": evaluator
        }
    elif not liability_pledge_holds(application):
        message = _(
            "The application changed after %(evaluator)s signed its liability pledge; ask it to "
            "sign again."
        ) % {"evaluator": evaluator}
    else:
        message = cap_error(application.campaign, evaluator, excluding=application) or ""
    return {"evaluator": message} if message else {}


def cap_error(
    campaign: Campaign, evaluator: Organisation | None, *, excluding: Application | None = None
) -> str | None:
    """The refusal when `evaluator` already carries as many of the campaign's candidates as its
    cap per third-party evaluator allows; None when there is room (or no cap)."""
    if evaluator is None or campaign.evaluator_cap is None:
        return None
    carried = Application.objects.filter(
        campaign=campaign, evaluator=evaluator, state=ApplicationState.SUBMITTED
    )
    if excluding is not None:
        carried = carried.exclude(pk=excluding.pk)
    if carried.count() < campaign.evaluator_cap:
        return None
    return _(
        "%(evaluator)s has reached the cap of %(cap)d applications per third-party evaluator in "
        "%(campaign)s."
    ) % {"evaluator": evaluator, "cap": campaign.evaluator_cap, "campaign": campaign.title}


def evaluations_of(organisation_id: int | None) -> QuerySet[Application]:
    """The applications naming `organisation_id` as their third-party evaluator, newest first."""
    return (
        Application.objects.filter(evaluator_id=organisation_id)
        .exclude(evaluator_id=None)
        .select_related("campaign__version__scheme", "applicant", "evaluator_pledged_by")
        .order_by("-updated_at", "-pk")
    )


def _liability_hash(application: Application, *, signer: str, at: Any) -> str:
    return pledge_hash(
        application,
        signer=signer,
        at=at,
        pledge=EVALUATOR_PLEDGE,
        evaluator=application.evaluator_id,
    )


def _clear_liability_pledge(application: Application) -> None:
    application.evaluator_pledge_hash = ""
    application.evaluator_pledged_by = application.evaluator_pledged_at = None


def _unfit_evaluator(application: Application, evaluator: Organisation) -> str:
    """Why `evaluator` cannot evaluate the application, or "" when it can."""
    if evaluator.pk == application.applicant_id:
        return _("The applicant cannot be its own third-party evaluator.")
    if evaluator.kind not in EVALUATOR_KINDS:
        return _(
            "%(name)s is registered as “%(kind)s”; a third-party evaluator is an intermediary, a "
            "research institute or an industry association."
        ) % {"name": evaluator.name, "kind": evaluator.get_kind_display()}
    if evaluator.verification != Verification.VERIFIED or not evaluator.is_active:
        return _("%(name)s is not a verified, active organisation.") % {"name": evaluator.name}
    return ""
