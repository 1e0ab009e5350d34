"""Schemes as data: a version is read from YAML and checked (weights that do not add up, an
unknown scoring kind… are refused naming the line); each scoring function; the panel's
aggregate (the trimmed mean drops exactly one highest and one lowest score); veto and
mandatory items fail an application whatever its score; gates; grades within a population."""

from decimal import Decimal

import pytest

from gtis.assessment import schemes

SCHEME = """\
code: test-scheme
version: "2026"
name: {zh: 测试评价, en: Test evaluation}
deliverables: [21]
subject: organisation
source: {zh: 测试, en: test}
defaults: {zh: 全部为平台默认值, en: all platform defaults}
experts: 5
aggregation: trimmed_mean
outlier_points: 15
pass_mark: 60
grading:
  - {grade: A+, share: 5}
  - {grade: A, share: 35}
  - {grade: B, share: 60}
notice_days: 7
validity_years: 3
conflicts: {lookback_years: 3, same_region: true}
pledges: [applicant, evaluator]
veto:
  - code: V1
    text: {zh: 近三年发生重大安全事故, en: A major accident in the last three years}
    source: 暂行办法 第七条
gates:
  - code: G1
    text: {zh: 注册满一年, en: Registered for a year}
    field: years_registered
    operator: gte
    threshold: 1
    unit: year
    period: at_application
    source: 第十一条（一）
mandatory:
  - code: M1
    text: {zh: 依法设立, en: Lawfully established}
    evidence: {zh: 营业执照, en: Business licence}
indicators:
  - code: I1
    name: {zh: 基础设施, en: Infrastructure}
    weight: 40
    children:
      - code: I1.1
        name: {zh: 计量, en: Metering}
        weight: 50
        evidence: {zh: 计量器具清单, en: List of meters}
        scoring: {kind: pass_fail}
      - code: I1.2
        name: {zh: 建筑, en: Buildings}
        weight: 50
        evidence: {zh: 说明, en: Description}
        scoring:
          kind: points_bands
          bands:
            - {label: {zh: 优, en: Excellent}, points: 100}
            - {label: {zh: 一般, en: Fair}, points: 50}
  - code: I2
    name: {zh: 专利, en: Patents}
    weight: 20
    evidence: {zh: 专利证书, en: Patent certificates}
    scoring:
      kind: count_bands
      bands:
        - {min: 5, points: 100}
        - {min: 1, points: 40}
        - {min: 0, points: 0}
  - code: I3
    name: {zh: 管理, en: Management}
    weight: 20
    evidence: {zh: 制度文件, en: Rules}
    scoring: {kind: grade, points: {A: 100, B: 80, C: 60, D: 40, E: 0}}
  - code: I4
    name: {zh: 单位产品能耗, en: Energy per unit of product}
    weight: 20
    evidence: {zh: 能源审计报告, en: Energy audit}
    scoring: {kind: interpolate, baseline: 120, leading: 80, higher_is_better: false}
"""


@pytest.fixture
def scheme():
    return schemes.parse(SCHEME, "test.yaml")


def line_of(text, fragment, after=""):
    """The line number of the first `fragment` after `after` in `text`."""
    start = text.index(after) if after else 0
    return text[: text.index(fragment, start)].count("\n") + 1


def refused(text):
    with pytest.raises(schemes.SchemeError) as error:
        schemes.parse(text, "test.yaml")
    return str(error.value)


def test_a_scheme_is_read_with_its_tree_and_rules(scheme):
    assert (scheme.code, scheme.version, scheme.experts, scheme.pass_mark) == (
        "test-scheme",
        "2026",
        5,
        Decimal(60),
    )
    assert [leaf.code for leaf in scheme.leaves()] == ["I1.1", "I1.2", "I2", "I3", "I4"]
    assert scheme.grading == (("A+", Decimal(5)), ("A", Decimal(35)), ("B", Decimal(60)))
    assert (scheme.lookback_years, scheme.same_region, scheme.pledges) == (
        3,
        True,
        ("applicant", "evaluator"),
    )


def test_weights_that_do_not_add_up_are_refused_naming_the_line():
    text = SCHEME.replace(
        "    weight: 20\n    evidence: {zh: 专利证书", "    weight: 15\n    evidence: {zh: 专利证书"
    )
    line = line_of(text, "indicators:")
    assert refused(text) == f"test.yaml, line {line}, indicators: the weights add up to 95, not 100"
    text = SCHEME.replace(
        "        weight: 50\n        evidence: {zh: 说明",
        "        weight: 40\n        evidence: {zh: 说明",
    )
    line = line_of(text, "children:")
    assert refused(text) == (
        f"test.yaml, line {line}, indicators[0].children: the weights add up to 90, not 100"
    )


