"""The verification pages: the applicant's claim editor and versions, the verifier's plan, data
sets, review, report and statement on the application's page, and the public statement."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gtis.accounts.models import User
from gtis.assessment import verification
from gtis.assessment.models import (
    PerformanceClaim,
    VerificationDataSet,
    VerificationPlan,
    VerificationStatement,
)
from gtis.core.roles import Role
from tests.assessment.conftest import CLAIMED
from tests.helpers import assert_flat_query_count

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture(autouse=True)
def pages_in_english(users):
    """Everyone signed in reads the pages in English."""
    User.objects.update(language="en")


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    return users[Role.ORGANISATION_MEMBER]


def claim_rows(rows, **extra):
    data = {
        "parameters-TOTAL_FORMS": str(len(rows) + 1),
        "parameters-INITIAL_FORMS": "0",
        "parameters-MIN_NUM_FORMS": "0",
        "parameters-MAX_NUM_FORMS": "1000",
    }
    for n, row in enumerate(rows):
        data |= {f"parameters-{n}-{key}": value for key, value in row.items()}
    return data | extra


def test_the_applicant_states_the_claim_in_versions_on_the_page(client, member, etv_draft):
    client.force_login(member)
    url = reverse("assessment:verification_claim", args=[etv_draft.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, claim_rows(CLAIMED[:1], note="First claim"))
    assert response.status_code == 302
    response = client.post(url, claim_rows(CLAIMED, note="Water recovery added"))
    assert response.url == reverse("assessment:verification_claims", args=[etv_draft.pk])
    page = client.get(response.url).content.decode()
    assert page.count('data-testid="claim-version"') == 2
    assert "Water recovery added" in page and "First claim" in page
    detail = client.get(etv_draft.get_absolute_url()).content.decode()
    assert 'data-testid="verification"' in detail and "2 versions" in detail


def test_a_bad_claim_row_is_shown_and_nothing_is_saved(client, member, etv_draft):
    client.force_login(member)
    url = reverse("assessment:verification_claim", args=[etv_draft.pk])
    response = client.post(url, claim_rows([CLAIMED[0] | {"maximum": "80"}]))
    assert response.status_code == 400
    assert "Parameter 1: the maximum is below the minimum." in response.content.decode()
    assert not PerformanceClaim.objects.exists()


def test_another_organisation_cannot_open_the_claim_editor(client, etv_draft):
    from tests.factories import UserFactory

    client.force_login(UserFactory(username="stranger"))
    response = client.get(reverse("assessment:verification_claim", args=[etv_draft.pk]))
    assert response.status_code == 404


def test_the_verification_runs_on_the_application_page(
    client, office, verifier, verifier_org, lab, lab_user, etv_submitted, claim_listing
):
    User.objects.update(language="en")  # the verifier and the lab's staff too
    application = etv_submitted
    client.force_login(office)
    plan_url = reverse("assessment:verification_plan", args=[application.pk])
    response = client.post(
        plan_url,
        {
            "verifier": verifier_org.pk,
            "parameters": ["COD removal", "Water recovery"],
            "test_methods": "HJ 828-2017.",
            "data_requirements": "Field data, three months.",
        },
    )
    assert response.status_code == 302
    assert VerificationPlan.objects.get().verifier == verifier_org

    client.force_login(verifier)
    page = client.get(application.get_absolute_url()).content.decode()
    assert 'data-testid="verification-data-add"' in page
    add_url = reverse("assessment:verification_data_add", args=[application.pk])
    values = {
        "values-TOTAL_FORMS": "6",
        "values-INITIAL_FORMS": "0",
        "values-MIN_NUM_FORMS": "0",
        "values-MAX_NUM_FORMS": "1000",
        "values-0-parameter": "COD removal",
        "values-0-value": "90.1",
        "values-1-parameter": "Water recovery",
        "values-1-value": "75",
    }
    response = client.post(
        add_url,
        values
        | {
            "title": "Field test report",
            "origin": "new",
            "lab": lab.pk,
            "accreditation": "CNAS L1234",
            "operating_conditions": "COD 3000 mg/L",
            "file": SimpleUploadedFile("report.pdf", b"%PDF-1.4 data", "application/pdf"),
        },
    )
    assert response.status_code == 302
    made = VerificationDataSet.objects.get()

    # The lab's own staff do not even see the review.
    client.force_login(lab_user)
    review_url = reverse("assessment:verification_data_review", args=[made.pk])
    response = client.post(review_url, {f"review{made.pk}-accepted": "1"})
    assert response.status_code == 404
    made.refresh_from_db()
    assert made.status == "pending"

    client.force_login(verifier)
    response = client.post(review_url, {f"review{made.pk}-accepted": "0"})
    assert response.status_code == 400
    assert "Say why the data are not accepted." in response.content.decode()
    response = client.post(review_url, {f"review{made.pk}-accepted": "1"})
    assert response.status_code == 302

    act = "assessment:verification_act"
    response = client.post(reverse(act, args=[application.pk, "report"]), {})
    assert response.status_code == 400
    response = client.post(
        reverse(act, args=[application.pk, "report"]), {"report-conclusions": "Confirmed."}
    )
    assert response.status_code == 302
    response = client.post(reverse(act, args=[application.pk, "issue"]), {})
    assert response.status_code == 302
    statement = VerificationStatement.objects.get()
    page = client.get(application.get_absolute_url()).content.decode()
    assert statement.number in page and 'data-testid="verification-issue"' not in page

    client.logout()
    public = client.get(statement.get_absolute_url())
    assert public.status_code == 200
    text = public.content.decode()
    assert 'data-testid="statement-valid"' in text and "CNAS L1234" in text
    forged = client.get(reverse("assessment:verification_statement", args=["AAAAA-BBBBB"]))
    assert (
        forged.status_code == 404 and 'data-testid="statement-invalid"' in forged.content.decode()
    )


def test_a_member_cannot_appoint_the_verifier(client, member, verifier_org, etv_submitted):
    client.force_login(member)
    response = client.post(
        reverse("assessment:verification_plan", args=[etv_submitted.pk]),
        {
            "verifier": verifier_org.pk,
            "parameters": ["COD removal"],
            "test_methods": "x",
            "data_requirements": "y",
        },
    )
    assert response.status_code == 403
    assert not VerificationPlan.objects.exists()


def test_the_versions_page_costs_the_same_queries_however_many_versions(client, member, etv_draft):
    client.force_login(member)
    url = reverse("assessment:verification_claims", args=[etv_draft.pk])
    verification.save_performance_claim(actor=member, application=etv_draft, parameters=CLAIMED)

    def more_versions():
        for maximum in ("96", "97", "98"):
            verification.save_performance_claim(
                actor=member,
                application=etv_draft,
                parameters=[CLAIMED[0] | {"maximum": maximum}, CLAIMED[1]],
            )

    assert_flat_query_count(lambda: client.get(url), more_versions, expected=12)


def test_claimed_figures_read_as_written(client, member, etv_draft):
    verification.save_performance_claim(
        actor=member,
        application=etv_draft,
        parameters=[CLAIMED[0] | {"minimum": "98.50", "maximum": "100"}],
    )
    client.force_login(member)
    page = client.get(reverse("assessment:verification_claims", args=[etv_draft.pk]))
    text = page.content.decode()
    assert ">98.5<" in text and ">100<" in text and "1E+2" not in text
    editor = client.get(reverse("assessment:verification_claim", args=[etv_draft.pk]))
    assert 'value="100"' in editor.content.decode()
