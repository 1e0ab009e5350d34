"""After designation (动态管理): the scheme's duties become dated obligations of the holder, who
submits each before it is due and staff accept or return; a missed duty (after its grace), an
active credit record against the holder or a re-review (复核) suspends or removes the
designation, and a public record keeps each action; holders are reminded before a designation
expires and before an obligation is due, and ask for renewal, which staff grant after the
re-review by extending the validity.

Each service checks who may act, validates naming the field, runs in one transaction and is
audited; `run_duties` is the daily sweep (`gtis run-duties`), safe to run again."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.accounts.models import User
from gtis.assessment.models import (
    ActionCause,
    ActionKind,
    AssessmentCertificate,
    DesignationAction,
    Obligation,
    ObligationState,
    Reminder,
    RenewalRequest,
    RenewalState,
)
from gtis.assessment.models.duties import OPEN_STATES
from gtis.assessment.schemes import Duty
from gtis.core import audit
from gtis.core.actors import SYSTEM, as_user
from gtis.core.permissions import require
from gtis.core.services import attach_file, notify
from gtis.core.transitions import apply_transition, require_state
from gtis.registry import services as registry
from gtis.registry.models import CreditKind, CreditRecord, Designation, DesignationStatus
from gtis.registry.selectors import years_after

# Green factory veto V1 (serious accident, incl. environmental) and V3 (seriously dishonest),
# the market's serious IP infringement: any active record of these kinds suspends the holder.
SUSPENDING_CREDIT_KINDS = tuple(CreditKind.values)
EXPIRY_REMINDER_DAYS = (90, 30)
DUE_REMINDER_DAYS = 14
OPEN_ENDED_PERIODS = 3  # obligations scheduled ahead when a designation does not expire
RENEWAL_WINDOW_DAYS = 180  # a renewal may be asked for this long before the validity ends
RE_REVIEW_OUTCOMES = ("suspend", "reinstate", "remove")


# Scheduling ------------------------------------------------------------------------------------


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    for date in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, date)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


def due_dates(
    duty: Duty, *, start: datetime.date, until: datetime.date | None
) -> list[datetime.date]:
    """The days `duty` falls due after `start`: through `until`, or the next few periods when
    the designation does not expire."""
    if duty.due:
        month, day = (int(part) for part in duty.due.split("-"))
        anchor = datetime.date(start.year - 1, month, day)
        candidates = (months_after(anchor, k * duty.every_months) for k in range(1, 10_000))
        upcoming = (date for date in candidates if date > start)
    else:
        upcoming = (
            months_after(start, k * duty.every_months) + datetime.timedelta(days=duty.due_days or 0)
            for k in range(1, 10_000)
        )
    dates: list[datetime.date] = []
    for date in upcoming:
        if (until is not None and date > until) or (
            until is None and len(dates) == OPEN_ENDED_PERIODS
        ):
            break
        dates.append(date)
    return dates


def schedule_obligations(
    *, actor: Any, certificate: AssessmentCertificate, since: datetime.date | None = None
) -> list[Obligation]:
    """The scheme's duties as the holder's dated obligations over the designation's validity
    (from `since`, after a renewal); those already scheduled are kept."""
    designation = certificate.designation
    if designation is None or designation.designated_on is None:
        return []
    application = certificate.application
    duties = application.campaign.scheme.duties
    created = []
    with transaction.atomic():
        for duty in duties:
            start = since or designation.designated_on
            for due_on in due_dates(duty, start=start, until=designation.valid_until):
                obligation, new = Obligation.objects.get_or_create(
                    certificate=certificate,
                    duty=duty.code,
                    due_on=due_on,
                    defaults={
                        "designation": designation,
                        "holder_id": application.applicant_id,
                        "name": duty.name.zh,
                        "name_en": duty.name.en,
                        "grace_until": due_on + datetime.timedelta(days=duty.grace_days),
                        "on_missed": duty.on_missed,
                    },
                )
                if new:
                    created.append(obligation)
        if created:
            audit.record(
                actor=actor,
                action="schedule_obligations",
                obj=application,
                changes={"certificate": certificate.number, "obligations": len(created)},
            )
    return created


# The holder submits; staff accept or return ------------------------------------------------------


def submit_obligation(
    *,
    actor: Any,
    obligation: Obligation,
    report: str,
    figures: Mapping[str, Any] | None = None,
    file: Any = None,
) -> Obligation:
    """The holder's form for one obligation: the report, its figures (each a number) and a file;
    also after a miss, which the acceptance then clears."""
    require(actor, "assessment.submit_obligation", obligation)
    require_state(obligation, *OPEN_STATES)
    errors: dict[str, str] = {}
    if not (report or "").strip():
        errors["report"] = _("Write the report: what was done in the period.")
    numbers, wrong = _numbers(figures or {})
    if wrong:
        errors["figures"] = _("Give each figure as a number: %(names)s.") % {
            "names": ", ".join(wrong)
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        obligation.report, obligation.figures = report.strip(), numbers
        obligation.submitted_by, obligation.submitted_at = as_user(actor), timezone.now()
        apply_transition(actor=actor, record=obligation, name="submit", field="state")
        if file is not None:
            attach_file(
                actor=actor,
                obj=obligation,
                upload=file,
                description=obligation.name,
                permission="assessment.submit_obligation",
            )
    return obligation


def _numbers(figures: Mapping[str, Any]) -> tuple[dict[str, str], list[str]]:
    numbers, wrong = {}, []
    for name, value in figures.items():
        try:
            number = Decimal(str(value).strip())
        except (InvalidOperation, ValueError):
            wrong.append(str(name))
            continue
        if not number.is_finite():
            wrong.append(str(name))
            continue
        numbers[str(name).strip()] = str(number)
    return numbers, wrong


def accept_obligation(*, actor: Any, obligation: Obligation, comment: str = "") -> Obligation:
    """Staff accept what the holder submitted; a suspension it caused is lifted when nothing
    else keeps the designation suspended."""
    require(actor, "assessment.review_obligation", obligation)
    with transaction.atomic():
        _review(actor, obligation, "accept", comment)
        if obligation.missed_on is not None:
            _reinstate_if_clear(
                actor,
                obligation.certificate,
                cause=ActionCause.DUTY_ACCEPTED,
                reason=_("%(duty)s due %(day)s accepted.")
                % {"duty": obligation.name, "day": obligation.due_on.isoformat()},
                obligation=obligation,
            )
    return obligation


def return_obligation(*, actor: Any, obligation: Obligation, comment: str) -> Obligation:
    """Staff send a submission back with what to correct; the due day and grace stay."""
    require(actor, "assessment.review_obligation", obligation)
    if not (comment or "").strip():
        raise ValidationError({"comment": _("Say what the holder must correct.")})
    with transaction.atomic():
        _review(actor, obligation, "return_for_correction", comment)
    return obligation


def _review(actor: Any, obligation: Obligation, transition: str, comment: str) -> None:
    obligation.comment = (comment or "").strip()
    obligation.reviewed_by, obligation.reviewed_at = as_user(actor), timezone.now()
    apply_transition(actor=actor, record=obligation, name=transition, field="state")


# Suspension, reinstatement, removal ---------------------------------------------------------


def suspension_causes(
    certificate: AssessmentCertificate, *, on: datetime.date, re_review: bool = True
) -> list[str]:
    """What keeps the certificate's designation suspended on `on`: missed duties not yet
    accepted, active credit records of the holder, and (`re_review`) a re-review suspension
    not lifted."""
    causes = [
        _("%(duty)s due %(day)s missed") % {"duty": o.name, "day": o.due_on.isoformat()}
        for o in certificate.obligations.filter(missed_on__isnull=False, on_missed="suspend")
        .exclude(state__in=(ObligationState.ACCEPTED, ObligationState.CANCELLED))
        .order_by("due_on", "pk")
    ]
    causes += [
        _("credit record %(number)s") % {"number": record.document_number}
        for record in _suspending_records(on).filter(
            organisation=certificate.application.applicant_id
        )
    ]
    last_review = certificate.actions.filter(cause=ActionCause.RE_REVIEW).order_by("-pk").first()
    if re_review and last_review is not None and last_review.action == ActionKind.SUSPEND:
        causes.append(_("re-review of %(day)s") % {"day": last_review.taken_on.isoformat()})
    return causes


def _suspending_records(on: datetime.date) -> QuerySet[CreditRecord]:
    return CreditRecord.objects.active(on).filter(kind__in=SUSPENDING_CREDIT_KINDS)


def _suspend(
    actor: Any,
    certificate: AssessmentCertificate,
    *,
    cause: str,
    reason: str,
    obligation: Obligation | None = None,
    credit_record: CreditRecord | None = None,
) -> DesignationAction | None:
    """Suspend the certificate's designation when it is active, leaving the public record."""
    designation = _locked_designation(certificate)
    if designation is None or designation.status != DesignationStatus.ACTIVE:
        return None
    registry.suspend(actor=actor, designation=designation, reason=reason)
    return _record(
        actor,
        certificate,
        ActionKind.SUSPEND,
        cause,
        reason,
        obligation=obligation,
        credit_record=credit_record,
    )