@pytest.mark.parametrize(
    ("change", "at", "message"),
    [
        (
            ("kind: pass_fail", "kind: vote"),
            "kind: vote",
            "indicators[0].children[0].scoring.kind: must be one of pass_fail, points_bands",
        ),
        (("subject: organisation", "subject: city"), "subject:", "subject: must be one of"),
        (
            ("{grade: B, share: 60}", "{grade: B, share: 50}"),
            "grading:",
            "grading: the shares add up to 90, not 100",
        ),
        (
            ("code: I3", "code: I2"),
            "code: I2\n    name: {zh: 管理",
            "indicators[2].code: 'I2' is used twice",
        ),
        (
            ("baseline: 120, leading: 80", "baseline: 80, leading: 120"),
            "scoring: {kind: interpolate",
            "indicators[3].scoring.leading: must be better than the baseline",
        ),
        (("experts: 5", "experts: 2"), "experts:", "experts: a trimmed mean needs at least three"),
        (
            ("validity_years: 3", "cultivation_years: 3\nvalidity_years: 3"),
            "validity_years:",
            "validity_years: give either validity_years or cultivation_years",
        ),
        (("operator: gte", "operator: about"), "operator:", "gates[0].operator: must be one of"),
        (
            ("name: {zh: 计量, en: Metering}", "name: {zh: 计量}"),
            "name: {zh: 计量}",
            "indicators[0].children[0].name.en: is missing",
        ),
        (("deliverables: [21]", "deliverables: [45]"), "deliverables:", "deliverables: must be"),
    ],
)
def test_a_bad_scheme_is_refused_naming_the_line_and_key(change, at, message):
    text = SCHEME.replace(*change)
    assert f"test.yaml, line {line_of(text, at)}, {message}" in refused(text)


def test_bad_yaml_is_refused_with_its_line():
    assert refused("code: [unclosed\n").startswith("test.yaml, line 2: not valid YAML")


def test_each_scoring_function(scheme):
    metering, buildings, patents, management, energy = scheme.leaves()
    assert metering.scoring.points(True) == 100 and metering.scoring.points(False) == 0
    assert buildings.scoring.points(1) == 50
    assert [patents.scoring.points(n) for n in (7, 5, 4, 1, 0)] == [100, 100, 40, 40, 0]
    assert management.scoring.points("B") == 80
    # Less is better: 120 (baseline) scores 0, 80 (leading) 100, 110 a quarter of the way.
    assert [energy.scoring.points(v) for v in (130, 120, 110, 80, 60)] == [0, 0, 25, 100, 100]
    with pytest.raises(schemes.ScoringError):
        management.scoring.points("F")
    with pytest.raises(schemes.ScoringError):
        buildings.scoring.points(2)


def test_an_experts_total_is_the_weighted_sum_of_the_tree(scheme):
    entries = {"I1.1": True, "I1.2": 1, "I2": 3, "I3": "A", "I4": 100}
    # I1 = 0.5×100 + 0.5×50 = 75; total = 0.4×75 + 0.2×40 + 0.2×100 + 0.2×50 = 68
    assert scheme.total(entries) == Decimal("68.00")
    with pytest.raises(schemes.ScoringError, match="I4: no score entered"):
        scheme.total({k: v for k, v in entries.items() if k != "I4"})


def test_the_trimmed_mean_drops_exactly_one_highest_and_one_lowest():
    totals = [Decimal(v) for v in (90, 90, 70, 50, 50)]
    assert schemes.aggregate(totals, "trimmed_mean") == Decimal("70.00")  # (90+70+50)/3
    assert schemes.aggregate(totals, "mean") == Decimal("70.00")
    assert schemes.aggregate([Decimal(v) for v in (100, 80, 60, 61)], "trimmed_mean") == Decimal(
        "70.50"
    )
    with pytest.raises(ValueError):
        schemes.aggregate([Decimal(80), Decimal(70)], "trimmed_mean")


def test_a_failed_mandatory_item_or_a_veto_fails_whatever_the_score(scheme):
    totals = [Decimal(95)] * 5
    met = {"M1": True}
    assert scheme.decide(totals=totals, mandatory=met).passed
    decision = scheme.decide(totals=totals, mandatory={"M1": False})
    assert (decision.passed, decision.score, decision.reasons) == (
        False,
        Decimal("95.00"),
        ("mandatory:M1",),
    )
    assert scheme.decide(totals=totals, mandatory=met, vetoed=["V1"]).reasons == ("veto:V1",)
    assert scheme.decide(totals=[Decimal(59)] * 5, mandatory=met).reasons == ("pass_mark",)


def test_an_expert_far_from_the_others_is_flagged(scheme):
    totals = [Decimal(v) for v in (80, 82, 78, 81, 50)]
    assert scheme.outliers(totals) == [4]


def test_gates_mark_the_evidence_confirmed_conflicting_or_missing(scheme):
    gate = scheme.gates[0]
    assert [
        gate.check(facts) for facts in ({"years_registered": 2}, {"years_registered": 0}, {})
    ] == [
        "confirmed",
        "conflicting",
        "missing",
    ]


def test_grades_within_a_population_follow_the_shares(scheme):
    scores = {f"factory{n:02}": Decimal(100 - n) for n in range(20)}
    grades = scheme.grades(scores)
    assert [grades[f"factory{n:02}"] for n in range(20)] == ["A+"] + ["A"] * 7 + ["B"] * 12
