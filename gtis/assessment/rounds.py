"""Every write of the rounds of review and of the panel's recorded decision: the organiser
closes a round that is not the scheme's last, and the shortlist of the next round (the best by
the round's aggregate among those the round's decision passes, with everyone tied at the line)
goes through while the others are recorded as not advanced, each with the reason in words; in
the last round the organiser confirms the decision the panel's scores give, or overrides it
with written reasons. Each service checks who may act, validates naming the field, runs in one
transaction and is audited."""

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gtis.assessment import selectors
from gtis.assessment.models import (
    Application,
    ApplicationState,
    Campaign,
    CampaignState,
    Outcome,
    PanelResolution,
)
from gtis.assessment.models.resolutions import FINAL_OUTCOMES
from gtis.assessment.schemes import Decision, Scheme
from gtis.core import audit
from gtis.core.actors import as_user
from gtis.core.permissions import require
from gtis.core.transitions import require_state


@dataclass(frozen=True)
class Verdict:
    """What the scores give one application of a round: its outcome, rank and reasons."""

    outcome: str
    rank: int | None
    reasons: str


def close_round(*, actor: Any, campaign: Campaign) -> list[PanelResolution]:
    """Close the round under way: every application in it must be scored; the next round's
    shortlist advances and the others are recorded as not advanced, with the reason."""
    require(actor, "assessment.change_campaign", campaign)
    require_state(campaign, CampaignState.REVIEWING)
    scheme = campaign.scheme
    number = campaign.round_number
    if scheme.is_last_round(number):
        raise ValidationError(
            _(
                "“%(round)s” is the last round: record the panel's decisions and publish the "
                "proposed list."
            )
            % {"round": scheme.round(number).name},
            code="last_round",
        )
    board = selectors.round_board(campaign)
    if not board:
        raise ValidationError(_("No application is in this round."), code="empty")
    unscored = [row.application.subject for row in board if row.result.score is None]
    if unscored:
        raise ValidationError(
            _("Not enough experts have scored: %(subjects)s.") % {"subjects": "、".join(unscored)},
            code="unscored",
        )
    following = scheme.round(number + 1)
    verdicts = shortlist(
        [
            (row.application.pk, row.result.score, row.result.decision)
            for row in board
            if row.result.score is not None
        ],
        size=following.shortlist or len(board),
        scheme=scheme,
        next_round=str(following.name),
    )
    with transaction.atomic():
        locked = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if locked.round_number != number:
            raise ValidationError(_("This round has already been closed."), code="closed")
        resolutions = [
            PanelResolution.objects.create(
                application=row.application,
                round=number,
                outcome=verdicts[row.application.pk].outcome,
                computed=verdicts[row.application.pk].outcome,
                score=row.result.score,
                rank=verdicts[row.application.pk].rank,
                reasons=verdicts[row.application.pk].reasons,
                recorded_by=as_user(actor),
            )
            for row in board
        ]
        campaign.round_number = number + 1
        campaign.save(update_fields=["round_number"])
        audit.record(
            actor=actor,
            action="close_round",
            obj=campaign,
            changes={
                "round": [number, number + 1],
                "advanced": [r.application_id for r in resolutions if r.outcome == "advanced"],
                "not_advanced": [
                    r.application_id for r in resolutions if r.outcome == "not_advanced"
                ],
            },
        )
    return resolutions


