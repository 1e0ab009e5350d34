"""Credit records of organisations (失信记录, 信用修复): staff record and repair them through the
registry's services, from the organisation's page and through the API; everyone reads them; a
record is active from its decision until it expires or is repaired."""

import datetime

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from rest_framework.test import APIClient

from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from gtis.registry import selectors, services
from gtis.registry.models import CreditKind, CreditRecord
from tests.factories import OrganisationFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

D = datetime.date
AUTHORITY = "北京市知识产权局"
DECISION = {
    "kind": CreditKind.SERIOUS_IP_INFRINGEMENT,
    "authority": AUTHORITY,
    "document_number": "京知信〔2024〕12号",
    "decided_on": D(2024, 3, 1),
    "summary": "重复专利侵权，列入严重失信主体名单。",
}


@pytest.fixture
def staff(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    return users[Role.ORGANISATION_MEMBER]


def record(actor, organisation, **overrides):
    return services.record_credit_event(
        actor=actor, organisation=organisation, **(DECISION | overrides)
    )


@pytest.fixture
def api():
    """api(user): a client for `user` (None: anonymous) that reads messages in English."""

    def make(user=None):
        client = APIClient()
        if user is not None:
            client.force_authenticate(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


# Services ----------------------------------------------------------------------------------------


def test_staff_record_a_credit_event_audited_and_kept_in_history(staff, organisation):
    made = record(staff, organisation, in_force_until=D(2027, 2, 28))

    saved = CreditRecord.objects.get()
    assert (saved.pk, saved.organisation, saved.kind, saved.document_number) == (
        made.pk,
        organisation,
        "serious_ip_infringement",
        "京知信〔2024〕12号",
    )
    assert (saved.in_force_until, saved.recorded_by, saved.repaired_on) == (
        D(2027, 2, 28),
        staff,
        None,
    )
    event = AuditEvent.objects.get(action="record_credit_event")
    assert (event.actor, event.object_id) == (staff, str(organisation.pk))
    assert event.changes["document_number"] == "京知信〔2024〕12号"
    assert [(h.history_type, h.history_user) for h in saved.history.all()] == [("+", staff)]


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"kind": "parking_fine"}, "kind", "Choose the kind of credit record."),
        ({"authority": "  "}, "authority", "Give the authority that decided."),
        ({"document_number": ""}, "document_number", "Give the decision's document number."),
        ({"decided_on": None}, "decided_on", "Give the date of the decision."),
        (
            {"decided_on": D.today() + datetime.timedelta(days=1)},
            "decided_on",
            "A decision cannot be dated in the future.",
        ),
        ({"summary": ""}, "summary", "Summarise what was decided."),
        (
            {"in_force_until": D(2024, 2, 29)},
            "in_force_until",
            "A record cannot end before it was decided.",
        ),
    ],
)
def test_a_bad_credit_event_is_refused_naming_the_field(
    staff, organisation, overrides, field, message
):
    with pytest.raises(ValidationError) as error:
        record(staff, organisation, **overrides)

    assert error.value.message_dict == {field: [message]}
    assert not CreditRecord.objects.exists()
    assert not AuditEvent.objects.filter(action="record_credit_event").exists()


def test_the_same_decision_is_recorded_once_per_organisation(staff, organisation):
    record(staff, organisation)

    with pytest.raises(ValidationError) as error:
        record(staff, organisation, summary="再次录入")

    assert error.value.message_dict == {
        "document_number": ["This decision is already recorded for this organisation."]
    }
    assert CreditRecord.objects.count() == 1
    # The same decision may list another organisation.
    record(staff, OrganisationFactory())
    assert CreditRecord.objects.count() == 2


def test_only_staff_record_and_repair_credit_records(users, staff, organisation):
    made = record(staff, organisation)
    seller_admin = users[Role.ORGANISATION_MEMBER]
    for actor in (seller_admin, users[Role.DEPARTMENT_OFFICER], users[Role.EXPERT]):
        with pytest.raises(PermissionDenied):
            record(actor, organisation, document_number="京知信〔2024〕13号")
        with pytest.raises(PermissionDenied):
            services.repair_credit_record(
                actor=actor, record=made, repaired_on=D(2024, 6, 1), reason="自行移出"
            )

    made.refresh_from_db()
    assert (CreditRecord.objects.count(), made.repaired_on, made.repair_reason) == (1, None, "")
    assert not AuditEvent.objects.filter(action="repair_credit_record").exists()


