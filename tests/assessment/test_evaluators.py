"""Third-party evaluators: where the scheme asks for their liability pledge, an application
names its evaluator, whose staff sign the pledge (stored with a SHA-256 hash) before the
application can be submitted; an edit after the signature needs a new one; the campaign caps
the applications one evaluator carries."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from gtis.accounts.models import OrganisationKind
from gtis.assessment import campaigns, evaluators, tiers
from gtis.assessment.pledges import pledge_hash
from gtis.core.roles import Role
from tests.assessment.evaluation import evaluated, evaluation_agency
from tests.assessment.test_campaigns import campaign_of, complete
from tests.factories import OrganisationFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    return users[Role.ORGANISATION_MEMBER]


@pytest.fixture
def agency():
    return evaluation_agency()


def draft(member, campaign, subject="华清绿能常州工厂"):
    data = complete(campaign) | {"subject": subject}
    return campaigns.save_application(actor=member, campaign=campaign, **data)


def test_submission_waits_for_the_evaluators_liability_pledge(member, factory_campaign, agency):
    organisation, staff = agency
    application = draft(member, factory_campaign)
    with pytest.raises(ValidationError) as error:
        campaigns.submit_application(actor=member, application=application, pledge=True)
    assert error.value.message_dict == {
        "evaluator": ["Name the third-party evaluator whose liability pledge the scheme asks for."]
    }
    evaluators.name_evaluator(actor=member, application=application, evaluator=organisation)
    with pytest.raises(ValidationError) as error:
        campaigns.submit_application(actor=member, application=application, pledge=True)
    assert error.value.message_dict == {
        "evaluator": ["中环绿色制造评价中心 has not signed its liability pledge yet."]
    }
    application.refresh_from_db()
    assert (application.state, application.pledge_hash) == ("draft", "")
    evaluators.sign_liability_pledge(actor=staff, application=application, pledge=True)
    campaigns.submit_application(actor=member, application=application, pledge=True)
    assert application.state == "submitted"


def test_the_liability_pledge_is_stored_with_the_hash_of_what_was_signed(
    member, factory_campaign, agency
):
    organisation, staff = agency
    application = evaluated(member, draft(member, factory_campaign), organisation, staff)
    assert (
        application.evaluator_pledged_by == staff and len(application.evaluator_pledge_hash) == 64
    )
    assert application.evaluator_pledge_hash == pledge_hash(
        application,
        signer=staff.get_username(),
        at=application.evaluator_pledged_at,
        pledge="evaluator",
        evaluator=organisation.pk,
    )
    assert application.evaluator_pledge_hash != pledge_hash(
        application, signer=staff.get_username(), at=application.evaluator_pledged_at
    )


def test_an_edit_after_the_signature_needs_a_new_one(member, factory_campaign, agency):
    organisation, staff = agency
    application = evaluated(member, draft(member, factory_campaign), organisation, staff)
    data = complete(factory_campaign)
    data["evidence"] = data["evidence"] | {"I1.1": "另一份计量器具清单.pdf"}
    campaigns.save_application(
        actor=member, campaign=factory_campaign, application=application, **data
    )
    with pytest.raises(ValidationError) as error:
        campaigns.submit_application(actor=member, application=application, pledge=True)
    assert error.value.message_dict == {
        "evaluator": [
            "The application changed after 中环绿色制造评价中心 signed its liability pledge; ask "
            "it to sign again."
        ]
    }
    evaluators.sign_liability_pledge(actor=staff, application=application, pledge=True)
    campaigns.submit_application(actor=member, application=application, pledge=True)
    assert application.state == "submitted"


def test_only_the_evaluators_staff_sign_and_the_pledge_must_be_ticked(
    member, factory_campaign, agency
):
    organisation, staff = agency
    application = draft(member, factory_campaign)
    evaluators.name_evaluator(actor=member, application=application, evaluator=organisation)
    _other_agency, other_staff = evaluation_agency("另一评价机构")
    for intruder in (member, other_staff):
        with pytest.raises(PermissionDenied):
            evaluators.sign_liability_pledge(actor=intruder, application=application, pledge=True)
    with pytest.raises(ValidationError) as error:
        evaluators.sign_liability_pledge(actor=staff, application=application, pledge=False)
    assert list(error.value.message_dict) == ["pledge"]
    application.refresh_from_db()
    assert application.evaluator_pledge_hash == ""


def test_an_unfit_evaluator_is_refused_naming_why(member, organisation, factory_campaign):
    application = draft(member, factory_campaign)
    enterprise = OrganisationFactory(name="示例制造公司")
    unverified = OrganisationFactory(
        name="未核验评价机构", kind=OrganisationKind.INTERMEDIARY, verification="unverified"
    )
    refusals = {
        organisation: "The applicant cannot be its own third-party evaluator.",
        enterprise: "示例制造公司 is registered as “Enterprise”; a third-party evaluator is an "
        "intermediary, a research institute or an industry association.",
        unverified: "未核验评价机构 is not a verified, active organisation.",
    }
    for evaluator, message in refusals.items():
        with pytest.raises(ValidationError) as error:
            evaluators.name_evaluator(actor=member, application=application, evaluator=evaluator)
        assert error.value.message_dict == {"evaluator": [message]}
    application.refresh_from_db()
    assert application.evaluator is None


def test_a_scheme_without_an_evaluator_pledge_names_none(member, office, department, versions):
    campaign = campaign_of(office, department, versions["green-tech-enterprise", "2019-v1"])
    application = draft(member, campaign)
    organisation, _staff = evaluation_agency()
    with pytest.raises(ValidationError) as error:
        evaluators.name_evaluator(actor=member, application=application, evaluator=organisation)
    assert error.value.message_dict == {
        "evaluator": ["The scheme green-tech-enterprise asks for no third-party evaluator."]
    }


def test_the_campaign_caps_the_applications_per_evaluator(member, office, factory_campaign, agency):
    organisation, staff = agency
    tiers.configure_tiers(actor=office, campaign=factory_campaign, feeds=None, evaluator_cap=1)
    first = evaluated(member, draft(member, factory_campaign), organisation, staff)
    campaigns.submit_application(actor=member, application=first, pledge=True)
    second = evaluated(member, draft(member, factory_campaign, "华清绿能无锡工厂"), *agency)
    with pytest.raises(ValidationError) as error:
        campaigns.submit_application(actor=member, application=second, pledge=True)
    assert error.value.message_dict == {
        "evaluator": [
            "中环绿色制造评价中心 has reached the cap of 1 applications per third-party "
            f"evaluator in {factory_campaign.title}."
        ]
    }
    second.refresh_from_db()
    assert second.state == "draft"
    other = evaluated(member, second)  # another evaluator has room
    campaigns.submit_application(actor=member, application=other, pledge=True)
    assert other.state == "submitted"


def test_the_cap_is_not_set_below_what_an_evaluator_carries(
    member, office, factory_campaign, agency
):
    for subject in ("一厂", "二厂"):
        application = evaluated(member, draft(member, factory_campaign, subject), *agency)
        campaigns.submit_application(actor=member, application=application, pledge=True)
    with pytest.raises(ValidationError) as error:
        tiers.configure_tiers(actor=office, campaign=factory_campaign, feeds=None, evaluator_cap=1)
    assert error.value.message_dict == {
        "evaluator_cap": [
            "中环绿色制造评价中心 already carries 2 applications; the cap cannot be lower."
        ]
    }
    factory_campaign.refresh_from_db()
    assert factory_campaign.evaluator_cap is None


# Pages and API -------------------------------------------------------------------------------


def test_the_evaluators_staff_see_and_sign_on_their_page(client, member, factory_campaign, agency):
    organisation, staff = agency
    application = draft(member, factory_campaign)
    for user in (member, staff):
        user.language = "en"
        user.save(update_fields=["language"])
    client.force_login(member)
    page = client.get(application.get_absolute_url()).content.decode()
    assert 'data-testid="name-evaluator"' in page
    client.post(
        reverse("assessment:application_evaluator", args=[application.pk]),
        {"evaluator": organisation.pk},
    )
    application.refresh_from_db()
    assert application.evaluator == organisation
    client.force_login(staff)
    page = client.get(reverse("assessment:my_evaluations")).content.decode()
    assert application.subject in page and 'data-testid="sign-liability-pledge"' in page
    response = client.post(
        reverse("assessment:liability_pledge", args=[application.pk]), {}, follow=True
    )
    assert "Sign the pledge that the evaluation report is true" in response.content.decode()
    client.post(
        reverse("assessment:liability_pledge", args=[application.pk]),
        {f"pledge{application.pk}-pledge": "on"},
    )
    application.refresh_from_db()
    assert evaluators.liability_pledge_holds(application)
    client.force_login(member)
    page = client.get(application.get_absolute_url()).content.decode()
    assert 'data-testid="liability-pledge"' in page


def test_another_organisation_sees_no_evaluations(client, member, factory_campaign, agency):
    evaluated(member, draft(member, factory_campaign), *agency)
    client.force_login(UserFactory(organisation=OrganisationFactory(name="示例路人公司")))
    page = client.get(reverse("assessment:my_evaluations")).content.decode()
    assert "华清绿能常州工厂" not in page


def test_the_evaluations_page_runs_a_fixed_number_of_queries(
    client, member, factory_campaign, agency, django_assert_num_queries
):
    organisation, staff = agency
    evaluated(member, draft(member, factory_campaign, "一厂"), organisation, staff)
    client.force_login(staff)
    with django_assert_num_queries(10) as first:
        client.get(reverse("assessment:my_evaluations"))
    for subject in ("二厂", "三厂", "四厂"):
        evaluated(member, draft(member, factory_campaign, subject), organisation, staff)
    with django_assert_num_queries(len(first.captured_queries)):
        client.get(reverse("assessment:my_evaluations"))


def test_the_api_names_the_evaluator_and_takes_the_pledge(member, factory_campaign, agency):
    organisation, staff = agency
    application = draft(member, factory_campaign)
    api = APIClient()
    api.force_authenticate(member)
    named = api.post(
        f"/api/assessment/applications/{application.pk}/evaluator/",
        {"evaluator": organisation.pk},
    )
    assert named.status_code == 200 and named.json()["evaluator"] == organisation.pk
    assert (
        api.post(f"/api/assessment/applications/{application.pk}/liability-pledge/").status_code
        == 403
    )
    api.force_authenticate(staff)
    refused = api.post(
        f"/api/assessment/applications/{application.pk}/liability-pledge/", {"pledge": False}
    )
    assert refused.status_code == 400 and list(refused.json()["errors"]) == ["pledge"]
    signed = api.post(
        f"/api/assessment/applications/{application.pk}/liability-pledge/", {"pledge": True}
    )
    assert signed.status_code == 200 and len(signed.json()["evaluator_pledge_hash"]) == 64
    application.refresh_from_db()
    assert application.evaluator_pledged_by == staff
