"""Every write from the panel's scores to the designation: the proposed list published for the
scheme's notice period, objections raised by anyone and answered by the organiser, the final
decision designating in the registry and issuing certificates sealed by a code, and their
revocation. Each service checks who may act, validates, runs in one transaction and is audited."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.assessment import catalogue, duties, rounds, selectors
from gtis.assessment.models import (
    Application,
    ApplicationState,
    AssessmentCertificate,
    Campaign,
    CampaignState,
    Objection,
    Outcome,
    PanelResolution,
)
from gtis.core import audit
from gtis.core.actors import as_user
from gtis.core.permissions import require
from gtis.core.seals import matches, seal
from gtis.core.transitions import apply_transition, require_state
from gtis.registry import services as registry


def publish_notice(*, actor: Any, campaign: Campaign) -> Campaign:
    """Publish the proposed list from the last round of review: every application there with
    its panel score, on the list when the panel's resolution passes it; those not advanced in
    an earlier round stay off it. The notice runs for the scheme's days.

    A finalist whose resolution the organiser has not recorded gets the one its scores give,
    recorded now with the scheme's reasons: publishing the list is the organiser endorsing the
    panel's computed decisions, and only an override needs their own words."""
    require(actor, "assessment.change_campaign", campaign)
    require_state(campaign, CampaignState.REVIEWING)
    scheme = campaign.scheme
    if not scheme.is_last_round(campaign.round_number):
        raise ValidationError(
            _("Close the round “%(round)s” first: the proposed list comes from “%(last)s”.")
            % {"round": scheme.round(campaign.round_number).name, "last": scheme.rounds[-1].name},
            code="round",
        )
    applications = list(
        campaign.applications.filter(state=ApplicationState.SUBMITTED).prefetch_related(
            "panel__sheet", "resolutions"
        )
    )
    finalists = [a for a in applications if selectors.in_round(a, campaign.round_number)]
    results = {a.pk: selectors.panel_result(a) for a in finalists}
    unscored = [a.subject for a in finalists if results[a.pk].score is None]
    if unscored:
        raise ValidationError(
            _("Not enough experts have scored: %(subjects)s.") % {"subjects": "、".join(unscored)},
            code="unscored",
        )
    with transaction.atomic():
        resolutions = rounds.record_computed_resolutions(
            actor=actor, campaign=campaign, finalists=finalists
        )
        for application in applications:
            _propose(application, resolutions.get(application.pk), results.get(application.pk))
        campaign.notice_ends_on = timezone.localdate() + datetime.timedelta(
            days=campaign.scheme.notice_days
        )
        apply_transition(
            actor=actor,
            record=campaign,
            name="publish_notice",
            field="state",
            proposed=sum(1 for a in applications if a.proposed),
        )
    return campaign


def _propose(
    application: Application,
    resolution: PanelResolution | None,
    result: selectors.PanelResult | None,
) -> None:
    """Put a finalist on the proposed list as its resolution says; one not advanced stays off
    with the score of the round it left."""
    if resolution is None:
        left = max(application.resolutions.all(), key=lambda r: r.round, default=None)
        application.panel_score = left.score if left else None
        application.proposed, application.decision_reason = False, "not_advanced"
    else:
        application.panel_score = resolution.score
        application.proposed = resolution.outcome == Outcome.PASSED
        reasons = result.decision.reasons if result is not None else ()
        application.decision_reason = "override" if resolution.overridden else ", ".join(reasons)
    application.save(update_fields=["panel_score", "proposed", "decision_reason"])


def raise_objection(
    *,
    actor: Any,
    application: Application,
    name: str,
    contact: str,
    reasons: str,
    evidence: str = "",
) -> Objection:
    """Anyone objects to an application on the proposed list during the notice, with reasons
    and evidence."""
    campaign = application.campaign
    require_state(campaign, CampaignState.NOTICE)
    if not application.proposed:
        raise ValidationError(_("Only an application on the proposed list can be objected to."))
    if campaign.notice_ends_on and timezone.localdate() > campaign.notice_ends_on:
        raise ValidationError(_("The public notice has ended."), code="ended")
    errors = {
        key: message
        for key, value, message in (
            ("name", name, _("Give your name or your organisation's.")),
            ("contact", contact, _("Give a phone number or email the organiser can answer.")),
            ("reasons", reasons, _("Give the reasons for the objection.")),
        )
        if not (value or "").strip()
    }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        objection = Objection.objects.create(
            application=application,
            name=name.strip(),
            contact=contact.strip(),
            reasons=reasons.strip(),
            evidence=evidence.strip(),
        )
        audit.record(
            actor=actor,
            action="object",
            obj=application,
            changes={"objection": objection.pk},
            actor_label="" if getattr(actor, "is_authenticated", False) else f"public: {name}",
        )
    return objection


def answer_objection(*, actor: Any, objection: Objection, answer: str, upheld: bool) -> Objection:
    """The organiser answers an objection, upholding it (the application leaves the list) or
    not."""
    require(actor, "assessment.change_campaign", objection.application.campaign)
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer the objector will read.")})
    with transaction.atomic():
        objection.answer, objection.upheld = answer.strip(), upheld
        objection.answered_by, objection.answered_at = as_user(actor), timezone.now()
        objection.save()
        audit.record(
            actor=actor,
            action="answer_objection",
            obj=objection.application,
            changes={"objection": objection.pk, "upheld": upheld},
        )
    return objection


