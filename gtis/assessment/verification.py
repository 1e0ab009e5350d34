"""Every write of ISO 14034 environmental technology verification, on an application of a
scheme with `verification: true`: the applicant states the performance claim (a new version
for every change, 5.3.1); staff appoint a verification body, which writes the plan (5.3.2),
takes test data sets — existing or newly generated — and accepts or rejects each (5.4.2,
5.4.3), never through the staff of the lab that produced them; the report checks each claimed
parameter against the accepted data (5.4.4, 5.5.1); a report that confirms the claim is
condensed into the public Statement of Verification (5.5.2), sealed by a code, which marks the
linked market benefit verified.

Each service checks who may act, validates naming the field, runs in one transaction and is
audited."""

import datetime
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.accounts.models import Organisation
from gtis.assessment import verification_selectors as selectors
from gtis.assessment.models import (
    Application,
    ApplicationState,
    ClaimedParameter,
    DataOrigin,
    DataSetStatus,
    Measurement,
    PerformanceClaim,
    VerificationDataSet,
    VerificationPlan,
    VerificationReport,
    VerificationStatement,
)
from gtis.core import audit
from gtis.core.actions import Action, available
from gtis.core.actors import SYSTEM, as_user
from gtis.core.permissions import require
from gtis.core.seals import matches, seal
from gtis.core.transitions import require_state
from gtis.market import services as market
from gtis.market.models import Benefit, Listing

PARAMETER_FIELDS = ("name", "unit", "minimum", "maximum", "operating_conditions", "medium")


# The performance claim ------------------------------------------------------------------------


def save_performance_claim(
    *,
    actor: Any,
    application: Application,
    parameters: Sequence[Mapping[str, Any]],
    listing: Listing | None = None,
    benefit: Benefit | None = None,
    note: str = "",
) -> PerformanceClaim:
    """A new version of the application's performance claim, while it is a draft or returned:
    one or more parameters, each with its unit, minimum and maximum, operating conditions and
    medium; optionally the applicant's market listing and the benefit the claim stands behind.
    The earlier versions are kept."""
    require(actor, "assessment.edit_claim", application)
    _require_verification_scheme(application)
    require_state(application, ApplicationState.DRAFT, ApplicationState.RETURNED)
    rows = _checked_parameters(parameters)
    listing = _checked_listing(application, listing, benefit)
    with transaction.atomic():
        latest = (
            PerformanceClaim.objects.select_for_update()
            .filter(application=application)
            .order_by("-version")
            .first()
        )
        if latest is not None and _same_claim(latest, rows, listing, benefit):
            raise ValidationError(
                {"parameters": _("This is the claim's current version: change it first.")}
            )
        claim = PerformanceClaim.objects.create(
            application=application,
            version=(latest.version + 1) if latest else 1,
            listing=listing,
            benefit=benefit,
            note=note.strip()[:300],
            created_by=as_user(actor),
        )
        ClaimedParameter.objects.bulk_create(
            ClaimedParameter(claim=claim, position=n, **row) for n, row in enumerate(rows, 1)
        )
        audit.record(
            actor=actor,
            action="save_claim",
            obj=application,
            changes={"version": claim.version, "parameters": [row["name"] for row in rows]},
        )
    return claim