def _reinstate_if_clear(
    actor: Any,
    certificate: AssessmentCertificate,
    *,
    cause: str,
    reason: str,
    obligation: Obligation | None = None,
    credit_record: CreditRecord | None = None,
) -> DesignationAction | None:
    """Reinstate a suspended designation once nothing keeps it suspended."""
    designation = _locked_designation(certificate)
    if designation is None or designation.status != DesignationStatus.SUSPENDED:
        return None
    if certificate.revoked_at is not None or suspension_causes(
        certificate, on=timezone.localdate()
    ):
        return None
    registry.reinstate(actor=actor, designation=designation, reason=reason)
    return _record(
        actor,
        certificate,
        ActionKind.REINSTATE,
        cause,
        reason,
        obligation=obligation,
        credit_record=credit_record,
    )


def _locked_designation(certificate: AssessmentCertificate) -> Designation | None:
    """The certificate's designation as it stands, locked until the transaction ends (the
    sweep and staff may act on it at once)."""
    if certificate.designation_id is None:
        return None
    designation = Designation.objects.select_for_update().get(pk=certificate.designation_id)
    certificate.designation = designation
    return designation


def _remove(
    actor: Any,
    certificate: AssessmentCertificate,
    *,
    cause: str,
    reason: str,
    obligation: Obligation | None = None,
) -> DesignationAction:
    """Revoke the certificate and its designation; nothing more is due."""
    # decisions schedules obligations through this module, so it is imported here.
    from gtis.assessment import decisions

    decisions.revoke_certificate(actor=actor, certificate=certificate, reason=reason)
    _cancel_open(actor, certificate.obligations.all())
    return _record(actor, certificate, ActionKind.REMOVE, cause, reason, obligation=obligation)


