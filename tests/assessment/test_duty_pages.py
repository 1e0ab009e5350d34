"""The after-designation pages and API: the holder's obligations and staff's board with counts
per state, at a fixed number of queries; the submit, accept and return forms; the public record
of designation actions; the re-review and renewal forms on the certificate's page."""

import datetime

import pytest

from gtis.accounts.models import User
from gtis.assessment.models import DesignationAction, Obligation
from gtis.core.roles import Role
from gtis.registry.models import Designation
from tests.assessment.duty_helpers import certify
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_flat_query_count

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def pages_in_english(users, stranger):
    """Everyone signed in reads the pages in English."""
    User.objects.update(language="en")


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    return users[Role.ORGANISATION_MEMBER]


@pytest.fixture
def certificate(office, panel):
    return certify(office, panel)


@pytest.fixture
def stranger(db):
    return UserFactory(
        username="stranger", role=Role.ORGANISATION_MEMBER, organisation=OrganisationFactory()
    )


def more_obligations(certificate, n=5):
    template = certificate.obligations.first()
    for k in range(n):
        day = datetime.date(2040, 1, 1) + datetime.timedelta(days=k)
        Obligation.objects.create(
            certificate=certificate,
            designation=template.designation,
            holder=template.holder,
            duty="extra",
            name="附加义务",
            due_on=day,
            grace_until=day,
            on_missed="none",
        )


def test_the_holder_sees_their_obligations_with_counts_at_a_flat_cost(certificate, member, client):
    client.force_login(member)
    page = client.get("/assessment/obligations/")
    html = page.content.decode()
    assert page.status_code == 200 and html.count("/assessment/obligations/") >= 9
    assert 'data-testid="count-due"' in html and "My obligations" in html
    assert_flat_query_count(
        lambda: client.get("/assessment/obligations/"),
        lambda: more_obligations(certificate),
    )


def test_staff_see_the_board_and_others_see_nothing(certificate, office, stranger, client):
    client.force_login(office)
    html = client.get("/assessment/obligations/?state=due").content.decode()
    assert "Obligations board" in html and certificate.application.applicant.name in html
    client.force_login(stranger)
    assert "No obligations." in client.get("/assessment/obligations/").content.decode()
    obligation = certificate.obligations.first()
    assert client.get(obligation.get_absolute_url()).status_code == 404


def test_submit_then_accept_through_the_pages(certificate, member, office, client):
    obligation = certificate.obligations.order_by("due_on").first()
    url = f"/assessment/obligations/{obligation.pk}/"
    client.force_login(member)
    bad = client.post(
        url + "submit/", {"submit-report": "年度报告。", "submit-figures": "energy 0.8"}
    )
    assert bad.status_code == 400 and "Line 1: write name = number." in bad.content.decode()
    obligation.refresh_from_db()
    assert obligation.state == "due"
    done = client.post(
        url + "submit/", {"submit-report": "年度报告。", "submit-figures": "energy = 0.8"}
    )
    assert done.status_code == 302
    assert client.post(url + "accept/", {"accept-comment": ""}).status_code == 403
    assert Obligation.objects.get(pk=obligation.pk).state == "submitted"
    client.force_login(office)
    refused = client.post(url + "return/", {"return-comment": " "})
    assert refused.status_code == 400 and "Say what the holder must correct." in (
        refused.content.decode()
    )
    assert client.post(url + "accept/", {"accept-comment": "好"}).status_code == 302
    obligation.refresh_from_db()
    assert (obligation.state, obligation.figures) == ("accepted", {"energy": "0.8"})


def test_the_api_lists_per_user_and_takes_actions(certificate, member, office, stranger, api_as):
    holder, staff = api_as(member), api_as(office)
    mine = holder.get("/api/assessment/obligations/?state=due").json()
    assert mine["count"] == 9
    assert api_as(stranger).get("/api/assessment/obligations/").json()["count"] == 0
    obligation_id = mine["results"][0]["id"]
    url = f"/api/assessment/obligations/{obligation_id}/"
    bad = holder.post(url + "submit/", {"report": "", "figures": {"x": "many"}}, format="json")
    assert bad.status_code == 400 and set(bad.json()["errors"]) == {"report", "figures"}
    ok = holder.post(url + "submit/", {"report": "报告", "figures": {"x": "1"}}, format="json")
    assert ok.status_code == 200 and ok.json()["state"] == "submitted"
    assert holder.post(url + "accept/", {}, format="json").status_code == 403
    returned = staff.post(url + "return/", {"comment": "补充附件。"}, format="json")
    assert returned.json()["state"] == "returned"
    assert staff.get("/api/assessment/obligations/").json()["count"] == 9


def test_the_public_record_and_the_re_review_form(certificate, office, member, client):
    client.force_login(member)
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert 'data-testid="re-review"' not in page
    client.force_login(office)
    assert 'data-testid="re-review"' in client.get(certificate.get_absolute_url()).content.decode()
    client.post(
        f"/assessment/certificates/{certificate.pk}/re-review/",
        {"re_review-outcome": "suspend", "re_review-reason": "现场核查能耗数据不符。"},
    )
    assert Designation.objects.get(pk=certificate.designation_id).status == "suspended"
    client.logout()
    html = client.get(certificate.get_absolute_url()).content.decode()
    assert 'data-testid="certificate-suspended"' in html and "现场核查能耗数据不符。" in html
    rows = client.get("/api/assessment/designation-actions/").json()["results"]
    assert [(r["action"], r["cause"], r["reason"]) for r in rows] == [
        ("suspend", "re_review", "现场核查能耗数据不符。")
    ]
    assert_flat_query_count(
        lambda: client.get("/assessment/designation-actions/"),
        lambda: DesignationAction.objects.create(
            certificate=certificate,
            designation_id=certificate.designation_id,
            action="reinstate",
            cause="re_review",
            reason="整改完成。",
            taken_on=datetime.date.today(),
        ),
    )


def test_a_renewal_asked_too_early_is_refused_with_the_window(certificate, member, client):
    client.force_login(member)
    response = client.post(
        f"/assessment/certificates/{certificate.pk}/renewal/",
        {"renewal-statement": "申请续期。"},
        follow=True,
    )
    assert "Renewal may be asked for from" in response.content.decode()
    assert not certificate.renewals.exists()