def test_staff_repair_a_record_with_the_reason_audited(staff, organisation):
    made = record(staff, organisation)

    services.repair_credit_record(
        actor=staff, record=made, repaired_on=D(2025, 1, 10), reason="  已履行赔偿，准予信用修复。 "
    )

    made.refresh_from_db()
    assert (made.repaired_on, made.repair_reason, made.repaired_by) == (
        D(2025, 1, 10),
        "已履行赔偿，准予信用修复。",
        staff,
    )
    assert made.standing == "repaired"
    event = AuditEvent.objects.get(action="repair_credit_record")
    assert event.changes["reason"] == "已履行赔偿，准予信用修复。"
    assert made.history.first().repaired_on == D(2025, 1, 10)


@pytest.mark.parametrize(
    ("repaired_on", "reason", "errors"),
    [
        (D(2025, 1, 10), " ", {"reason": ["Give the reason for the repair or withdrawal."]}),
        (None, "撤销", {"repaired_on": ["Give the date of the repair."]}),
        (
            D(2024, 2, 1),
            "撤销",
            {"repaired_on": ["A record cannot be repaired before it was decided."]},
        ),
        (
            D.today() + datetime.timedelta(days=1),
            "撤销",
            {"repaired_on": ["A repair cannot be dated in the future."]},
        ),
    ],
)
def test_a_bad_repair_is_refused_naming_the_field(staff, organisation, repaired_on, reason, errors):
    made = record(staff, organisation)

    with pytest.raises(ValidationError) as error:
        services.repair_credit_record(
            actor=staff, record=made, repaired_on=repaired_on, reason=reason
        )

    assert error.value.message_dict == errors
    made.refresh_from_db()
    assert (made.repaired_on, made.repair_reason) == (None, "")


def test_a_record_is_repaired_once(staff, organisation):
    made = record(staff, organisation)
    services.repair_credit_record(
        actor=staff, record=made, repaired_on=D(2025, 1, 10), reason="修复"
    )

    with pytest.raises(ValidationError) as error:
        services.repair_credit_record(
            actor=staff, record=made, repaired_on=D(2025, 2, 1), reason="再次修复"
        )

    assert error.value.message_dict == {
        "repaired_on": ["This record was already repaired on 2025-01-10."]
    }
    made.refresh_from_db()
    assert (made.repaired_on, made.repair_reason) == (D(2025, 1, 10), "修复")


# Active, expired, repaired -----------------------------------------------------------------------


def test_a_record_is_active_from_its_decision_until_it_expires_or_is_repaired(staff, organisation):
    open_ended = record(staff, organisation, document_number="A", decided_on=D(2022, 1, 1))
    expiring = record(
        staff,
        organisation,
        document_number="B",
        decided_on=D(2022, 1, 1),
        in_force_until=D(2023, 12, 31),
    )
    repaired = record(staff, organisation, document_number="C", decided_on=D(2022, 1, 1))
    services.repair_credit_record(
        actor=staff, record=repaired, repaired_on=D(2023, 6, 1), reason="修复"
    )

    def active(day):
        return set(CreditRecord.objects.active(on=day).values_list("document_number", flat=True))

    assert active(D(2021, 12, 31)) == set()
    assert active(D(2022, 1, 1)) == {"A", "B", "C"}
    assert active(D(2023, 5, 31)) == {"A", "B", "C"}
    assert active(D(2023, 6, 1)) == {"A", "B"}
    assert active(D(2023, 12, 31)) == {"A", "B"}
    assert active(D(2024, 1, 1)) == {"A"}
    assert [r.standing_on(D(2024, 1, 1)) for r in (open_ended, expiring, repaired)] == [
        "active",
        "expired",
        "repaired",
    ]
    assert (expiring.is_active_on(D(2023, 12, 31)), expiring.is_active_on(D(2024, 1, 1))) == (
        True,
        False,
    )