def _record(
    actor: Any,
    certificate: AssessmentCertificate,
    action: str,
    cause: str,
    reason: str,
    *,
    obligation: Obligation | None = None,
    credit_record: CreditRecord | None = None,
) -> DesignationAction:
    assert certificate.designation is not None
    entry = DesignationAction.objects.create(
        certificate=certificate,
        designation=certificate.designation,
        action=action,
        cause=cause,
        reason=reason.strip(),
        obligation=obligation,
        credit_record=credit_record,
        taken_on=timezone.localdate(),
        taken_by=as_user(actor),
    )
    audit.record(
        actor=actor,
        action=f"designation_{action}",
        obj=certificate.application,
        changes={"certificate": certificate.number, "cause": cause, "reason": entry.reason},
    )
    _notify_holder(
        certificate,
        kind=f"assessment.designation_{action}",
        title=_("%(subject)s: %(action)s")
        % {
            "subject": certificate.application.subject,
            "action": entry.get_action_display(),
        },
        body=entry.reason,
    )
    return entry


def _cancel_open(actor: Any, obligations: QuerySet[Obligation]) -> int:
    cancelled = 0
    for obligation in obligations.filter(state__in=OPEN_STATES).order_by("pk"):
        apply_transition(actor=actor, record=obligation, name="cancel", field="state")
        cancelled += 1
    return cancelled


