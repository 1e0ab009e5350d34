"""The assessment demo's rounds and catalogue: a competition judged in two rounds, whose
written review has closed (two teams advanced, one did not pass) and whose pitch and defence is
under way; and a decided selection for the green technology promotion catalogue, which
published the catalogue's new edition, an entry per certified technology. Everything goes
through the services; loading again adds nothing."""

import datetime
import random
from typing import Any, TextIO

from django.utils import timezone

from gtis.accounts.models import Department, User
from gtis.assessment import campaigns, decisions, rounds, schemes
from gtis.assessment.demo import (
    _category_one,
    _eligible_facts,
    _entries,
    _evaluate,
    _reviewers,
)
from gtis.assessment.models import Application, Campaign, SchemeVersion

COMPETITION = "第二届绿色技术创新创业大赛"
PROMOTION = "2026年国家绿色技术推广目录遴选"
# Competition teams: (account, subject, how strong the written review finds them).
TEAMS = [
    ("enterprise", "零碳园区源网荷储协同管控平台（华清绿能团队）", 0.95),
    ("yunmo", "工业废水智能加药与膜污染预警系统（云膜团队）", 0.7),
    ("biyuan", "小型化光伏海水淡化装置（碧源团队）", 0.0),
]
TECHNOLOGIES = [
    ("biyuan", "高盐废水膜浓缩分盐结晶技术"),
    ("enterprise", "工业窑炉烟气余热ORC发电技术"),
]
# Enough reviewers for a seven-judge panel from outside each team's province.
JUDGES = 14


def load(out: TextIO, office: User) -> None:
    versions = {v.scheme.code: v for v in SchemeVersion.objects.select_related("scheme")}
    if "competition" not in versions or "technology-verification" not in versions:
        return
    added = 0
    if not Campaign.objects.filter(title=COMPETITION).exists():
        _competition(versions["competition"], office)
        added += 1
    if not Campaign.objects.filter(title=PROMOTION).exists():
        _promotion(versions["technology-verification"], office)
        added += 1
    out.write(f"assessment demo: {added} campaigns with rounds or a catalogue added\n")


def _campaign(version: SchemeVersion, office: User, title: str, **options: Any) -> Campaign:
    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        actor=office,
        version=version,
        title=title,
        organiser=Department.objects.get(code=options.pop("department")),
        tier="national",
        opens_on=today - datetime.timedelta(days=20),
        closes_on=today + datetime.timedelta(days=40),
        **options,
    )
    return campaigns.open_campaign(actor=office, campaign=campaign)


def _apply(campaign: Campaign, account: str, subject: str) -> Application:
    scheme = campaign.scheme
    member = User.objects.get(username=account)
    application = campaigns.save_application(
        actor=member,
        campaign=campaign,
        subject=subject,
        fields=_category_one(),
        facts=_eligible_facts(scheme),
        mandatory={item.code: True for item in scheme.mandatory},
        evidence={
            leaf.code: f"附件{n + 1}：{leaf.name.zh}证明材料.pdf"
            for n, leaf in enumerate(scheme.leaves())
        },
    )
    _evaluate(member, application)
    return campaigns.submit_application(actor=member, application=application, pledge=True)


def _panel(office: User, application: Application, rng: random.Random) -> None:
    for assignment in campaigns.assign_panel(actor=office, application=application, rng=rng):
        campaigns.declare_no_conflict(actor=assignment.expert.user, assignment=assignment)


def _score(application: Application, strength: float, comment: str) -> None:
    """Every expert of the round under way scores the application at about `strength`."""
    campaign = Campaign.objects.get(pk=application.campaign_id)
    scheme = campaign.scheme
    for n, assignment in enumerate(application.panel.filter(round=campaign.round_number)):
        entries = _entries(scheme, strength=strength - 0.02 * n) if strength else _weakest(scheme)
        campaigns.score_application(
            actor=assignment.expert.user,
            assignment=assignment,
            entries=entries,
            comments={leaf.code: comment for leaf in scheme.leaves()},
        )


def _weakest(scheme: schemes.Scheme) -> dict[str, Any]:
    """Entries scoring each indicator at its lowest."""
    entries: dict[str, Any] = {}
    for leaf in scheme.leaves():
        scoring = leaf.scoring
        assert scoring is not None
        entries[leaf.code] = {
            "pass_fail": False,
            "points_bands": len(scoring.bands) - 1,
            "grade": "E",
            "count_bands": 0,
            "interpolate": str(scoring.baseline),
        }[scoring.kind]
    return entries


def _competition(version: SchemeVersion, office: User) -> None:
    """Written review closed, two teams through to the pitch and defence; one team's judges
    have scored it there."""
    _reviewers(minimum=JUDGES)
    campaign = _campaign(version, office, COMPETITION, department="most")
    applications = [(_apply(campaign, account, subject), s) for account, subject, s in TEAMS]
    campaigns.close_applications(actor=office, campaign=campaign)
    rng = random.Random(2025)
    for application, strength in applications:
        _panel(office, application, rng)
        _score(application, strength, "商业计划书完整，技术路线清晰。")
    rounds.close_round(actor=office, campaign=campaign)
    campaign.refresh_from_db()
    finalists = [a for a, strength in applications if strength]
    for application in finalists:
        _panel(office, application, rng)
    _score(finalists[0], 0.9, "路演陈述清晰，答辩回答到位。")


def _promotion(version: SchemeVersion, office: User) -> None:
    """Reviewed, noticed and decided: the certified technologies are the promotion
    catalogue's new edition."""
    _reviewers(minimum=JUDGES)
    campaign = _campaign(
        version, office, PROMOTION, department="ndrc", publishes_catalogue="promotion"
    )
    applications = [_apply(campaign, account, subject) for account, subject in TECHNOLOGIES]
    campaigns.close_applications(actor=office, campaign=campaign)
    rng = random.Random(2026)
    for application in applications:
        _panel(office, application, rng)
        _score(application, 0.98, "检测数据与性能声明一致，推广价值显著。")
    decisions.publish_notice(actor=office, campaign=campaign)
    Campaign.objects.filter(pk=campaign.pk).update(
        notice_ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    campaign.refresh_from_db()
    decisions.decide_campaign(actor=office, campaign=campaign)
