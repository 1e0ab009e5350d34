"""Campaign tiers: a decided campaign recommends applications of its decided list to the next
tier's campaign of the same scheme version, each recommending unit within the quota the higher
campaign gives it; the higher campaign takes its candidates from the units only; the chain is
checked when it is set, and only the organising unit (or staff) recommends."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from gtis.assessment import campaigns, decisions, tiers
from gtis.assessment.models import Application, Campaign, RecommendationQuota
from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from gtis.registry.models import Expert
from tests.assessment.evaluation import evaluated
from tests.assessment.test_campaigns import complete, sheet_for
from tests.factories import DepartmentFactory, OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
TODAY = datetime.date.today()
FACTORY = ("green-factory", "GB/T 36132-2018")


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    return users[Role.ORGANISATION_MEMBER]


@pytest.fixture
def judges():
    """Five experts with accounts, free of conflicts with every applicant here."""
    institute = OrganisationFactory(name="示例评审研究院")
    people = []
    for n in range(5):
        person = Expert.objects.create(name=f"评审专家{n}", affiliation=institute)
        person.user = UserFactory(username=f"judge{n}", role=Role.EXPERT)
        person.save()
        people.append(person)
    return people


def open_campaign(office, organiser, version, tier, title):
    campaign = campaigns.create_campaign(
        actor=office,
        version=version,
        title=title,
        organiser=organiser,
        tier=tier,
        opens_on=TODAY - datetime.timedelta(days=1),
        closes_on=TODAY + datetime.timedelta(days=30),
    )
    return campaigns.open_campaign(actor=office, campaign=campaign)


def decided_campaign(office, organiser, version, subjects, title):
    """A province campaign run to its decision through the services: every subject applied
    for by its own enterprise, scored best by the panel, designated."""
    campaign = open_campaign(office, organiser, version, "province", title)
    applications = []
    for subject in subjects:
        member = UserFactory(organisation=OrganisationFactory(name=f"{subject}有限公司"))
        data = complete(campaign) | {"subject": subject}
        application = campaigns.save_application(actor=member, campaign=campaign, **data)
        evaluated(member, application)
        campaigns.submit_application(actor=member, application=application, pledge=True)
        for assignment in campaigns.assign_panel(actor=office, application=application):
            campaigns.declare_no_conflict(actor=assignment.expert.user, assignment=assignment)
        applications.append(application)
    campaigns.close_applications(actor=office, campaign=campaign)
    scheme = campaign.scheme
    for application in applications:
        for assignment in application.panel.all():
            campaigns.score_application(
                actor=assignment.expert.user,
                assignment=assignment,
                entries=sheet_for(scheme, "best"),
                comments={leaf.code: "好。" for leaf in scheme.leaves()},
            )
    decisions.publish_notice(actor=office, campaign=campaign)
    Campaign.objects.filter(pk=campaign.pk).update(notice_ends_on=TODAY - datetime.timedelta(1))
    campaign.refresh_from_db()
    decisions.decide_campaign(actor=office, campaign=campaign)
    return campaign


@pytest.fixture
def national(office, versions):
    miit = DepartmentFactory(code="miit", short_name="工业和信息化部", name_en="MIIT")
    return open_campaign(office, miit, versions[FACTORY], "national", "国家级绿色工厂（第二批）")


@pytest.fixture
def jiangsu():
    return DepartmentFactory(code="js-miit", short_name="江苏省工信厅", name_en="Jiangsu DIIT")


@pytest.fixture
def province(office, jiangsu, versions, judges, national):
    """Jiangsu's decided campaign of three green factories, recommending to the national one,
    which gives Jiangsu a quota of two."""
    subjects = ["南京工厂", "常州工厂", "苏州工厂"]
    campaign = decided_campaign(office, jiangsu, versions[FACTORY], subjects, "江苏省绿色工厂")
    tiers.set_quota(actor=office, campaign=national, unit=jiangsu, quota=2)
    return tiers.configure_tiers(
        actor=office, campaign=campaign, feeds=national, evaluator_cap=None
    )


def decided_list(campaign):
    return list(
        campaign.applications.filter(proposed=True)
        .select_related("campaign__feeds", "campaign__organiser")
        .order_by("pk")
    )


def test_a_recommendation_makes_a_submitted_candidate_in_the_higher_campaign(
    office, province, national, jiangsu
):
    first = decided_list(province)[0]
    candidate = tiers.recommend(actor=office, application=first)
    assert candidate.campaign == national and candidate.state == "submitted"
    assert (candidate.recommended_from, candidate.recommended_by) == (first, jiangsu)
    assert (candidate.applicant_id, candidate.subject) == (first.applicant_id, first.subject)
    assert (candidate.facts, candidate.mandatory, candidate.evidence) == (
        first.facts,
        first.mandatory,
        first.evidence,
    )
    assert (candidate.pledge_hash, candidate.evaluator_id, candidate.evaluator_pledge_hash) == (
        first.pledge_hash,
        first.evaluator_id,
        first.evaluator_pledge_hash,
    )
    assert AuditEvent.objects.filter(action="recommend", object_id=str(first.pk)).count() == 1


def test_a_unit_recommends_up_to_its_quota_and_no_further(office, province, national, jiangsu):
    first, second, third = decided_list(province)
    tiers.recommend(actor=office, application=first)
    tiers.recommend(actor=office, application=second)
    assert [(q.quota, q.used, q.remaining) for q in tiers.quota_use(national)] == [(2, 2, 0)]
    with pytest.raises(ValidationError) as error:
        tiers.recommend(actor=office, application=third)
    assert error.value.messages == [
        "Jiangsu DIIT has used all of its quota of 2 in 国家级绿色工厂（第二批）."
    ]
    assert national.applications.count() == 2


def test_another_units_quota_is_unaffected(office, province, national, versions):
    zhejiang = DepartmentFactory(code="zj-jxt", short_name="浙江省经信厅", name_en="Zhejiang DEIT")
    tiers.set_quota(actor=office, campaign=national, unit=zhejiang, quota=1)
    other = decided_campaign(office, zhejiang, versions[FACTORY], ["宁波工厂"], "浙江省绿色工厂")
    tiers.configure_tiers(actor=office, campaign=other, feeds=national, evaluator_cap=None)
    first, second, _third = decided_list(province)
    tiers.recommend(actor=office, application=first)
    tiers.recommend(actor=office, application=second)
    (ningbo,) = decided_list(other)
    candidate = tiers.recommend(actor=office, application=ningbo)
    assert candidate.recommended_by == zhejiang
    assert [(q.unit.code, q.used, q.remaining) for q in tiers.quota_use(national)] == [
        ("js-miit", 2, 0),
        ("zj-jxt", 1, 0),
    ]


def test_a_unit_without_a_quota_is_refused(office, province, national):
    RecommendationQuota.objects.all().delete()
    with pytest.raises(ValidationError) as error:
        tiers.recommend(actor=office, application=decided_list(province)[0])
    assert error.value.messages == [
        "Jiangsu DIIT has no recommendation quota in 国家级绿色工厂（第二批）."
    ]
    assert not national.applications.exists()


def test_an_application_is_recommended_once(office, province, national):
    first = decided_list(province)[0]
    tiers.recommend(actor=office, application=first)
    first = decided_list(province)[0]
    with pytest.raises(ValidationError) as error:
        tiers.recommend(actor=office, application=first)
    assert error.value.messages == [
        "南京工厂 has already been recommended to 国家级绿色工厂（第二批）."
    ]
    assert national.applications.count() == 1


def test_an_application_off_the_decided_list_is_not_recommended(office, province, national):
    first = decided_list(province)[0]
    Application.objects.filter(pk=first.pk).update(proposed=False, decision_reason="objection")
    first.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        tiers.recommend(actor=office, application=first)
    assert error.value.messages == ["南京工厂 is not on the decided list of 江苏省绿色工厂."]
    assert not national.applications.exists()


def test_a_revoked_certificate_takes_the_application_off_the_list(office, province, national):
    first = decided_list(province)[0]
    decisions.revoke_certificate(
        actor=office, certificate=first.certificate, reason="动态管理复核不合格。"
    )
    with pytest.raises(ValidationError) as error:
        tiers.recommend(actor=office, application=first)
    assert error.value.code == "not_passed"
    assert not national.applications.exists()


def test_an_undecided_campaign_recommends_nothing(
    office, member, jiangsu, national, versions, judges
):
    campaign = open_campaign(office, jiangsu, versions[FACTORY], "province", "江苏省（进行中）")
    tiers.configure_tiers(actor=office, campaign=campaign, feeds=national, evaluator_cap=None)
    application = campaigns.save_application(actor=member, campaign=campaign, **complete(campaign))
    evaluated(member, application)
    campaigns.submit_application(actor=member, application=application, pledge=True)
    with pytest.raises(ValidationError) as error:
        tiers.recommend(actor=office, application=application)
    assert error.value.code == "not_passed"
    assert not national.applications.exists()


def test_direct_applications_to_a_campaign_with_quotas_are_refused(office, member, national):
    jiangsu = DepartmentFactory(code="js-miit")
    tiers.set_quota(actor=office, campaign=national, unit=jiangsu, quota=2)
    with pytest.raises(ValidationError) as error:
        campaigns.save_application(actor=member, campaign=national, **complete(national))
    assert error.value.messages == [
        "Applications to 国家级绿色工厂（第二批） come through the recommending units."
    ]
    assert not national.applications.exists()


# Who recommends ------------------------------------------------------------------------------


def test_an_enterprise_user_cannot_recommend(member, province, national):
    with pytest.raises(PermissionDenied):
        tiers.recommend(actor=member, application=decided_list(province)[0])
    assert not national.applications.exists()


def test_the_organising_units_officer_recommends_but_another_units_cannot(
    province, national, jiangsu
):
    first, second, _third = decided_list(province)
    other = UserFactory(role=Role.DEPARTMENT_OFFICER, department=DepartmentFactory(code="zj"))
    with pytest.raises(PermissionDenied):
        tiers.recommend(actor=other, application=first)
    assert not national.applications.exists()
    own = UserFactory(role=Role.DEPARTMENT_OFFICER, department=jiangsu)
    assert tiers.recommend(actor=own, application=second).recommended_by == jiangsu


def test_only_staff_set_quotas_and_bad_quotas_name_the_field(users, office, national, jiangsu):
    officer = users[Role.DEPARTMENT_OFFICER]
    with pytest.raises(PermissionDenied):
        tiers.set_quota(actor=officer, campaign=national, unit=jiangsu, quota=5)
    with pytest.raises(ValidationError) as error:
        tiers.set_quota(actor=office, campaign=national, unit=jiangsu, quota=-1)
    assert error.value.message_dict == {
        "quota": ["Give how many applications the unit may recommend (0 or more)."]
    }
    with pytest.raises(ValidationError) as error:
        tiers.set_quota(actor=office, campaign=national, unit=national.organiser, quota=1)
    assert error.value.message_dict == {
        "unit": ["The organiser does not recommend to its own campaign."]
    }
    assert not RecommendationQuota.objects.exists()


def test_a_quota_is_never_set_below_what_was_recommended(office, province, national, jiangsu):
    tiers.recommend(actor=office, application=decided_list(province)[0])
    with pytest.raises(ValidationError) as error:
        tiers.set_quota(actor=office, campaign=national, unit=jiangsu, quota=0)
    assert error.value.message_dict == {
        "quota": ["Jiangsu DIIT has already recommended 1 applications; its quota cannot be lower."]
    }
    assert RecommendationQuota.objects.get().quota == 2


# The chain -----------------------------------------------------------------------------------


def test_the_chain_needs_the_same_version_and_a_higher_tier(office, department, national, versions):
    province = open_campaign(office, department, versions[FACTORY], "province", "省级")
    other_scheme = open_campaign(
        office,
        national.organiser,
        versions["green-product", "GB/T 33761-2017"],
        "national",
        "绿色产品",
    )
    newer = open_campaign(
        office, national.organiser, versions["green-factory", "GB/T 36132-2025"], "national", "新"
    )
    city = open_campaign(office, department, versions[FACTORY], "city", "市级")
    refusals = {
        province: "A campaign cannot recommend to itself.",
        other_scheme: "绿色产品 runs another scheme; recommend to a campaign of green-factory.",
        newer: "新 runs version GB/T 36132-2025; the recommended applications' evidence fits "
        "version GB/T 36132-2018 only.",
        city: "市级 is at the City tier; recommend to a higher tier than Province.",
    }
    for feeds, message in refusals.items():
        with pytest.raises(ValidationError) as error:
            tiers.configure_tiers(actor=office, campaign=province, feeds=feeds, evaluator_cap=None)
        assert error.value.message_dict == {"feeds": [message]}
    province.refresh_from_db()
    assert province.feeds is None
    tiers.configure_tiers(actor=office, campaign=province, feeds=national, evaluator_cap=None)
    province.refresh_from_db()
    assert province.feeds == national


def test_the_chain_does_not_change_once_applications_were_recommended(
    office, province, national, versions
):
    tiers.recommend(actor=office, application=decided_list(province)[0])
    with pytest.raises(ValidationError) as error:
        tiers.configure_tiers(actor=office, campaign=province, feeds=None, evaluator_cap=None)
    assert error.value.message_dict == {
        "feeds": [
            "1 applications of this campaign have already been recommended to "
            "国家级绿色工厂（第二批）."
        ]
    }
    province.refresh_from_db()
    assert province.feeds == national


def test_a_closed_higher_campaign_is_not_a_choice(office, department, national, versions):
    province = open_campaign(office, department, versions[FACTORY], "province", "省级")
    campaigns.close_applications(actor=office, campaign=national)
    with pytest.raises(ValidationError) as error:
        tiers.configure_tiers(actor=office, campaign=province, feeds=national, evaluator_cap=None)
    assert error.value.message_dict == {
        "feeds": ["国家级绿色工厂（第二批） no longer takes candidates."]
    }
    assert list(tiers.higher_tier_choices(province)) == []


# Pages and API -------------------------------------------------------------------------------


def test_the_campaign_pages_show_the_chain_the_quotas_and_the_recommend_button(
    client, office, province, national
):
    client.force_login(office)
    page = client.get(province.get_absolute_url()).content.decode()
    assert 'data-testid="higher-tier"' in page and national.title in page
    assert page.count('data-testid="recommend"') == 3
    first = decided_list(province)[0]
    response = client.post(reverse("assessment:recommend", args=[first.pk]))
    assert response.status_code == 302
    page = client.get(province.get_absolute_url()).content.decode()
    assert page.count('data-testid="recommend"') == 2
    assert page.count('data-testid="recommended"') == 1
    page = client.get(national.get_absolute_url()).content.decode()
    assert 'data-testid="quotas"' in page and province.title in page
    assert (
        '<td class="text-end">2</td><td class="text-end">1</td><td class="text-end">1</td>' in page
    )
    assert 'data-testid="apply"' not in page


def test_a_stranger_sees_no_recommend_button_and_cannot_post_one(client, province, national):
    client.force_login(UserFactory(organisation=OrganisationFactory(name="示例路人公司")))
    page = client.get(province.get_absolute_url()).content.decode()
    assert 'data-testid="recommend"' not in page
    first = decided_list(province)[0]
    response = client.post(reverse("assessment:recommend", args=[first.pk]))
    assert response.status_code == 403
    assert not national.applications.exists()


def test_staff_set_a_quota_and_the_chain_on_the_page(
    client, office, department, national, versions
):
    province = open_campaign(office, department, versions[FACTORY], "province", "省级")
    office.language = "en"
    office.save(update_fields=["language"])
    client.force_login(office)
    client.post(reverse("assessment:campaign_tier", args=[province.pk]), {"feeds": national.pk})
    province.refresh_from_db()
    assert province.feeds == national
    response = client.post(
        reverse("assessment:campaign_quota", args=[national.pk]),
        {"unit": department.pk, "quota": "-2"},
        follow=True,
    )
    assert "Quota: Ensure this value is greater than or equal to 0." in response.content.decode()
    assert not RecommendationQuota.objects.exists()
    client.post(
        reverse("assessment:campaign_quota", args=[national.pk]),
        {"unit": department.pk, "quota": "4"},
    )
    assert RecommendationQuota.objects.get().quota == 4


def test_the_api_shows_the_chain_and_quotas_and_recommends(office, province, national, jiangsu):
    api = APIClient()
    api.force_authenticate(office)
    first = decided_list(province)[0]
    response = api.post(f"/api/assessment/applications/{first.pk}/recommend/")
    assert response.status_code == 201
    assert (response.json()["recommended_from"], response.json()["recommended_by"]) == (
        first.pk,
        jiangsu.pk,
    )
    again = api.post(f"/api/assessment/applications/{first.pk}/recommend/")
    assert again.status_code == 400
    rows = {row["id"]: row for row in api.get("/api/assessment/campaigns/").json()["results"]}
    assert rows[province.pk]["feeds"] == national.pk
    assert rows[national.pk]["fed_by"] == [province.pk]
    assert rows[national.pk]["quotas"] == [
        {"unit": "js-miit", "unit_name": jiangsu.name, "quota": 2, "used": 1, "remaining": 1}
    ]
    quota = api.post(
        f"/api/assessment/campaigns/{national.pk}/quota/", {"unit": "js-miit", "quota": 0}
    )
    assert quota.status_code == 400 and "quota" in quota.json()["errors"]


def test_an_enterprise_user_cannot_recommend_through_the_api(member, province, national):
    api = APIClient()
    api.force_authenticate(member)
    first = decided_list(province)[0]
    assert api.post(f"/api/assessment/applications/{first.pk}/recommend/").status_code == 403
    assert not national.applications.exists()


def test_the_campaign_list_api_runs_a_fixed_number_of_queries(
    office, national, jiangsu, versions, django_assert_num_queries
):
    api = APIClient()
    tiers.set_quota(actor=office, campaign=national, unit=jiangsu, quota=2)
    with django_assert_num_queries(4) as first:
        api.get("/api/assessment/campaigns/")
    for n in range(3):
        unit = DepartmentFactory(code=f"unit{n}")
        lower = open_campaign(office, unit, versions[FACTORY], "province", f"省级{n}")
        tiers.configure_tiers(actor=office, campaign=lower, feeds=national, evaluator_cap=None)
        tiers.set_quota(actor=office, campaign=national, unit=unit, quota=1)
    with django_assert_num_queries(len(first.captured_queries)):
        rows = api.get("/api/assessment/campaigns/").json()["results"]
    assert len(rows) == 4