def shortlist(
    scored: Sequence[tuple[Any, Decimal, Decision]], *, size: int, scheme: Scheme, next_round: str
) -> dict[Any, Verdict]:
    """Per key of `scored` (key, aggregate, the round's decision): advanced when the decision
    passes it and it ranks within `size`, or ties with the last place that does; otherwise not
    advanced. Ranks count ties as equal (1, 2, 2, 4) among those the decision passes."""
    passing = sorted((row for row in scored if row[2].passed), key=lambda row: -row[1])
    ranks = _ranks([score for _key, score, _decision in passing])
    line = passing[size - 1][1] if len(passing) > size else None
    taken = sum(1 for _key, score, _d in passing if line is None or score >= line)
    verdicts = {}
    for (key, score, _decision), rank in zip(passing, ranks, strict=True):
        values = {
            "rank": rank,
            "count": len(passing),
            "score": score,
            "size": size,
            "round": next_round,
            "line": line,
            "taken": taken,
        }
        if line is None or score > line:
            text = _(
                "Ranked %(rank)d of %(count)d passing with %(score)s; within the shortlist of "
                "%(size)d for “%(round)s”."
            )
        elif score == line and taken > size:
            text = _(
                "Ranked %(rank)d of %(count)d passing with %(score)s, tied at the shortlist "
                "line; everyone tied at the line advances to “%(round)s”, so %(taken)d go "
                "through instead of %(size)d."
            )
        elif score == line:
            text = _(
                "Ranked %(rank)d of %(count)d passing with %(score)s, the last place of the "
                "shortlist of %(size)d for “%(round)s”."
            )
        else:
            text = _(
                "Ranked %(rank)d of %(count)d passing with %(score)s; the shortlist of %(size)d "
                "for “%(round)s” closed at %(line)s."
            )
        advanced = line is None or score >= line
        verdicts[key] = Verdict(
            Outcome.ADVANCED if advanced else Outcome.NOT_ADVANCED, rank, text % values
        )
    for key, score, decision in scored:
        if not decision.passed:
            verdicts[key] = Verdict(
                Outcome.NOT_ADVANCED,
                None,
                _("Does not pass the round with %(score)s: %(reasons)s.")
                % {"score": score, "reasons": explain(scheme, decision)},
            )
    return verdicts


def _ranks(scores: Sequence[Decimal]) -> list[int]:
    """Competition ranks of scores sorted best first: equal scores share the better rank."""
    ranks: list[int] = []
    for index, score in enumerate(scores):
        ranks.append(ranks[-1] if index and score == scores[index - 1] else index + 1)
    return ranks


def explain(scheme: Scheme, decision: Decision) -> str:
    """The scheme's decision in words: each veto found, mandatory item unmet, or the pass
    mark missed."""
    veto = {item.code: item for item in scheme.veto}
    mandatory = {item.code: item for item in scheme.mandatory}
    words = []
    for reason in decision.reasons:
        kind, _sep, code = reason.partition(":")
        if kind == "veto" and code in veto:
            words.append(_("veto %(code)s, %(text)s") % {"code": code, "text": veto[code].text})
        elif kind == "mandatory" and code in mandatory:
            words.append(
                _("mandatory item %(code)s not met, %(text)s")
                % {"code": code, "text": mandatory[code].text}
            )
        elif kind == "pass_mark":
            words.append(_("below the pass mark of %(mark)s") % {"mark": scheme.pass_mark})
        else:
            words.append(reason)
    return "; ".join(words)


def computed_reasons(scheme: Scheme, result: selectors.PanelResult) -> str:
    """The reasons for the outcome the panel's scores give, in words."""
    if result.decision.passed:
        return _("The panel's score of %(score)s passes the scheme's decision.") % {
            "score": result.score
        }
    return _("The panel's score of %(score)s fails the scheme's decision: %(reasons)s.") % {
        "score": result.score,
        "reasons": explain(scheme, result.decision),
    }