def re_review(
    *, actor: Any, certificate: AssessmentCertificate, outcome: str, reason: str
) -> DesignationAction:
    """Staff's re-review (复核) of a designation: suspend it, lift a suspension (when nothing
    else keeps it), or remove it, revoking the certificate; the reason is public."""
    require(actor, "assessment.re_review", certificate)
    errors: dict[str, str] = {}
    if outcome not in RE_REVIEW_OUTCOMES:
        errors["outcome"] = _("Choose to suspend, reinstate or remove.")
    if not (reason or "").strip():
        errors["reason"] = _("Give the reason, which is shown publicly.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        designation = _locked_designation(certificate)
        if certificate.revoked_at is not None or designation is None:
            raise ValidationError({"outcome": _("This certificate is already revoked.")})
        if outcome == "remove":
            return _remove(actor, certificate, cause=ActionCause.RE_REVIEW, reason=reason)
        if outcome == "suspend":
            entry = _suspend(actor, certificate, cause=ActionCause.RE_REVIEW, reason=reason)
            if entry is None:
                raise ValidationError(
                    {
                        "outcome": _(
                            "Only an active designation can be suspended (this one is %(status)s)."
                        )
                        % {"status": designation.get_status_display()}
                    }
                )
            return entry
        return _lift(actor, certificate, designation, reason)


def _lift(
    actor: Any, certificate: AssessmentCertificate, designation: Designation, reason: str
) -> DesignationAction:
    if designation.status != DesignationStatus.SUSPENDED:
        raise ValidationError({"outcome": _("The designation is not suspended.")})
    others = suspension_causes(certificate, on=timezone.localdate(), re_review=False)
    if others:
        raise ValidationError(
            {"outcome": _("It stays suspended for: %(causes)s.") % {"causes": "; ".join(others)}}
        )
    registry.reinstate(actor=actor, designation=designation, reason=reason)
    return _record(actor, certificate, ActionKind.REINSTATE, ActionCause.RE_REVIEW, reason)


# The daily sweep -------------------------------------------------------------------------------


@dataclass(frozen=True)
class DutyRun:
    """What one sweep did."""

    missed: int
    suspended: int
    reinstated: int
    removed: int
    cancelled: int
    reminders: int

    def __str__(self) -> str:
        return (
            f"{self.missed} obligations missed, {self.suspended} designations suspended, "
            f"{self.reinstated} reinstated, {self.removed} removed, {self.cancelled} obligations "
            f"cancelled, {self.reminders} reminders sent"
        )


def run_duties(*, today: datetime.date | None = None) -> DutyRun:
    """The daily sweep: obligations of removed designations cancelled, overdue ones missed
    (applying each duty's `on_missed`), credit records applied, reminders sent."""
    day = today or timezone.localdate()
    cancelled = cancel_ended()
    missed, suspended, removed = mark_missed(today=day)
    by_credit, reinstated = apply_credit_records(today=day)
    reminders = send_reminders(today=day)
    return DutyRun(
        missed=missed,
        suspended=suspended + by_credit,
        reinstated=reinstated,
        removed=removed,
        cancelled=cancelled,
        reminders=reminders,
    )


def cancel_ended() -> int:
    """Open obligations of revoked certificates or designations: nothing more is due."""
    ended = Obligation.objects.filter(
        Q(certificate__revoked_at__isnull=False) | Q(designation__status=DesignationStatus.REVOKED)
    )
    with transaction.atomic():
        return _cancel_open(SYSTEM, ended)


def mark_missed(*, today: datetime.date) -> tuple[int, int, int]:
    """Obligations whose grace ended before `today` with nothing accepted: missed, and the
    duty's `on_missed` applied. The numbers missed, suspended and removed."""
    missed = suspended = removed = 0
    overdue = Obligation.objects.overdue(today).select_related(
        "certificate__application__campaign", "certificate__designation"
    )
    for obligation in overdue.order_by("pk"):
        with transaction.atomic():
            first_miss = obligation.missed_on is None
            obligation.missed_on = obligation.missed_on or today
            apply_transition(actor=SYSTEM, record=obligation, name="miss", field="state")
            missed += 1
            if not first_miss:
                continue
            reason = _("%(duty)s due %(day)s was not fulfilled within %(grace)d days.") % {
                "duty": obligation.name,
                "day": obligation.due_on.isoformat(),
                "grace": (obligation.grace_until - obligation.due_on).days,
            }
            certificate = obligation.certificate
            if obligation.on_missed == "suspend":
                suspended += bool(
                    _suspend(
                        SYSTEM,
                        certificate,
                        cause=ActionCause.MISSED_DUTY,
                        reason=reason,
                        obligation=obligation,
                    )
                )
            elif obligation.on_missed == "remove" and certificate.revoked_at is None:
                _remove(
                    SYSTEM,
                    certificate,
                    cause=ActionCause.MISSED_DUTY,
                    reason=reason,
                    obligation=obligation,
                )
                removed += 1
    return missed, suspended, removed


def apply_credit_records(*, today: datetime.date) -> tuple[int, int]:
    """Suspend the designations of holders with an active credit record of a suspending kind;
    reinstate those it suspended once no record (nor anything else) keeps them suspended."""
    suspended = reinstated = 0
    records = {
        record.organisation_id: record for record in _suspending_records(today).order_by("pk")
    }
    in_force = _certificates().filter(designation__status=DesignationStatus.ACTIVE)
    for certificate in in_force.filter(application__applicant__in=list(records)):
        record = records[certificate.application.applicant_id]
        reason = _("Credit record %(authority)s %(number)s: %(summary)s") % {
            "authority": record.authority,
            "number": record.document_number,
            "summary": record.summary,
        }
        with transaction.atomic():
            suspended += bool(
                _suspend(
                    SYSTEM,
                    certificate,
                    cause=ActionCause.CREDIT_RECORD,
                    reason=reason,
                    credit_record=record,
                )
            )
    held = _certificates().filter(
        designation__status=DesignationStatus.SUSPENDED,
        actions__cause=ActionCause.CREDIT_RECORD,
    )
    for certificate in held.exclude(application__applicant__in=list(records)).distinct():
        with transaction.atomic():
            reinstated += bool(
                _reinstate_if_clear(
                    SYSTEM,
                    certificate,
                    cause=ActionCause.CREDIT_CLEARED,
                    reason=_("The credit record was repaired or has expired."),
                )
            )
    return suspended, reinstated


def send_reminders(*, today: datetime.date) -> int:
    """Remind holders 90 and 30 days before a designation expires and two weeks before an
    obligation is due; each reminder once."""
    return _expiry_reminders(today) + _due_reminders(today)


def _expiry_reminders(today: datetime.date) -> int:
    sent = 0
    horizon = today + datetime.timedelta(days=max(EXPIRY_REMINDER_DAYS))
    expiring = _certificates().filter(
        designation__status__in=(DesignationStatus.ACTIVE, DesignationStatus.SUSPENDED),
        designation__valid_until__gte=today,
        designation__valid_until__lte=horizon,
    )
    for certificate in expiring:
        assert certificate.designation is not None and certificate.designation.valid_until
        left = (certificate.designation.valid_until - today).days
        key = f"expiry:{min(days for days in EXPIRY_REMINDER_DAYS if left <= days)}"
        with transaction.atomic():
            _reminder, new = Reminder.objects.get_or_create(certificate=certificate, key=key)
            if new:
                _notify_holder(
                    certificate,
                    kind="assessment.expiry",
                    title=_("%(subject)s expires on %(day)s: ask for renewal")
                    % {
                        "subject": certificate.application.subject,
                        "day": certificate.designation.valid_until.isoformat(),
                    },
                    url=certificate.get_absolute_url(),
                )
                sent += 1
    return sent


def _due_reminders(today: datetime.date) -> int:
    sent = 0
    soon = Obligation.objects.filter(
        state__in=(ObligationState.DUE, ObligationState.RETURNED),
        due_on__gte=today,
        due_on__lte=today + datetime.timedelta(days=DUE_REMINDER_DAYS),
        certificate__revoked_at__isnull=True,
    ).select_related("certificate__application")
    for obligation in soon.order_by("pk"):
        with transaction.atomic():
            _reminder, new = Reminder.objects.get_or_create(
                certificate=obligation.certificate, key=f"due:{obligation.pk}"
            )
            if new:
                _notify_holder(
                    obligation.certificate,
                    kind="assessment.obligation_due",
                    title=_("%(duty)s is due on %(day)s")
                    % {"duty": obligation.name, "day": obligation.due_on.isoformat()},
                    url=obligation.get_absolute_url(),
                )
                sent += 1
    return sent


def _certificates() -> QuerySet[AssessmentCertificate]:
    return AssessmentCertificate.objects.filter(
        revoked_at__isnull=True, designation__isnull=False
    ).select_related("application", "designation")


def _notify_holder(
    certificate: AssessmentCertificate, *, kind: str, title: str, body: str = "", url: str = ""
) -> None:
    members = User.objects.filter(
        organisation=certificate.application.applicant_id, is_active=True
    ).order_by("pk")
    for member in members:
        notify(
            recipient=member,
            kind=kind,
            title=title,
            body=body,
            url=url or certificate.get_absolute_url(),
        )


# Renewal ----------------------------------------------------------------------------------------


def request_renewal(
    *, actor: Any, certificate: AssessmentCertificate, statement: str
) -> RenewalRequest:
    """The holder asks to renew a designation in its last months, saying how it still
    conforms; staff grant it after the re-review."""
    require(actor, "assessment.request_renewal", certificate)
    if not (statement or "").strip():
        raise ValidationError(
            {"statement": _("Say how the subject still meets the scheme (the re-review reads it).")}
        )
    designation = (
        Designation.objects.get(pk=certificate.designation_id)
        if certificate.designation_id
        else None
    )
    today = timezone.localdate()
    if certificate.revoked_at is not None or designation is None:
        raise ValidationError({"statement": _("This certificate is already revoked.")})
    if designation.status == DesignationStatus.SUSPENDED:
        raise ValidationError(
            {"statement": _("A suspended designation cannot be renewed until it is reinstated.")}
        )
    if designation.valid_until is None:
        raise ValidationError({"statement": _("This designation does not expire.")})
    opens = designation.valid_until - datetime.timedelta(days=RENEWAL_WINDOW_DAYS)
    if not opens <= today <= designation.valid_until:
        raise ValidationError(
            {
                "statement": _("Renewal may be asked for from %(opens)s to %(ends)s.")
                % {"opens": opens.isoformat(), "ends": designation.valid_until.isoformat()}
            }
        )
    if certificate.renewals.filter(state=RenewalState.REQUESTED).exists():
        raise ValidationError({"statement": _("A renewal request is already waiting.")})
    with transaction.atomic():
        renewal = RenewalRequest.objects.create(
            certificate=certificate,
            holder_id=certificate.application.applicant_id,
            statement=statement.strip(),
            requested_by=as_user(actor),
        )
        audit.record(
            actor=actor,
            action="request_renewal",
            obj=certificate.application,
            changes={"certificate": certificate.number, "renewal": renewal.pk},
        )
    return renewal


def decide_renewal(
    *, actor: Any, renewal: RenewalRequest, grant: bool, decision: str
) -> RenewalRequest:
    """Staff's re-review of a renewal request: granted, the validity runs on from its old end
    by the programme's years and the duties are scheduled for it; or refused, with the reason."""
    certificate = renewal.certificate
    require(actor, "assessment.re_review", certificate)
    if not (decision or "").strip():
        raise ValidationError({"decision": _("Give the re-review's conclusion.")})
    if renewal.state != RenewalState.REQUESTED:
        raise ValidationError(
            {
                "decision": _("This request was already %(state)s.")
                % {"state": renewal.get_state_display()}
            }
        )
    with transaction.atomic():
        designation = _locked_designation(certificate)
        renewal.state = RenewalState.GRANTED if grant else RenewalState.REFUSED
        renewal.decision, renewal.decided_by = decision.strip(), as_user(actor)
        renewal.decided_at = timezone.now()
        renewal.save(update_fields=["state", "decision", "decided_by", "decided_at"])
        audit.record(
            actor=actor,
            action="decide_renewal",
            obj=certificate.application,
            changes={"renewal": renewal.pk, "state": renewal.state},
        )
        if grant and designation is not None:
            _renew(actor, certificate, designation, decision.strip())
    return renewal


def _renew(
    actor: Any, certificate: AssessmentCertificate, designation: Designation, decision: str
) -> None:
    years = designation.programme.validity_years
    if designation.valid_until is None or not years:
        raise ValidationError({"decision": _("This designation does not expire.")})
    old_end = designation.valid_until
    today = timezone.localdate()
    registry.renew(
        actor=actor,
        designation=designation,
        renewed_on=today,
        valid_until=years_after(max(old_end, today), years),
        source_document=decision[:300],
    )
    schedule_obligations(actor=actor, certificate=certificate, since=old_end)
    assert designation.valid_until is not None
    _record(
        actor,
        certificate,
        ActionKind.RENEW,
        ActionCause.RENEWAL,
        _("Renewed until %(day)s: %(decision)s")
        % {"day": designation.valid_until.isoformat(), "decision": decision},
    )


def standing(certificate: AssessmentCertificate, *, on: datetime.date | None = None) -> str:
    """A certificate's public standing: "revoked", "suspended", "expired" or "valid"."""
    designation = certificate.designation
    if certificate.revoked_at is not None:
        return "revoked"
    if designation is None:
        return "valid"
    if designation.status == DesignationStatus.REVOKED:
        return "revoked"
    if designation.status == DesignationStatus.SUSPENDED:
        return "suspended"
    day = on or timezone.localdate()
    if designation.valid_until is not None and designation.valid_until < day:
        return "expired"
    return "valid"