def test_the_selector_gives_an_organisations_active_records_of_the_kinds_asked(staff, organisation):
    other = OrganisationFactory()
    infringement = record(staff, organisation, document_number="A")
    environment = record(
        staff, organisation, document_number="B", kind=CreditKind.ENVIRONMENTAL_VIOLATION
    )
    record(staff, other, document_number="C")

    assert list(selectors.active_credit_records(organisation)) == [environment, infringement]
    assert list(
        selectors.active_credit_records(organisation, kinds=["serious_ip_infringement"])
    ) == [infringement]
    assert list(selectors.active_credit_records(organisation, on=D(2024, 2, 29))) == []


# Pages -------------------------------------------------------------------------------------------


def test_the_organisation_page_shows_its_credit_records_to_everyone(client, staff, organisation):
    active = record(staff, organisation, document_number="京知信〔2024〕12号")
    repaired = record(
        staff, organisation, document_number="京知信〔2021〕3号", decided_on=D(2021, 5, 1)
    )
    services.repair_credit_record(
        actor=staff, record=repaired, repaired_on=D(2022, 5, 1), reason="已履行，准予信用修复。"
    )

    page = client.get(reverse("registry:organisation_detail", args=[organisation.pk]))

    assert page.status_code == 200
    rows = {r.pk: r for r in page.context["credit_records"]}
    assert list(rows) == [active.pk, repaired.pk]
    html = page.content.decode()
    for text in (AUTHORITY, "京知信〔2024〕12号", "京知信〔2021〕3号", "已履行，准予信用修复。"):
        assert text in html
    # the public gets no forms
    assert reverse("registry:credit_record_create", args=[organisation.pk]) not in html
    assert reverse("registry:credit_record_repair", args=[active.pk]) not in html


def test_staff_see_the_forms_to_record_and_repair(client, staff, organisation):
    active = record(staff, organisation)
    staff.language = "en"
    staff.save()
    client.force_login(staff)

    html = client.get(reverse("registry:organisation_detail", args=[organisation.pk])).content
    page = html.decode()

    assert reverse("registry:credit_record_create", args=[organisation.pk]) in page
    assert reverse("registry:credit_record_repair", args=[active.pk]) in page


