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
from gtis.accounts.models import Department, Organisation, OrganisationKind, User, Verification
from gtis.assessment import campaigns, decisions, duties, evaluators, schemes, tiers, verification
from gtis.assessment.models import AssessmentCertificate, Campaign, Obligation, SchemeVersion
from gtis.catalog.models import TaxonomyNode
from gtis.core.actors import SYSTEM
from gtis.core.roles import Role
from gtis.market.models import Listing
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
    added += _recommending_chain(versions, office, reviewers)
    out.write(f"assessment demo: {added} campaigns added, {len(reviewers)} reviewers in the pool\n")
    _after_designation(office, out)
    from gtis.assessment import demo_rounds  # it builds on this module's helpers

    demo_rounds.load(out, office)


def _run(spec: dict[str, Any], version: SchemeVersion, office: User, reviewers: list[Any]) -> None:
    today = timezone.localdate()
    campaign = campaigns.create_campaign(
        actor=office,
        version=version,
        title=spec["title"],
        organiser=Department.objects.get(code=spec["department"]),
        tier=spec.get("tier", "national"),
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
        if scheme.verification:
            _state_claim(member, application)
        if stage == ORDER.index("open") and index > 0:
            continue  # a draft, still being written
        _evaluate(member, application)
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
    if scheme.verification:
        for application in applications:
            _verify(office, application)
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


AFTER_DESIGNATION = "2026年绿色产品认证（建材）"


def _after_designation(office: User, out: TextIO) -> None:
    """The decided green-product certificate's surveillance duties: the first accepted, the
    second missed (its grace over, which suspends the designation, on the public record) and
    the third due soon; the clock is moved back so that they have fallen due."""
    certificate = AssessmentCertificate.objects.filter(
        application__campaign__title=AFTER_DESIGNATION, revoked_at__isnull=True
    ).first()
    if certificate is None or certificate.actions.exists():
        return
    obligations = list(certificate.obligations.order_by("due_on", "pk")[:3])
    if len(obligations) < 3:
        return
    today = timezone.localdate()
    for obligation, days in zip(obligations, (-200, -50, 10), strict=True):
        due_on = today + datetime.timedelta(days=days)
        Obligation.objects.filter(pk=obligation.pk).update(
            due_on=due_on, grace_until=due_on + (obligation.grace_until - obligation.due_on)
        )
        obligation.refresh_from_db()
    holder = User.objects.filter(organisation=certificate.application.applicant_id).first()
    if holder is None:
        return
    duties.submit_obligation(
        actor=holder,
        obligation=obligations[0],
        report="已接受认证机构年度监督审核，产品抽样检测结果符合GB/T 33761及相应评价标准。",
        figures={"抽样批次": "3", "不合格项": "0"},
    )
    duties.accept_obligation(actor=office, obligation=obligations[0], comment="监督结论合格。")
    duties.mark_missed(today=today)
    duties.send_reminders(today=today)
    out.write("assessment demo: obligations after designation (1 accepted, 1 missed, 1 due)\n")


# ISO 14034 verification: the claim in two versions behind the applicant's listing, a plan,
# one data set accepted and one not, the report and the Statement of Verification.
VERIFIER = "示例环境技术验证评价中心"
LAB = "示例国家环境分析测试中心"
RECOVERY = {
    "name": "产水回收率",
    "unit": "%",
    "minimum": "70",
    "maximum": "80",
    "operating_conditions": "进水TDS 30–60 g/L，水温25 ℃，处理量20 m³/h",
    "medium": "煤化工高盐废水",
}
PURITY = {
    "name": "氯化钠产品纯度",
    "unit": "%",
    "minimum": "98.5",
    "maximum": "99.6",
    "operating_conditions": "MVR蒸发结晶，进料硫酸根与氯离子质量比不高于0.1",
    "medium": "煤化工高盐废水",
}


def _state_claim(member: User, application: Any) -> None:
    """Two versions of the claim, the second adding the salt's purity, behind the applicant's
    listing of the technology and its water-saving benefit when it has one."""
    listing = (
        Listing.objects.filter(owner=application.applicant_id, benefits__isnull=False)
        .order_by("pk")
        .first()
    )
    benefit = listing.benefits.order_by("pk").first() if listing else None
    verification.save_performance_claim(
        actor=member, application=application, parameters=[RECOVERY], note="初始性能声明"
    )
    verification.save_performance_claim(
        actor=member,
        application=application,
        parameters=[RECOVERY, PURITY],
        listing=listing,
        benefit=benefit,
        note="按验证机构意见补充分盐结晶产品纯度",
    )


def _verify(office: User, application: Any) -> None:
    verifier = _demo_organisation(VERIFIER, OrganisationKind.RESEARCH_INSTITUTE)
    lab = _demo_organisation(LAB, OrganisationKind.RESEARCH_INSTITUTE)
    verification.save_verification_plan(
        actor=office,
        application=application,
        verifier=verifier,
        parameters=[RECOVERY["name"], PURITY["name"]],
        test_methods="产水回收率按进出水流量计累计值计算（HJ 579）；氯化钠纯度按GB/T 5462测定。",
        data_requirements="连续运行不少于90天的现场数据，由通过CNAS认可的实验室取样分析。",
    )
    field = verification.add_data_set(
        actor=office,
        application=application,
        title="2026年现场验证测试报告",
        origin="new",
        lab=lab,
        accreditation="CNAS L0042",
        operating_conditions="进水TDS 45 g/L，水温24–26 ℃，处理量20 m³/h，连续运行92天",
        measurements=[
            (RECOVERY["name"], "74.2"),
            (RECOVERY["name"], "76.8"),
            (RECOVERY["name"], "75.5"),
            (PURITY["name"], "98.9"),
            (PURITY["name"], "99.1"),
        ],
    )
    verification.review_data_set(actor=office, data_set=field, accepted=True)
    pilot = verification.add_data_set(
        actor=office,
        application=application,
        title="2024年小试数据",
        origin="existing",
        lab=lab,
        operating_conditions="实验室小试，进水为配制盐水",
        measurements=[(RECOVERY["name"], "82.0")],
    )
    verification.review_data_set(
        actor=office,
        data_set=pilot,
        accepted=False,
        reason="小试规模且进水为配制盐水，不符合验证计划要求的现场运行条件。",
    )
    verification.write_verification_report(
        actor=office,
        application=application,
        conclusions="现场测试数据确认：在声明的运行条件下，产水回收率与氯化钠产品纯度均在声明范围内。",
    )
    verification.issue_verification_statement(actor=office, application=application)


def _demo_organisation(name: str, kind: str) -> Organisation:
    found = Organisation.objects.filter(name=name).first()
    if found is None:
        found = account_services.create_organisation(
            actor=SYSTEM, name=name, kind=kind, province="11", city="北京市"
        )
    return found


# Tiers: a province campaign decided and recommending to a national one with quotas ----------

PROVINCE_DEPARTMENTS = [
    # code, short name, official name, English name
    (
        "js-miit",
        "江苏省工信厅",
        "江苏省工业和信息化厅",
        "Jiangsu Department of Industry and Information Technology",
    ),
    (
        "zj-miit",
        "浙江省经信厅",
        "浙江省经济和信息化厅",
        "Zhejiang Department of Economy and Information Technology",
    ),
]
NATIONAL_ROUND: dict[str, Any] = {
    "scheme": "green-factory",
    "version": "GB/T 36132-2018",
    "department": "miit",
    "title": "2026年国家级绿色工厂推荐（第二批）",
    "stage": "open",
    "applications": [],
}
PROVINCE_ROUND: dict[str, Any] = {
    "scheme": "green-factory",
    "version": "GB/T 36132-2018",
    "department": "js-miit",
    "tier": "province",
    "title": "2026年江苏省绿色工厂评价与推荐",
    "stage": "decided",
    "applications": [
        ("enterprise", "华清绿能南京生产基地"),
        ("biyuan", "碧源环境常州膜组件工厂"),
    ],
}
QUOTAS = {"js-miit": 2, "zj-miit": 3}
EVALUATOR_CAP = 15  # one province's rule: a third party evaluates at most 15 per batch
AGENCY = ("中环联合绿色制造评价中心有限公司", "Zhonghuan Green Manufacturing Evaluation Centre")


def _recommending_chain(
    versions: dict[tuple[str, str], SchemeVersion], office: User, reviewers: list[Any]
) -> int:
    """The province campaign of green factories, decided, recommending the first of its list
    to the national campaign, which gives the provinces' departments their quotas and caps
    each third-party evaluator; the campaigns added (0 when they are there already)."""
    version = versions.get((PROVINCE_ROUND["scheme"], PROVINCE_ROUND["version"]))
    if version is None or Campaign.objects.filter(title=PROVINCE_ROUND["title"]).exists():
        return 0
    for code, short_name, name, name_en in PROVINCE_DEPARTMENTS:
        account_services.upsert_department(
            actor=SYSTEM, code=code, short_name=short_name, name=name, name_en=name_en
        )
    _run(NATIONAL_ROUND, version, office, reviewers)
    national = Campaign.objects.get(title=NATIONAL_ROUND["title"])
    tiers.configure_tiers(actor=office, campaign=national, feeds=None, evaluator_cap=EVALUATOR_CAP)
    for code, quota in QUOTAS.items():
        unit = Department.objects.get(code=code)
        tiers.set_quota(actor=office, campaign=national, unit=unit, quota=quota)
    _run(PROVINCE_ROUND, version, office, reviewers)
    province = Campaign.objects.get(title=PROVINCE_ROUND["title"])
    tiers.configure_tiers(actor=office, campaign=province, feeds=national, evaluator_cap=None)
    decided = province.applications.filter(proposed=True).order_by("-panel_score", "pk")
    first = decided.select_related("campaign__feeds", "campaign__organiser").first()
    if first is not None:
        tiers.recommend(actor=office, application=first)
    return 2


def _evaluate(member: User, application: Any) -> None:
    """The demo evaluation agency evaluates the application and signs its liability pledge,
    where the scheme asks for a third-party evaluator."""
    if evaluators.needs_evaluator(application.campaign):
        agency, agency_staff = _evaluation_agency()
        evaluators.name_evaluator(actor=member, application=application, evaluator=agency)
        evaluators.sign_liability_pledge(actor=agency_staff, application=application, pledge=True)


def _evaluation_agency() -> tuple[Organisation, User]:
    """The demo's third-party evaluation agency and its `evaluator` account."""
    name, name_en = AGENCY
    agency = Organisation.objects.filter(name=name).first()
    if agency is None:
        agency = account_services.create_organisation(
            actor=SYSTEM,
            name=name,
            name_en=name_en,
            kind=OrganisationKind.INTERMEDIARY,
            province="11",
            city="北京市",
        )
        agency = account_services.set_verification(
            actor=SYSTEM, organisation=agency, status=Verification.VERIFIED
        )
    staff = User.objects.filter(username="evaluator").first()
    if staff is None:
        staff = account_services.create_user(
            actor=SYSTEM,
            password=DEMO_PASSWORD,
            username="evaluator",
            full_name="吴婷",
            email="evaluator@demo.gtis.invalid",
            role=Role.ORGANISATION_MEMBER,
            organisation=agency,
        )
    return agency, staff
