"""The assessment demo: a campaign of each of the nine schemes, at different stages — drafts
still being set up, campaigns open for applications, panels reviewing, a proposed list under
public notice with an objection waiting, and decided campaigns with a certificate in force and
one revoked. The experts of category 1 of the registry's pool get reviewer accounts. Everything
goes through the services; the clock is moved on where a stage needs time to have passed."""

import datetime
import random
from typing import Any, TextIO

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from gtis.accounts import services as account_services
from gtis.accounts.models import Department, User
from gtis.assessment import campaigns, decisions, schemes
from gtis.assessment.models import Campaign, SchemeVersion
from gtis.catalog.models import TaxonomyNode
from gtis.core.actors import SYSTEM
from gtis.core.roles import Role
from gtis.registry.models import Expert

DEMO_PASSWORD = "Gtis-Demo-2026"
REVIEWERS = 5
# scheme, version (None: the newest), department, stage, applications: (applicant account,
# subject); stages: draft, open, reviewing, scored, notice, decided, revoked.
CAMPAIGNS: list[dict[str, Any]] = [
    {
        "scheme": "green-factory",
        "version": "GB/T 36132-2018",
        "department": "miit",
        "title": "2026年国家级绿色工厂推荐（第一批）",
        "stage": "notice",
        "applications": [
            ("enterprise", "华清绿能常州生产基地"),
            ("biyuan", "碧源环境宜兴膜材料工厂"),
        ],
    },
    {
        "scheme": "green-product",
        "department": "samr",
        "title": "2026年绿色产品认证（建材）",
        "stage": "decided",
        "applications": [("yunmo", "抗污染平板陶瓷膜组件 CM-200")],
    },
    {
        "scheme": "eco-design-product",
        "department": "miit",
        "title": "2025年绿色设计产品评价",
        "stage": "revoked",
        "applications": [("biyuan", "高效反渗透膜元件 BY-8040")],
    },
    {
        "scheme": "technology-verification",
        "department": "most",
        "title": "2026年绿色技术评估与效果验证（水处理）",
        "stage": "scored",
        "applications": [("biyuan", "高盐废水膜浓缩分盐结晶技术")],
    },
    {
        "scheme": "patent-fast-track",
        "department": "cnipa",
        "title": "2026年绿色专利优先审查预审",
        "stage": "reviewing",
        "applications": [("enterprise", "一种工业窑炉烟气余热ORC发电系统（发明专利申请）")],
    },
    {
        "scheme": "green-tech-enterprise",
        "department": "most",
        "title": "2026年绿色技术创新企业认定",
        "stage": "open",
        "applications": [
            ("enterprise", "华清绿能科技有限公司"),
            ("yunmo", "示例云膜分离技术有限公司"),
        ],
    },
    {
        "scheme": "competition",
        "department": "most",
        "title": "第三届绿色技术创新创业大赛",
        "stage": "open",
        "applications": [],
    },
    {
        "scheme": "demonstration-zone",
        "department": "ndrc",
        "title": "国家绿色技术创新综合示范区评价（2026）",
        "stage": "draft",
        "applications": [],
    },
    {
        "scheme": "double-top-ten",
        "department": "most",
        "title": "2026年国际绿色技术“双十佳”遴选",
        "stage": "draft",
        "applications": [],
    },
]
ORDER = ["draft", "open", "reviewing", "scored", "notice", "decided", "revoked"]


def load(out: TextIO) -> None:
    versions = {(v.scheme.code, v.label): v for v in SchemeVersion.objects.select_related("scheme")}
    if not versions:
        out.write("assessment demo: skipped, no schemes (run load-reference)\n")
        return
    office = User.objects.filter(username="office").first()
    if office is None:
        out.write("assessment demo: skipped, no office account\n")
        return
    reviewers = _reviewers()
    added = 0
    for spec in CAMPAIGNS:
        if Campaign.objects.filter(title=spec["title"]).exists():
            continue
        version = versions.get((spec["scheme"], spec.get("version", ""))) or max(
            (v for (code, _label), v in versions.items() if code == spec["scheme"]),
            key=lambda v: v.pk,
        )
        _run(spec, version, office, reviewers)
        added += 1
    out.write(f"assessment demo: {added} campaigns added, {len(reviewers)} reviewers in the pool\n")
    from gtis.assessment import demo_rounds  # it builds on this module's helpers

    demo_rounds.load(out, office)


