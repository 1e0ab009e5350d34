"""Reads of the assessment engine that pages and the API share."""

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch, QuerySet

from gtis.assessment.models import Application, Campaign, CampaignState, Scheme, SchemeVersion


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


def panel_result(application: Application) -> PanelResult:
    scheme = application.campaign.scheme
    sheets = [
        assignment.sheet for assignment in application.panel.all() if hasattr(assignment, "sheet")
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
    applications = (
        campaign.applications.filter(state="submitted")
        .select_related("applicant", "campaign__version")
        .prefetch_related("panel__expert", "panel__sheet")
    )
    results = [(a, panel_result(a)) for a in applications]
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
