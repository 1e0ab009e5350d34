"""Reads of ISO 14034 verification that pages, the API, the permissions and the panel draw
share: an application's claim versions, the labs of its test data, and the check of each
claimed parameter against the accepted data."""

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from gtis.accounts.models import Organisation
from gtis.assessment.models import (
    Application,
    ClaimedParameter,
    DataSetStatus,
    Measurement,
    PerformanceClaim,
    VerificationDataSet,
    VerificationPlan,
)
from gtis.assessment.models.verification import plain

CONFIRMED, NOT_CONFIRMED, NO_DATA = "confirmed", "not_confirmed", "no_data"


def claim_versions(application: Application) -> QuerySet[PerformanceClaim]:
    """The application's claim versions, newest first, each with its parameters: two queries."""
    return (
        PerformanceClaim.objects.filter(application=application)
        .select_related("listing", "benefit", "created_by")
        .prefetch_related(Prefetch("parameters", queryset=ClaimedParameter.objects.all()))
        .order_by("-version")
    )


def current_claim(application: Application) -> PerformanceClaim | None:
    """The newest version of the application's claim, if it has one."""
    return claim_versions(application).first()


def plan_of(application: Application) -> VerificationPlan | None:
    return (
        VerificationPlan.objects.select_related("verifier", "claim")
        .filter(application=application)
        .first()
    )


def data_sets(plan: VerificationPlan) -> QuerySet[VerificationDataSet]:
    """The plan's data sets, oldest first, with their labs and measurements: two queries."""
    return (
        VerificationDataSet.objects.filter(plan=plan)
        .select_related("lab", "reviewed_by")
        .prefetch_related("measurements")
        .order_by("added_at", "pk")
    )


def lab_ids(application: Any, accepted_only: bool = False) -> set[int]:
    """The organisations whose labs produced test data for the application."""
    if application is None or application.pk is None:
        return set()
    rows = VerificationDataSet.objects.filter(plan__application=application)
    if accepted_only:
        rows = rows.filter(status=DataSetStatus.ACCEPTED)
    return set(rows.values_list("lab", flat=True))


def verification_labs(application: Application) -> list[Organisation]:
    """The labs of the application's test data, conflicted for its panel as its applicant is."""
    return list(Organisation.objects.filter(pk__in=lab_ids(application)).order_by("pk"))


def parameter_results(plan: VerificationPlan) -> list[dict[str, Any]]:
    """For each planned parameter of the plan's claim version: the claimed range, what the
    accepted data measured, and whether they confirm it — every value within the claimed
    minimum and maximum (confirmed), any outside (not confirmed), or no accepted value."""
    measured: dict[str, list[Decimal]] = {}
    sources: dict[str, list[str]] = {}
    accepted = Measurement.objects.filter(
        data_set__plan=plan, data_set__status=DataSetStatus.ACCEPTED
    ).select_related("data_set")
    for measurement in accepted.order_by("data_set__added_at", "data_set", "pk"):
        measured.setdefault(measurement.parameter, []).append(measurement.value)
        titles = sources.setdefault(measurement.parameter, [])
        if measurement.data_set.title not in titles:
            titles.append(measurement.data_set.title)
    planned = [p for p in plan.claim.parameters.all() if p.name in plan.parameters]
    return [
        _result(parameter, measured.get(parameter.name, []), sources.get(parameter.name, []))
        for parameter in planned
    ]


def _result(
    parameter: ClaimedParameter, values: list[Decimal], titles: list[str]
) -> dict[str, Any]:
    outside = [value for value in values if not parameter.holds_for(value)]
    outcome = NOT_CONFIRMED if outside else CONFIRMED
    if not values:
        outcome = NO_DATA
    return {
        "parameter": parameter.name,
        "unit": parameter.unit,
        "minimum": _text(parameter.minimum),
        "maximum": _text(parameter.maximum),
        "operating_conditions": parameter.operating_conditions,
        "medium": parameter.medium,
        "count": len(values),
        "lowest": _text(min(values)) if values else "",
        "highest": _text(max(values)) if values else "",
        "mean": _text(sum(values, Decimal(0)) / len(values)) if values else "",
        "outside": len(outside),
        "data_sets": titles,
        "outcome": outcome,
    }


def confirms(results: list[dict[str, Any]]) -> bool:
    """Whether every planned parameter is confirmed by the accepted data."""
    return bool(results) and all(row["outcome"] == CONFIRMED for row in results)


def _text(value: Decimal) -> str:
    """A decimal as stable text: four places at most, no trailing zeros."""
    return plain(value.quantize(Decimal("0.0001")))