def test_staff_record_a_credit_event_through_the_page(client, staff, organisation):
    client.force_login(staff)
    url = reverse("registry:credit_record_create", args=[organisation.pk])

    response = client.post(
        url,
        {
            "kind": "serious_ip_infringement",
            "authority": AUTHORITY,
            "document_number": "京知信〔2024〕12号",
            "decided_on": "2024-03-01",
            "in_force_until": "",
            "summary": "重复侵权。",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == organisation.get_absolute_url()
    saved = CreditRecord.objects.get()
    assert (saved.authority, saved.decided_on, saved.in_force_until) == (
        AUTHORITY,
        D(2024, 3, 1),
        None,
    )


def test_a_bad_credit_event_through_the_page_names_the_field_and_adds_nothing(
    client, staff, organisation
):
    record(staff, organisation)
    staff.language = "en"
    staff.save()
    client.force_login(staff)

    response = client.post(
        reverse("registry:credit_record_create", args=[organisation.pk]),
        {
            "kind": "serious_ip_infringement",
            "authority": AUTHORITY,
            "document_number": "京知信〔2024〕12号",
            "decided_on": "2024-03-01",
            "summary": "重复录入。",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "document_number": ["This decision is already recorded for this organisation."]
    }
    assert CreditRecord.objects.count() == 1


def test_a_member_cannot_record_through_the_page(client, member, organisation):
    client.force_login(member)

    response = client.post(
        reverse("registry:credit_record_create", args=[organisation.pk]),
        {**DECISION, "decided_on": "2024-03-01"},
    )

    assert response.status_code == 403
    assert not CreditRecord.objects.exists()


def test_staff_repair_through_the_page_and_others_cannot(client, staff, member, organisation):
    made = record(staff, organisation)
    url = reverse("registry:credit_record_repair", args=[made.pk])
    client.force_login(member)
    assert client.post(url, {"repaired_on": "2025-01-10", "reason": "自行移出"}).status_code == 403
    made.refresh_from_db()
    assert made.repaired_on is None

    client.force_login(staff)
    assert client.get(url).status_code == 200
    response = client.post(url, {"repaired_on": "2025-01-10", "reason": "准予信用修复。"})

    assert response.status_code == 302
    assert response["Location"] == f"{organisation.get_absolute_url()}#credit-records"
    made.refresh_from_db()
    assert (made.repaired_on, made.repair_reason) == (D(2025, 1, 10), "准予信用修复。")


# API ---------------------------------------------------------------------------------------------


def test_everyone_reads_credit_records_through_the_api(api, staff, organisation):
    made = record(staff, organisation)

    body = api().get("/api/registry/credit-records/", {"organisation": organisation.pk}).json()

    assert body["results"] == [
        {
            "id": made.pk,
            "organisation": organisation.pk,
            "organisation_name": "华清绿能科技有限公司",
            "kind": "serious_ip_infringement",
            "authority": AUTHORITY,
            "document_number": "京知信〔2024〕12号",
            "decided_on": "2024-03-01",
            "summary": "重复专利侵权，列入严重失信主体名单。",
            "in_force_until": None,
            "repaired_on": None,
            "repair_reason": "",
            "standing": "active",
        }
    ]


def test_the_public_does_not_see_records_of_unverified_organisations(api, staff):
    hidden = OrganisationFactory(verification="unverified")
    record(staff, hidden)

    assert api().get("/api/registry/credit-records/").json()["results"] == []
    assert len(api(staff).get("/api/registry/credit-records/").json()["results"]) == 1


def test_staff_record_and_repair_through_the_api(api, staff, organisation):
    created = api(staff).post(
        "/api/registry/credit-records/",
        {**DECISION, "organisation": organisation.pk, "decided_on": "2024-03-01"},
        format="json",
    )
    assert created.status_code == 201, created.json()
    pk = created.json()["id"]
    assert AuditEvent.objects.filter(action="record_credit_event").count() == 1

    repaired = api(staff).post(
        f"/api/registry/credit-records/{pk}/repair/",
        {"repaired_on": "2025-01-10", "reason": "准予信用修复。"},
        format="json",
    )

    assert repaired.status_code == 200, repaired.json()
    assert (repaired.json()["repaired_on"], repaired.json()["standing"]) == (
        "2025-01-10",
        "repaired",
    )
    assert AuditEvent.objects.filter(action="repair_credit_record").count() == 1


@pytest.mark.parametrize(
    ("overrides", "errors"),
    [
        ({"authority": ""}, {"authority": ["Give the authority that decided."]}),
        ({"kind": "parking_fine"}, {"kind": ['"parking_fine" is not a valid choice.']}),
        ({"decided_on": "yesterday"}, None),
        ({"organisation": 999999}, None),
    ],
)
def test_a_bad_credit_event_through_the_api_is_a_400_naming_the_field(
    api, staff, organisation, overrides, errors
):
    data = {**DECISION, "organisation": organisation.pk, "decided_on": "2024-03-01"}

    response = api(staff).post("/api/registry/credit-records/", data | overrides, format="json")

    assert response.status_code == 400
    if errors is None:
        assert list(response.json()["errors"]) == list(overrides)
    else:
        assert response.json()["errors"] == errors
    assert not CreditRecord.objects.exists()


def test_members_cannot_record_or_repair_through_the_api(api, staff, member, organisation):
    made = record(staff, organisation)

    created = api(member).post(
        "/api/registry/credit-records/",
        {**DECISION, "organisation": organisation.pk, "decided_on": "2024-03-01"},
        format="json",
    )
    repaired = api(member).post(
        f"/api/registry/credit-records/{made.pk}/repair/",
        {"repaired_on": "2025-01-10", "reason": "自行移出"},
        format="json",
    )

    assert (created.status_code, repaired.status_code) == (403, 403)
    made.refresh_from_db()
    assert (CreditRecord.objects.count(), made.repaired_on) == (1, None)
