"""Reads of the assessment engine that pages and the API share."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from gtis.assessment.models import (
    Application,
    Campaign,
    CampaignState,
    Outcome,
    PanelResolution,
    Scheme,
    SchemeVersion,
)


def scheme_list() -> QuerySet[Scheme]:
    """Every scheme with its versions, oldest first: two queries."""
    versions = SchemeVersion.objects.order_by("created_at", "pk")
    return Scheme.objects.prefetch_related(Prefetch("versions", queryset=versions))


@dataclass(frozen=True)
class PanelResult:
    """The panel's scores for one application: each expert's total (and whether it stands far
    from the others), the aggregate by the scheme's rule once enough are in, and the decision
    the scheme would give."""

    totals: list[tuple[Any, Decimal, bool]]
    score: Decimal | None
    decision: Any


def panel_result(application: Application, round_number: int | None = None) -> PanelResult:
    """The panel's result in one round of review (by default the campaign's round under way),
    from the sheets of that round's experts only."""
    scheme = application.campaign.scheme
    number = round_number or application.campaign.round_number
    sheets = [
        assignment.sheet
        for assignment in application.panel.all()
        if assignment.round == number and hasattr(assignment, "sheet")
    ]
    totals = [sheet.total for sheet in sheets]
    flagged = set(scheme.outliers(totals)) if len(totals) > 1 else set()
    enough = len(totals) >= (3 if scheme.aggregation == "trimmed_mean" else 1)
    score = scheme.aggregate(totals) if enough else None
    decision = scheme.decide(totals=totals, mandatory=application.mandatory) if enough else None
    return PanelResult(
        totals=[(s.assignment.expert, s.total, i in flagged) for i, s in enumerate(sheets)],
        score=score,
        decision=decision,
    )


def campaign_ranking(campaign: Campaign) -> list[tuple[Application, PanelResult, str]]:
    """The submitted applications with their panel results, best first, each with its grade
    within the campaign when the scheme grades."""
    applications = list(
        campaign.applications.filter(state="submitted")
        .select_related("applicant")
        .prefetch_related("panel__expert", "panel__sheet", "resolutions")
    )
    for application in applications:
        application.campaign = campaign  # one parsed scheme for all
    number = campaign.round_number
    results = [(a, panel_result(a)) for a in applications if in_round(a, number)]
    scored = {a.pk: r.score for a, r in results if r.score is not None}
    grades = campaign.scheme.grades(scored) if campaign.scheme.grading and scored else {}
    ranked = sorted(results, key=lambda row: (row[1].score is None, -(row[1].score or 0)))
    return [(a, r, grades.get(a.pk, "")) for a, r in ranked]


def proposed_list(campaign: Campaign) -> QuerySet[Application]:
    """The public notice's proposed list, best first, each with its applicant and certificate;
    empty until the notice is published."""
    if campaign.state not in (CampaignState.NOTICE, CampaignState.DECIDED, CampaignState.CLOSED):
        return Application.objects.none()
    return (
        campaign.applications.filter(proposed=True)
        .select_related("applicant", "certificate")
        .order_by("-panel_score", "pk")
    )


def in_round(application: Application, round_number: int) -> bool:
    """Whether the application is reviewed in round `round_number`: every submitted one is in
    the first; a later one takes those advanced from the round before."""
    if round_number <= 1:
        return True
    return any(
        resolution.round == round_number - 1 and resolution.outcome == Outcome.ADVANCED
        for resolution in application.resolutions.all()
    )


@dataclass(frozen=True)
class RoundRow:
    """An application of a round: its panel result in the round and the panel's recorded
    resolution there, if any."""

    application: Application
    result: PanelResult
    resolution: PanelResolution | None


def round_board(campaign: Campaign, round_number: int | None = None) -> list[RoundRow]:
    """The applications of a round (by default the one under way) with their results and
    resolutions, best first, the unscored last: five queries however many there are."""
    number = round_number or campaign.round_number
    applications = (
        campaign.applications.filter(state="submitted")
        .select_related("applicant")
        .prefetch_related("panel__expert", "panel__sheet", "resolutions")
        .order_by("pk")
    )
    rows = []
    for application in applications:
        application.campaign = campaign  # one parsed scheme and round for all
        if in_round(application, number):
            resolution = next((r for r in application.resolutions.all() if r.round == number), None)
            rows.append(RoundRow(application, panel_result(application, number), resolution))
    return sorted(rows, key=lambda row: (row.result.score is None, -(row.result.score or 0)))


def resolutions_of(application: Application) -> list[PanelResolution]:
    """The panel's recorded resolutions on an application, round by round."""
    return list(application.resolutions.select_related("recorded_by").order_by("round"))
