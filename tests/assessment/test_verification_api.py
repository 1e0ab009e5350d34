"""The verification API: claims with their versions, plans with data sets and actions, data
sets reviewed never by their lab, public statements with their verification URL; writes go
through the services and a refusal names the field."""

import pytest

from gtis.assessment import verification
from gtis.assessment.models import PerformanceClaim, VerificationDataSet
from gtis.core.roles import Role
from tests.assessment.conftest import CLAIMED
from tests.factories import UserFactory
from tests.helpers import assert_flat_query_count

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def api_as(api_as, settings):
    """Clients reading the API in English."""

    def make(user):
        client = api_as(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


CLAIMS = "/api/assessment/verification-claims/"
PLANS = "/api/assessment/verification-plans/"
DATA = "/api/assessment/verification-data-sets/"
STATEMENTS = "/api/assessment/verification-statements/"


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    return users[Role.ORGANISATION_MEMBER]


def test_the_applicant_states_claim_versions_and_reads_them(api_as, member, etv_draft):
    client = api_as(member)
    first = client.post(
        CLAIMS, {"application": etv_draft.pk, "parameters": CLAIMED[:1]}, format="json"
    )
    assert first.status_code == 201 and first.json()["version"] == 1
    second = client.post(
        CLAIMS,
        {"application": etv_draft.pk, "parameters": CLAIMED, "note": "Water recovery added"},
        format="json",
    )
    assert second.json()["version"] == 2
    rows = client.get(CLAIMS, {"application": etv_draft.pk}).json()["results"]
    assert [(row["version"], len(row["parameters"])) for row in rows] == [(2, 2), (1, 1)]
    assert rows[0]["parameters"][1] | {"minimum": None} == {
        "name": "Water recovery",
        "unit": "%",
        "minimum": None,
        "maximum": "80.0000",
        "operating_conditions": "Feed TDS 30–60 g/L, 25 °C",
        "medium": "High-salinity industrial wastewater",
    }


def test_a_bad_claim_is_refused_naming_the_field(api_as, member, etv_draft):
    response = api_as(member).post(
        CLAIMS,
        {"application": etv_draft.pk, "parameters": [CLAIMED[0] | {"unit": ""}]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["errors"] == {"parameters": ["Parameter 1: give its unit."]}
    assert not PerformanceClaim.objects.exists()


def test_others_neither_see_nor_write_the_claim(api_as, member, etv_draft):
    verification.save_performance_claim(actor=member, application=etv_draft, parameters=CLAIMED)
    stranger = api_as(UserFactory(username="stranger"))
    assert stranger.get(CLAIMS).json()["count"] == 0
    response = stranger.post(
        CLAIMS, {"application": etv_draft.pk, "parameters": CLAIMED[:1]}, format="json"
    )
    assert response.status_code == 404
    assert PerformanceClaim.objects.count() == 1


def test_the_verification_through_the_api(
    api_as, office, verifier, verifier_org, lab, lab_user, etv_submitted, claim_listing
):
    application = etv_submitted
    staff = api_as(office)
    plan = staff.post(
        PLANS,
        {
            "application": application.pk,
            "verifier": verifier_org.pk,
            "parameters": ["COD removal"],
            "test_methods": "HJ 828-2017.",
            "data_requirements": "Field data.",
        },
        format="json",
    )
    assert plan.status_code == 201, plan.json()
    plan_id = plan.json()["id"]
    client = api_as(verifier)
    bad = client.post(
        DATA,
        {
            "application": application.pk,
            "title": "Field test",
            "origin": "new",
            "lab": lab.pk,
            "operating_conditions": "COD 3000 mg/L",
            "measurements": [{"parameter": "Energy use", "value": "1"}],
        },
        format="json",
    )
    assert bad.status_code == 400
    assert bad.json()["errors"] == {
        "measurements": ["Value 1: the plan verifies no parameter “Energy use”."]
    }
    made = client.post(
        DATA,
        {
            "application": application.pk,
            "title": "Field test",
            "origin": "new",
            "lab": lab.pk,
            "accreditation": "CNAS L1234",
            "operating_conditions": "COD 3000 mg/L",
            "measurements": [{"parameter": "COD removal", "value": "90"}],
        },
        format="json",
    )
    assert made.status_code == 201
    data_id = made.json()["id"]
    # The lab's staff neither see nor review it.
    assert api_as(lab_user).post(f"{DATA}{data_id}/review/", {"accepted": True}).status_code == 404
    assert VerificationDataSet.objects.get().status == "pending"
    reviewed = client.post(f"{DATA}{data_id}/review/", {"accepted": True}, format="json")
    assert reviewed.json()["status"] == "accepted"

    detail = client.get(f"{PLANS}{plan_id}/").json()
    assert detail["actions"] == ["report", "issue"]
    refused = client.post(f"{PLANS}{plan_id}/act/", {"action": "report"}, format="json")
    assert refused.status_code == 400 and "conclusions" in refused.json()["errors"]
    client.post(
        f"{PLANS}{plan_id}/act/", {"action": "report", "conclusions": "Confirmed."}, format="json"
    )
    issued = client.post(f"{PLANS}{plan_id}/act/", {"action": "issue"}, format="json").json()
    assert issued["report"]["confirmed"] is True and issued["statement"].startswith("GTIS-ETV-")
    assert issued["actions"] == []

    public = api_as(UserFactory(username="reader")).get(STATEMENTS).json()["results"]
    assert [row["number"] for row in public] == [issued["statement"]]
    assert public[0]["verification_url"].endswith(f"/assessment/verifications/{public[0]['code']}/")
    claim_listing.benefits.get().refresh_from_db()
    benefit = claim_listing.benefits.get()
    assert (benefit.verified, benefit.verification_reference) == (True, issued["statement"])


def test_statements_are_public(client):
    assert client.get(STATEMENTS).status_code == 200


def test_the_plan_list_costs_the_same_queries_however_many_data_sets(
    api_as, verifier, lab, etv_plan
):
    client = api_as(verifier)

    def more_data():
        for n in range(3):
            made = verification.add_data_set(
                actor=verifier,
                application=etv_plan.application,
                title=f"Data set {n}",
                origin="existing",
                lab=lab,
                operating_conditions="COD 3000 mg/L",
                measurements=[("COD removal", "90"), ("Water recovery", "75")],
            )
            verification.review_data_set(actor=verifier, data_set=made, accepted=True)

    more_data()  # a first data set, so that its measurements are fetched
    assert_flat_query_count(lambda: client.get(PLANS), more_data, expected=4)
    assert_flat_query_count(lambda: client.get(DATA), more_data, expected=3)