def _run(spec: dict[str, Any], version: SchemeVersion, office: User, reviewers: list[Any]) -> None:
    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        actor=office,
        version=version,
        title=spec["title"],
        organiser=Department.objects.get(code=spec["department"]),
        tier="national",
        opens_on=today - datetime.timedelta(days=20),
        closes_on=today + datetime.timedelta(days=40),
    )
    stage = ORDER.index(spec["stage"])
    if stage < ORDER.index("open"):
        return
    campaigns.open_campaign(actor=office, campaign=campaign)
    scheme = campaign.scheme
    applications = []
    for index, (account, subject) in enumerate(spec["applications"]):
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
        if stage == ORDER.index("open") and index > 0:
            continue  # a draft, still being written
        applications.append(
            campaigns.submit_application(actor=member, application=application, pledge=True)
        )
    if stage < ORDER.index("reviewing"):
        return
    campaigns.close_applications(actor=office, campaign=campaign)
    rng = random.Random(2026)
    for application in applications:
        for assignment in campaigns.assign_panel(actor=office, application=application, rng=rng):
            campaigns.declare_no_conflict(actor=assignment.expert.user, assignment=assignment)
    if stage < ORDER.index("scored"):
        return
    for index, application in enumerate(applications):
        for n, assignment in enumerate(application.panel.all()):
            campaigns.score_application(
                actor=assignment.expert.user,
                assignment=assignment,
                entries=_entries(scheme, strength=0.95 - 0.05 * n - 0.15 * index),
                comments={leaf.code: "材料齐全，符合要求。" for leaf in scheme.leaves()},
            )
    if stage < ORDER.index("notice"):
        return
    decisions.publish_notice(actor=office, campaign=campaign)
    applications[0].refresh_from_db()
    objection = decisions.raise_objection(
        actor=AnonymousUser(),
        application=applications[0],
        name="周先生（周边居民）",
        contact="138****6620",
        reasons="该厂夜间噪声扰民，请核实厂界噪声是否达标。",
        evidence="2026年4月夜间噪声自测记录。",
    )
    if stage < ORDER.index("decided"):
        return
    decisions.answer_objection(
        actor=office,
        objection=objection,
        answer="经现场监测，厂界噪声昼夜均符合GB 12348二类标准，异议不成立。",
        upheld=False,
    )
    Campaign.objects.filter(pk=campaign.pk).update(
        notice_ends_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    campaign.refresh_from_db()
    issued = decisions.decide_campaign(actor=office, campaign=campaign)
    if stage >= ORDER.index("revoked") and issued:
        decisions.revoke_certificate(
            actor=office,
            certificate=issued[0],
            reason="年度动态管理抽查发现产品能效指标不达标，撤销评价结果。",
        )


def _reviewers(minimum: int = REVIEWERS) -> list[Any]:
    """The experts of category 1 (节能环保产业), at least `minimum`, each with an account (the
    demo `expert`, or `reviewer1`… with the demo password), so that every panel drawn there can
    answer and score."""
    category = _category_one()
    if not category:
        return []
    prefix = category[0].path
    pool = list(Expert.objects.filter(fields__path__startswith=prefix).distinct().order_by("pk"))
    if len(pool) < minimum:
        others = Expert.objects.exclude(pk__in=[e.pk for e in pool]).order_by("pk")
        pool += list(others[: minimum - len(pool)])
    taken = User.objects.filter(username__startswith="reviewer").count()
    for expert in pool:
        expert.fields.add(*category)
        if expert.user_id is None:
            taken += 1
            expert.user = account_services.create_user(
                actor=SYSTEM,
                password=DEMO_PASSWORD,
                username=f"reviewer{taken}",
                full_name=expert.name,
                email=f"reviewer{taken}@demo.gtis.invalid",
                role=Role.EXPERT,
            )
            expert.save(update_fields=["user"])
    return pool


def _category_one() -> list[TaxonomyNode]:
    return list(TaxonomyNode.objects.filter(taxonomy__code="gic-2019", code="1"))


def _eligible_facts(scheme: schemes.Scheme) -> dict[str, Any]:
    facts: dict[str, Any] = {}
    for gate in scheme.gates:
        if gate.operator == "true":
            facts[gate.field] = True
        elif gate.operator == "in":
            facts[gate.field] = gate.threshold[0]
        elif gate.operator in ("gt", "gte"):
            facts[gate.field] = float(gate.threshold) * 1.5 + 1
        elif gate.operator in ("lt", "lte"):
            facts[gate.field] = float(gate.threshold) * 0.5
        elif gate.operator == "eq":
            facts[gate.field] = gate.threshold
    return facts


def _entries(scheme: schemes.Scheme, strength: float) -> dict[str, Any]:
    """Entries scoring each indicator at about `strength` of its best."""
    entries: dict[str, Any] = {}
    for leaf in scheme.leaves():
        scoring = leaf.scoring
        assert scoring is not None
        if scoring.kind == "pass_fail":
            entries[leaf.code] = True
        elif scoring.kind == "points_bands":
            entries[leaf.code] = 0 if strength > 0.8 else min(1, len(scoring.bands) - 1)
        elif scoring.kind == "grade":
            entries[leaf.code] = "A" if strength > 0.85 else "B"
        elif scoring.kind == "count_bands":
            entries[leaf.code] = int(scoring.bands[0].min or 0)
        else:
            base, lead = scoring.baseline or 0, scoring.leading or 0
            entries[leaf.code] = str(round(float(base) + (float(lead) - float(base)) * strength, 2))
    return entries