def record_resolution(
    *, actor: Any, application: Application, outcome: str, reasons: str = ""
) -> PanelResolution:
    """The organiser records the panel's decision on an application in the last round: the
    outcome the scores give (confirmed; without reasons of their own, the scheme's decision in
    words), or the other one only with written reasons, audited as an override."""
    # Read afresh: the round may have closed since the page was opened.
    campaign = Campaign.objects.select_related("version").get(pk=application.campaign_id)
    application.campaign = campaign
    require(actor, "assessment.change_campaign", campaign)
    require_state(campaign, CampaignState.REVIEWING)
    require_state(application, ApplicationState.SUBMITTED)
    scheme = campaign.scheme
    number = campaign.round_number
    if not scheme.is_last_round(number):
        raise ValidationError(
            {
                "outcome": _(
                    "The panel decides in the last round, “%(last)s”: close “%(round)s” first."
                )
                % {"last": scheme.rounds[-1].name, "round": scheme.round(number).name}
            }
        )
    if not selectors.in_round(application, number):
        raise ValidationError(
            {
                "outcome": _("This application did not advance to “%(round)s”.")
                % {"round": scheme.round(number).name}
            }
        )
    if outcome not in FINAL_OUTCOMES:
        raise ValidationError({"outcome": _("Choose passed or failed.")})
    result = selectors.panel_result(application)
    if result.score is None:
        raise ValidationError(
            {"outcome": _("Not enough experts have scored this application yet.")},
            code="unscored",
        )
    computed = Outcome.PASSED if result.decision.passed else Outcome.FAILED
    if outcome != computed and not reasons.strip():
        raise ValidationError(
            {
                "reasons": _(
                    "The panel's scores give “%(computed)s”: write the reasons for deciding "
                    "otherwise."
                )
                % {"computed": Outcome(computed).label}
            }
        )
    with transaction.atomic():
        resolution = _record(
            application,
            round_number=number,
            outcome=outcome,
            computed=computed,
            score=result.score,
            reasons=reasons.strip() or computed_reasons(scheme, result),
            actor=actor,
        )
        audit.record(
            actor=actor,
            action="override_resolution" if resolution.overridden else "confirm_resolution",
            obj=application,
            changes={
                "round": number,
                "outcome": outcome,
                "computed": computed,
                "reasons": resolution.reasons,
            },
        )
    return resolution


def record_computed_resolutions(
    *, actor: Any, campaign: Campaign, finalists: Sequence[Application]
) -> dict[int, PanelResolution]:
    """Within a service that checked the actor (the notice's): the last round's resolution of
    every finalist, recording the outcome the scores give, with the scheme's reasons, for
    those the organiser has not recorded; ranks are set by the final scores."""
    number = campaign.round_number
    scheme = campaign.scheme
    recorded = {
        r.application_id: r
        for r in PanelResolution.objects.filter(
            application__in=[a.pk for a in finalists], round=number
        )
    }
    resolutions = {}
    for application in finalists:
        result = selectors.panel_result(application, number)
        resolution = recorded.get(application.pk)
        if resolution is None:
            computed = Outcome.PASSED if result.decision.passed else Outcome.FAILED
            resolution = _record(
                application,
                round_number=number,
                outcome=computed,
                computed=computed,
                score=result.score,
                reasons=computed_reasons(scheme, result),
                actor=actor,
            )
            audit.record(
                actor=actor,
                action="confirm_resolution",
                obj=application,
                changes={"round": number, "outcome": computed, "at": "notice"},
            )
        resolutions[application.pk] = resolution
    ordered = sorted(resolutions.values(), key=lambda r: -(r.score or Decimal(0)))
    scores = [r.score or Decimal(0) for r in ordered]
    for resolution, rank in zip(ordered, _ranks(scores), strict=True):
        if resolution.rank != rank:
            resolution.rank = rank
            resolution.save(update_fields=["rank"])
    return resolutions


def _record(
    application: Application,
    *,
    round_number: int,
    outcome: str,
    computed: str,
    score: Decimal | None,
    reasons: str,
    actor: Any,
) -> PanelResolution:
    resolution, _created = PanelResolution.objects.update_or_create(
        application=application,
        round=round_number,
        defaults={
            "outcome": outcome,
            "computed": computed,
            "score": score,
            "reasons": reasons,
            "recorded_by": as_user(actor),
        },
    )
    return resolution


def in_last_round(application: Application) -> bool:
    """Whether the panel's decision on the application is due: its campaign is under review in
    the scheme's last round, and the application reached that round."""
    campaign = application.campaign
    return (
        campaign.state == CampaignState.REVIEWING
        and campaign.scheme.is_last_round(campaign.round_number)
        and selectors.in_round(application, campaign.round_number)
    )