def decide_campaign(*, actor: Any, campaign: Campaign) -> list[AssessmentCertificate]:
    """After the notice, with every objection answered: each application on the list whose
    objections were not upheld is designated in the registry and certified; a campaign that
    publishes a catalogue publishes them as an edition, an entry per application."""
    require(actor, "assessment.change_campaign", campaign)
    require_state(campaign, CampaignState.NOTICE)
    if campaign.publishes_catalogue:
        require(actor, "catalog.add_catalogueedition", campaign.organiser)
    if campaign.notice_ends_on and timezone.localdate() <= campaign.notice_ends_on:
        raise ValidationError(
            _("The public notice runs until %(day)s.")
            % {"day": campaign.notice_ends_on.isoformat()},
            code="notice",
        )
    waiting = Objection.objects.filter(application__campaign=campaign, upheld__isnull=True)
    if waiting.exists():
        raise ValidationError(
            _("Answer every objection first (%(count)d waiting).") % {"count": waiting.count()},
            code="objections",
        )
    scheme = campaign.scheme
    programme = registry.programme_for(
        code=f"assessment-{scheme.code}",
        name=scheme.name.zh,
        name_en=scheme.name.en,
        department=campaign.organiser,
        validity_years=scheme.validity_years or scheme.cultivation_years,
    )
    issued = []
    with transaction.atomic():
        for application in campaign.applications.filter(proposed=True).select_related("applicant"):
            if application.objections.filter(upheld=True).exists():
                application.proposed = False
                application.decision_reason = "objection"
                application.save(update_fields=["proposed", "decision_reason"])
                continue
            designation = registry.designate(
                actor=actor,
                programme=programme,
                designated_on=timezone.localdate(),
                organisation=application.applicant,
                title=application.subject,
                batch=campaign.title,
                source_document=campaign.title,
            )
            certificate = _issue(application, designation)
            duties.schedule_obligations(actor=actor, certificate=certificate)
            issued.append(certificate)
        if campaign.publishes_catalogue and issued:
            campaign.edition = catalogue.publish_edition(actor=actor, campaign=campaign)
        apply_transition(
            actor=actor,
            record=campaign,
            name="decide",
            field="state",
            issued=len(issued),
            edition=campaign.edition_id,
        )
    return issued


def _issue(application: Application, designation: Any) -> AssessmentCertificate:
    campaign = application.campaign
    scheme = campaign.scheme
    number = f"GTIS-{scheme.code.upper()}-{timezone.localdate():%Y}-{application.pk:06d}"
    contents = {
        "number": number,
        "scheme": scheme.name.zh,
        "scheme_en": scheme.name.en,
        "version": scheme.version,
        "subject": application.subject,
        "holder": f"{application.applicant.name} {application.applicant.credit_code}".strip(),
        "campaign": campaign.title,
        "tier": campaign.tier,
        "organiser": str(campaign.organiser),
        "score": str(application.panel_score),
        "designated_on": designation.designated_on.isoformat(),
        "valid_until": designation.valid_until.isoformat() if designation.valid_until else "",
    }
    certificate = AssessmentCertificate.objects.create(
        application=application,
        designation=designation,
        number=number,
        code=seal(contents),
        contents=contents,
    )
    audit.record(
        actor=None, action="issue_certificate", obj=application, changes={"number": number}
    )
    return certificate


def close_campaign(*, actor: Any, campaign: Campaign) -> Campaign:
    """Close a decided campaign for the record: nothing more is recommended from it; its
    designations and certificates stay in force."""
    require(actor, "assessment.change_campaign", campaign)
    return apply_transition(actor=actor, record=campaign, name="archive", field="state")  # type: ignore[no-any-return]


def revoke_certificate(
    *, actor: Any, certificate: AssessmentCertificate, reason: str
) -> AssessmentCertificate:
    """Revoke a certificate and its designation, with the public reason."""
    require(actor, "assessment.change_campaign", certificate.application.campaign)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason, which is shown publicly.")})
    if certificate.revoked_at is not None:
        raise ValidationError(_("This certificate is already revoked."), code="revoked")
    with transaction.atomic():
        certificate.revoked_at, certificate.revoke_reason = timezone.now(), reason.strip()
        certificate.save(update_fields=["revoked_at", "revoke_reason"])
        if certificate.designation is not None:
            registry.revoke(actor=actor, designation=certificate.designation, reason=reason)
        audit.record(
            actor=actor,
            action="revoke_certificate",
            obj=certificate.application,
            changes={"number": certificate.number, "reason": reason},
        )
    return certificate


def verify(code: str) -> tuple[AssessmentCertificate | None, str]:
    """The certificate of a verification code and its standing: "valid", "suspended",
    "expired", "revoked", or "invalid" (no such code, or contents that no longer match it)."""
    wanted = (code or "").strip().upper()
    certificate = (
        AssessmentCertificate.objects.select_related("designation").filter(code=wanted).first()
    )
    if certificate is None or not matches(certificate.contents, wanted):
        return None, "invalid"
    return certificate, duties.standing(certificate)