def _checked_parameters(parameters: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The parameters as the claim keeps them; a ValidationError naming the first bad row."""
    if not parameters:
        raise ValidationError({"parameters": _("State at least one performance parameter.")})
    rows, names = [], set()
    for number, given in enumerate(parameters, 1):
        row = {key: given.get(key) for key in PARAMETER_FIELDS}
        problem = _parameter_problem(row)
        if problem is None and str(row["name"]).strip() in names:
            problem = _("the parameter is stated twice.")
        if problem is not None:
            raise ValidationError(
                {
                    "parameters": _("Parameter %(number)d: %(problem)s")
                    % {"number": number, "problem": problem}
                }
            )
        names.add(str(row["name"]).strip())
        rows.append(
            {
                "name": str(row["name"]).strip(),
                "unit": str(row["unit"]).strip(),
                "minimum": _decimal(row["minimum"]),
                "maximum": _decimal(row["maximum"]),
                "operating_conditions": str(row["operating_conditions"]).strip(),
                "medium": str(row["medium"] or "").strip(),
            }
        )
    return rows


def _parameter_problem(row: Mapping[str, Any]) -> str | None:
    if not str(row["name"] or "").strip():
        return _("name the parameter.")
    if not str(row["unit"] or "").strip():
        return _("give its unit.")
    minimum, maximum = _decimal(row["minimum"]), _decimal(row["maximum"])
    if minimum is None:
        return _("give the minimum performance as a number.")
    if maximum is None:
        return _("give the maximum performance as a number.")
    if maximum < minimum:
        return _("the maximum is below the minimum.")
    if not str(row["operating_conditions"] or "").strip():
        return _("state the operating conditions under which it holds.")
    return None


def _decimal(value: Any) -> Decimal | None:
    """`value` as a decimal of at most four places, or None when it is not a number."""
    if value is None or value == "":
        return None
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or abs(number) >= Decimal(10) ** 12:
        return None
    return number.quantize(Decimal("0.0001"))


def _checked_listing(
    application: Application, listing: Listing | None, benefit: Benefit | None
) -> Listing | None:
    """The listing the claim stands behind: the applicant's own, and the benefit one of its."""
    if benefit is not None and listing is None:
        listing = benefit.listing
    if listing is not None and listing.owner_id != application.applicant_id:
        raise ValidationError({"listing": _("Choose a listing your organisation owns.")})
    if benefit is not None and listing is not None and benefit.listing_id != listing.pk:
        raise ValidationError({"benefit": _("Choose a benefit of the chosen listing.")})
    return listing


def _same_claim(
    claim: PerformanceClaim,
    rows: list[dict[str, Any]],
    listing: Listing | None,
    benefit: Benefit | None,
) -> bool:
    current = [
        {key: getattr(parameter, key) for key in PARAMETER_FIELDS}
        for parameter in claim.parameters.all()
    ]
    return (
        current == rows
        and claim.listing_id == (listing.pk if listing else None)
        and claim.benefit_id == (benefit.pk if benefit else None)
    )


# The plan -------------------------------------------------------------------------------------


def save_verification_plan(
    *,
    actor: Any,
    application: Application,
    parameters: Iterable[str],
    test_methods: str,
    data_requirements: str,
    verifier: Organisation | None = None,
) -> VerificationPlan:
    """The verification plan of a submitted application: staff appoint the verification body
    (independent of the applicant), which keeps the plan: the parameters of the current claim
    version it verifies, the test methods and the test data needed."""
    plan = selectors.plan_of(application)
    if plan is None or (verifier is not None and verifier.pk != plan.verifier_id):
        require(actor, "assessment.appoint_verifier", application)
    else:
        require(actor, "assessment.plan_verification", application)
    _require_verifiable(application)
    claim = selectors.current_claim(application)
    chosen = [name.strip() for name in parameters if name and name.strip()]
    errors: dict[str, str] = {}
    verifier = verifier or (plan.verifier if plan else None)
    if verifier is None:
        errors["verifier"] = _("Appoint the verification body.")
    elif verifier.pk == application.applicant_id:
        errors["verifier"] = _("The verification body must be independent of the applicant.")
    if claim is None:
        errors["parameters"] = _("The applicant has stated no performance claim yet.")
    elif not chosen:
        errors["parameters"] = _("Choose the claimed parameters to verify.")
    else:
        unknown = set(chosen) - {p.name for p in claim.parameters.all()}
        if unknown:
            errors["parameters"] = _("The claim states no parameter %(names)s.") % {
                "names": "、".join(sorted(unknown))
            }
    if not (test_methods or "").strip():
        errors["test_methods"] = _("Give the test methods (sampling, measurement, calculation).")
    if not (data_requirements or "").strip():
        errors["data_requirements"] = _("Say which test data are needed and of what quality.")
    if errors:
        raise ValidationError(errors)
    assert claim is not None and verifier is not None
    with transaction.atomic():
        plan, created = VerificationPlan.objects.update_or_create(
            application=application,
            defaults={
                "verifier": verifier,
                "claim": claim,
                "parameters": list(dict.fromkeys(chosen)),
                "test_methods": test_methods.strip(),
                "data_requirements": data_requirements.strip(),
                "written_by": as_user(actor),
            },
        )
        audit.record(
            actor=actor,
            action="plan_verification",
            obj=application,
            changes={
                "verifier": verifier.pk,
                "claim_version": claim.version,
                "parameters": plan.parameters,
                "created": created,
            },
        )
    return plan


# Test data ------------------------------------------------------------------------------------


def add_data_set(
    *,
    actor: Any,
    application: Application,
    title: str,
    origin: str,
    lab: Organisation | None,
    operating_conditions: str,
    measurements: Sequence[tuple[str, Any]],
    accreditation: str = "",
    tested_on: datetime.date | None = None,
    file: Any = None,
) -> VerificationDataSet:
    """A test data set for the plan: existing or newly generated, the lab and its accreditation,
    the operating conditions during the tests, the values measured for planned parameters and,
    optionally, the test report file (type and size checked). It awaits the verifier's
    review."""
    require(actor, "assessment.add_verification_data", application)
    _require_verifiable(application)
    plan = selectors.plan_of(application)
    if plan is None:
        raise ValidationError(
            _("The verification body has not written the verification plan yet."), code="plan"
        )
    errors: dict[str, str] = {}
    if not (title or "").strip():
        errors["title"] = _("Give the data set a title, such as the test report's.")
    if origin not in DataOrigin.values:
        errors["origin"] = _("Say whether the data exist already or were newly generated.")
    if lab is None:
        errors["lab"] = _("Name the test body or laboratory that produced the data.")
    if not (operating_conditions or "").strip():
        errors["operating_conditions"] = _("State the operating conditions during the tests.")
    values, problem = _checked_measurements(plan, measurements)
    if problem:
        errors["measurements"] = problem
    if errors:
        raise ValidationError(errors)
    assert lab is not None
    with transaction.atomic():
        data_set = VerificationDataSet.objects.create(
            plan=plan,
            title=title.strip(),
            origin=origin,
            lab=lab,
            accreditation=(accreditation or "").strip(),
            operating_conditions=operating_conditions.strip(),
            tested_on=tested_on,
            added_by=as_user(actor),
        )
        Measurement.objects.bulk_create(
            Measurement(data_set=data_set, parameter=name, value=value) for name, value in values
        )
        if file is not None:
            from gtis.core.services import attach_file

            attach_file(
                actor=actor,
                obj=data_set,
                upload=file,
                description=data_set.title,
                permission="assessment.attach_verification_data",
            )
        audit.record(
            actor=actor,
            action="add_data_set",
            obj=application,
            changes={"data_set": data_set.pk, "lab": lab.pk, "measurements": len(values)},
        )
    return data_set


def _checked_measurements(
    plan: VerificationPlan, measurements: Sequence[tuple[str, Any]]
) -> tuple[list[tuple[str, Decimal]], str]:
    """The measured values, each for a planned parameter; or the problem with them."""
    values = []
    for number, (name, raw) in enumerate(measurements, 1):
        name = (name or "").strip()
        if name not in plan.parameters:
            return [], _("Value %(number)d: the plan verifies no parameter “%(name)s”.") % {
                "number": number,
                "name": name,
            }
        value = _decimal(raw)
        if value is None:
            return [], _("Value %(number)d: give the measured %(name)s as a number.") % {
                "number": number,
                "name": name,
            }
        values.append((name, value))
    if not values:
        return [], _("Give at least one measured value of a planned parameter.")
    return values, ""


def review_data_set(
    *, actor: Any, data_set: VerificationDataSet, accepted: bool, reason: str = ""
) -> VerificationDataSet:
    """The verification body accepts a data set against the plan, or does not, with the reason;
    never the staff of the lab that produced it."""
    require(actor, "assessment.review_verification_data", data_set)
    application = data_set.plan.application
    _require_verifiable(application)
    if data_set.status != DataSetStatus.PENDING:
        raise ValidationError(
            _("This data set has already been reviewed: %(status)s.")
            % {"status": data_set.get_status_display()},
            code="reviewed",
        )
    if not accepted and not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the data are not accepted.")})
    with transaction.atomic():
        data_set.status = DataSetStatus.ACCEPTED if accepted else DataSetStatus.REJECTED
        data_set.review_reason = (reason or "").strip()
        data_set.reviewed_by, data_set.reviewed_at = as_user(actor), timezone.now()
        data_set.save(update_fields=["status", "review_reason", "reviewed_by", "reviewed_at"])
        audit.record(
            actor=actor,
            action="review_data_set",
            obj=application,
            changes={"data_set": data_set.pk, "status": data_set.status},
        )
    return data_set


# The report and the statement -----------------------------------------------------------------


def write_verification_report(
    *, actor: Any, application: Application, conclusions: str
) -> VerificationReport:
    """The verification report: each planned parameter checked against the accepted data, and
    the verifier's conclusions; written again as data come in, until the statement is issued."""
    require(actor, "assessment.report_verification", application)
    _require_verifiable(application)
    plan = _current_plan(application)
    if not (conclusions or "").strip():
        raise ValidationError({"conclusions": _("Write the verifier's conclusions.")})
    results = selectors.parameter_results(plan)
    with transaction.atomic():
        report, _created = VerificationReport.objects.update_or_create(
            plan=plan,
            defaults={
                "claim": plan.claim,
                "results": results,
                "confirmed": selectors.confirms(results),
                "conclusions": conclusions.strip(),
                "written_by": as_user(actor),
            },
        )
        audit.record(
            actor=actor,
            action="report_verification",
            obj=application,
            changes={
                "confirmed": report.confirmed,
                "outcomes": {row["parameter"]: row["outcome"] for row in results},
            },
        )
    return report


def issue_verification_statement(*, actor: Any, application: Application) -> VerificationStatement:
    """Issue the Statement of Verification of a report that confirms the claim, sealed by a
    code; the benefit of the market listing the claim stands behind is marked verified."""
    require(actor, "assessment.report_verification", application)
    _require_verifiable(application)
    plan = _current_plan(application)
    report = VerificationReport.objects.filter(plan=plan).first()
    if report is None:
        raise ValidationError(_("Write the verification report first."), code="report")
    if not report.confirmed:
        raise ValidationError(
            _("The report does not confirm the claim; no statement can be issued."),
            code="not_confirmed",
        )
    if selectors.parameter_results(plan) != report.results or report.claim_id != plan.claim_id:
        raise ValidationError(
            _("The test data changed since the report was written; write it again."),
            code="stale",
        )
    with transaction.atomic():
        number = f"GTIS-ETV-{timezone.localdate():%Y}-{application.pk:06d}"
        contents = _statement_contents(number, plan, report)
        statement = VerificationStatement.objects.create(
            application=application,
            report=report,
            number=number,
            code=seal(contents),
            contents=contents,
            issued_by=as_user(actor),
        )
        audit.record(
            actor=actor,
            action="issue_verification_statement",
            obj=application,
            changes={"number": number},
        )
        benefit = plan.claim.benefit
        if benefit is not None:
            # Only an assessment marks a benefit verified: the platform does, on its statement.
            market.mark_benefit_verified(actor=SYSTEM, benefit=benefit, reference=number)
    return statement


def _statement_contents(
    number: str, plan: VerificationPlan, report: VerificationReport
) -> dict[str, Any]:
    application = plan.application
    scheme = application.campaign.scheme
    issued_on = timezone.localdate()
    valid_until = ""
    if scheme.validity_years:
        from gtis.registry.selectors import years_after

        valid_until = years_after(issued_on, scheme.validity_years).isoformat()
    accepted = selectors.data_sets(plan).filter(status=DataSetStatus.ACCEPTED)
    claim = plan.claim
    return {
        "number": number,
        "scheme": scheme.name.zh,
        "scheme_en": scheme.name.en,
        "version": scheme.version,
        "subject": application.subject,
        "holder": f"{application.applicant.name} {application.applicant.credit_code}".strip(),
        "listing": claim.listing.title if claim.listing else "",
        "claim_version": claim.version,
        "parameters": report.results,
        "data_sets": [
            {
                "title": data_set.title,
                "origin": data_set.origin,
                "lab": data_set.lab.name,
                "accreditation": data_set.accreditation,
                "values": len(data_set.measurements.all()),
            }
            for data_set in accepted
        ],
        "verifier": plan.verifier.name,
        "conclusions": report.conclusions,
        "issued_on": issued_on.isoformat(),
        "valid_until": valid_until,
    }


def verify_statement(code: str) -> tuple[VerificationStatement | None, str]:
    """The statement of a verification code and its standing: "valid", "expired", or "invalid"
    (no such code, or contents that no longer match it)."""
    wanted = (code or "").strip().upper()
    statement = VerificationStatement.objects.filter(code=wanted).first()
    if statement is None or not matches(statement.contents, wanted):
        return None, "invalid"
    valid_until = statement.contents.get("valid_until")
    if valid_until and timezone.localdate().isoformat() > valid_until:
        return statement, "expired"
    return statement, "valid"


# Guards ---------------------------------------------------------------------------------------


def _require_verification_scheme(application: Application) -> None:
    if not application.campaign.scheme.verification:
        raise ValidationError(
            _("This scheme does not verify performance claims."), code="not_verification"
        )


def _require_verifiable(application: Application) -> None:
    """Verification runs on a submitted application of a verification scheme, until its
    statement is issued."""
    _require_verification_scheme(application)
    require_state(application, ApplicationState.SUBMITTED)
    if VerificationStatement.objects.filter(application=application).exists():
        raise ValidationError(
            _("The Statement of Verification has been issued; the verification is closed."),
            code="issued",
        )


def _current_plan(application: Application) -> VerificationPlan:
    """The plan, which must verify the claim's current version."""
    plan = selectors.plan_of(application)
    if plan is None:
        raise ValidationError(_("Write the verification plan first."), code="plan")
    claim = selectors.current_claim(application)
    if claim is None or claim.pk != plan.claim_id:
        raise ValidationError(
            _("The claim has a newer version than the plan verifies; update the plan."),
            code="claim_changed",
        )
    return plan


# The verifier's actions on an application, as its page and the API offer them.
ACTIONS = {
    "report": Action(
        write_verification_report, "assessment.report_verification", (ApplicationState.SUBMITTED,)
    ),
    "issue": Action(
        issue_verification_statement,
        "assessment.report_verification",
        (ApplicationState.SUBMITTED,),
    ),
}


def available_actions(user: Any, application: Application) -> list[str]:
    """The verifier's actions `user` may take on the application now."""
    if not application.campaign.scheme.verification:
        return []
    if VerificationStatement.objects.filter(application=application).exists():
        return []
    if not VerificationPlan.objects.filter(application=application).exists():
        return []
    return available(ACTIONS, user, application)
