"""The registry API for experts and designations: who reads what, who writes, bad input, and
list pages that cost the same number of queries however many rows they show."""

import datetime

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from gtis.accounts.models import OrganisationRole
from gtis.catalog.models import Taxonomy, TaxonomyNode
from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from gtis.registry.models import (
    DeclaredRelationship,
    Designation,
    DesignationStatus,
    Expert,
    PastAffiliation,
    Programme,
    Site,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_flat_query_count

pytestmark = pytest.mark.django_db

PUBLIC_EXPERT_KEYS = {
    "id",
    "name",
    "name_en",
    "title",
    "affiliation",
    "affiliation_name",
    "position",
    "fields",
    "expertise",
    "availability",
    "availability_note",
    "is_listed",
    "past_affiliations",
}


@pytest.fixture
def api(api_as):
    """api(user): a client for `user` (None: anonymous) that reads messages in English."""

    def make(user=None):
        client = api_as(user) if user is not None else APIClient()
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return make


@pytest.fixture
def staff(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def member(users):
    return users[Role.ORGANISATION_MEMBER]


@pytest.fixture
def organisation_admin(organisation):
    return UserFactory(
        username="orgadmin",
        role=Role.ORGANISATION_MEMBER,
        organisation=organisation,
        organisation_role=OrganisationRole.ADMIN,
    )


@pytest.fixture
def bond_node(db):
    """A node of another taxonomy, which is no expert's field."""
    bonds = Taxonomy.objects.create(code="gbc-2021", name="绿色债券支持项目目录（2021年版）")
    return TaxonomyNode.objects.add_root({"taxonomy": bonds, "code": "9", "name": "其他"})


@pytest.fixture
def tsinghua(db):
    return OrganisationFactory(name="清华大学", kind="university")


@pytest.fixture
def wang(green_fields, tsinghua):
    """A listed expert with contacts and two fields."""
    expert = Expert.objects.create(
        name="王建国",
        name_en="Wang Jianguo",
        title="教授",
        affiliation=tsinghua,
        position="环境学院院长",
        expertise="工业节能与余热利用",
        email="wang@tsinghua.edu.cn",
        phone="010-62780000",
    )
    expert.fields.set([green_fields["1"], green_fields["1.1"]])
    return expert


@pytest.fixture
def hidden(db):
    """An expert outside the public pool."""
    return Expert.objects.create(name="李清", title="研究员", is_listed=False)


def expert_data(**overrides):
    return {
        "name": "赵敏",
        "title": "正高级工程师",
        "fields": ["3"],
        "availability": "limited",
        "email": "zhao@example.com",
        **overrides,
    }


# Reading experts ---------------------------------------------------------------------------------


def test_the_public_sees_listed_experts_without_their_contacts(api, wang, hidden, tsinghua):
    response = api().get("/api/registry/experts/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert body["results"] == [
        {
            "id": wang.pk,
            "name": "王建国",
            "name_en": "Wang Jianguo",
            "title": "教授",
            "affiliation": tsinghua.pk,
            "affiliation_name": "清华大学",
            "position": "环境学院院长",
            "fields": ["1", "1.1"],
            "expertise": "工业节能与余热利用",
            "availability": "available",
            "availability_note": "",
            "is_listed": True,
            "past_affiliations": [],
        }
    ]
    assert api().get(f"/api/registry/experts/{hidden.pk}/").status_code == 404


def test_staff_see_the_whole_pool_with_contacts(api, staff, wang, hidden):
    body = api(staff).get("/api/registry/experts/").json()

    assert [(row["name"], row["email"], row["phone"]) for row in body["results"]] == [
        ("李清", "", ""),
        ("王建国", "wang@tsinghua.edu.cn", "010-62780000"),
    ]


def test_an_expert_sees_their_own_contacts_but_not_anothers(api, users, wang):
    own = Expert.objects.create(
        name="陈红", title="研究员", email="chen@example.com", user=users[Role.EXPERT]
    )

    body = api(users[Role.EXPERT]).get("/api/registry/experts/").json()

    rows = {row["id"]: row for row in body["results"]}
    assert rows[own.pk]["email"] == "chen@example.com"
    assert set(rows[wang.pk]) == PUBLIC_EXPERT_KEYS


def test_an_organisation_member_does_not_see_expert_contacts(api, member, wang):
    data = api(member).get(f"/api/registry/experts/{wang.pk}/").json()

    assert set(data) == PUBLIC_EXPERT_KEYS


def test_the_expert_list_filters_by_search_field_and_availability(api, green_fields, wang):
    solar = Expert.objects.create(name="周光", title="研究员", availability="limited")
    solar.fields.set([green_fields["3"]])

    def names(**params):
        return [
            row["name"] for row in api().get("/api/registry/experts/", params).json()["results"]
        ]

    assert names(search="余热") == ["王建国"]
    assert names(search="清华") == ["王建国"]
    assert names(field="1") == ["王建国"]
    assert names(field="3") == ["周光"]
    assert names(availability="limited") == ["周光"]
    assert names(field="1", availability="limited") == []


def test_an_unknown_availability_is_a_400_naming_it(api, wang):
    response = api().get("/api/registry/experts/", {"availability": "busy"})

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "availability": ["Choose one of: available, limited, unavailable."]
    }


# Writing experts ---------------------------------------------------------------------------------


def test_staff_add_an_expert_with_fields_by_code(api, staff, green_fields, tsinghua):
    response = api(staff).post(
        "/api/registry/experts/", expert_data(affiliation=tsinghua.pk), format="json"
    )

    assert response.status_code == 201, response.json()
    expert = Expert.objects.get(name="赵敏")
    body = response.json()
    assert (body["id"], body["fields"], body["affiliation_name"], body["email"]) == (
        expert.pk,
        ["3"],
        "清华大学",
        "zhao@example.com",
    )
    assert list(expert.fields.values_list("code", flat=True)) == ["3"]
    assert (expert.availability, expert.affiliation, expert.is_listed) == (
        "limited",
        tsinghua,
        True,
    )
    event = AuditEvent.objects.for_object(expert).get(action="create")
    assert event.actor == staff
    assert event.changes["fields"] == [str(green_fields["3"].pk)]


@pytest.mark.parametrize("code", ["7", "9"], ids=["no-such-node", "node-of-another-taxonomy"])
def test_an_unknown_field_code_is_a_400_naming_fields_and_adds_nothing(
    api, staff, green_fields, bond_node, code
):
    response = api(staff).post("/api/registry/experts/", expert_data(fields=[code]), format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["fields"]
    assert response.json()["errors"]["fields"] == [f"Object with code={code} does not exist."]
    assert not Expert.objects.exists()


def test_a_bad_availability_is_a_400_naming_it_and_adds_nothing(api, staff, green_fields):
    response = api(staff).post(
        "/api/registry/experts/", expert_data(availability="busy"), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["availability"]
    assert not Expert.objects.exists()


@pytest.mark.parametrize("role", [Role.ORGANISATION_MEMBER, Role.DEPARTMENT_OFFICER, Role.EXPERT])
def test_only_staff_add_experts(api, users, green_fields, role):
    response = api(users[role]).post("/api/registry/experts/", expert_data(), format="json")

    assert response.status_code == 403
    assert response.json()["code"] == "permission_denied"
    assert not Expert.objects.exists()


def test_an_anonymous_expert_write_is_refused(api, wang):
    created = api().post("/api/registry/experts/", expert_data(), format="json")
    changed = api().patch(f"/api/registry/experts/{wang.pk}/", {"title": "院士"}, format="json")

    assert (created.status_code, changed.status_code) == (401, 401)
    assert list(Expert.objects.values_list("name", "title")) == [("王建国", "教授")]


def test_an_expert_updates_their_own_profile_and_keeps_their_fields(api, users, green_fields, wang):
    wang.user = users[Role.EXPERT]
    wang.save()

    response = api(users[Role.EXPERT]).patch(
        f"/api/registry/experts/{wang.pk}/",
        {"availability": "limited", "availability_note": "2025年下半年出访"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["availability"], response.json()["fields"]) == ("limited", ["1", "1.1"])
    wang.refresh_from_db()
    assert (wang.availability, wang.availability_note) == ("limited", "2025年下半年出访")
    assert list(wang.fields.values_list("code", flat=True)) == ["1", "1.1"]
    event = AuditEvent.objects.for_object(wang).get(action="update")
    assert event.changes == {
        "availability": ["available", "limited"],
        "availability_note": ["", "2025年下半年出访"],
    }


def test_staff_replace_an_experts_fields(api, staff, green_fields, wang):
    response = api(staff).patch(
        f"/api/registry/experts/{wang.pk}/", {"fields": ["3"]}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["fields"] == ["3"]
    assert list(wang.fields.values_list("code", flat=True)) == ["3"]


def test_an_expert_cannot_update_another_experts_profile(api, users, wang):
    response = api(users[Role.EXPERT]).patch(
        f"/api/registry/experts/{wang.pk}/", {"title": "院士"}, format="json"
    )

    assert response.status_code == 403
    wang.refresh_from_db()
    assert wang.title == "教授"
    assert not AuditEvent.objects.filter(action="update").exists()


# Ties and conflicts of interest ------------------------------------------------------------------


def test_staff_record_past_affiliations_and_relationships_shown_on_the_profile(api, staff, wang):
    sinopec = OrganisationFactory(name="中国石油化工集团有限公司")
    client = api(staff)

    past = client.post(
        f"/api/registry/experts/{wang.pk}/past-affiliations/",
        {"organisation": sinopec.pk, "position": "总工程师", "ended_on": "2022-12-31"},
        format="json",
    )
    tie = client.post(
        f"/api/registry/experts/{wang.pk}/relationships/",
        {
            "organisation": sinopec.pk,
            "kind": "consulting",
            "description": "技术顾问",
            "declared_on": "2023-03-01",
        },
        format="json",
    )

    assert (past.status_code, tie.status_code) == (201, 201)
    profile = client.get(f"/api/registry/experts/{wang.pk}/").json()
    assert profile["past_affiliations"] == [
        {
            "id": PastAffiliation.objects.get().pk,
            "organisation": sinopec.pk,
            "organisation_name": "中国石油化工集团有限公司",
            "position": "总工程师",
            "started_on": None,
            "ended_on": "2022-12-31",
        }
    ]
    assert profile["relationships"] == [
        {
            "id": DeclaredRelationship.objects.get().pk,
            "organisation": sinopec.pk,
            "organisation_name": "中国石油化工集团有限公司",
            "kind": "consulting",
            "description": "技术顾问",
            "declared_on": "2023-03-01",
            "ends_on": None,
        }
    ]
    assert list(
        AuditEvent.objects.for_object(wang).order_by("pk").values_list("action", flat=True)
    ) == ["record_past_affiliation", "declare_relationship"]


def test_a_past_affiliation_ending_before_it_started_is_a_400_naming_ended_on(api, staff, wang):
    response = api(staff).post(
        f"/api/registry/experts/{wang.pk}/past-affiliations/",
        {"organisation": wang.affiliation_id, "started_on": "2020-01-01", "ended_on": "2019-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"ended_on": ["The end comes before the start."]}
    assert not PastAffiliation.objects.exists()


def test_a_relationship_of_an_unknown_kind_or_organisation_is_a_400_naming_them(api, staff, wang):
    response = api(staff).post(
        f"/api/registry/experts/{wang.pk}/relationships/",
        {"organisation": 999999, "kind": "friendship"},
        format="json",
    )

    assert response.status_code == 400
    assert sorted(response.json()["errors"]) == ["kind", "organisation"]
    assert not DeclaredRelationship.objects.exists()


def test_a_member_cannot_record_ties_for_an_expert(api, member, wang):
    client = api(member)

    past = client.post(
        f"/api/registry/experts/{wang.pk}/past-affiliations/",
        {"organisation": wang.affiliation_id, "ended_on": "2022-12-31"},
        format="json",
    )
    tie = client.post(
        f"/api/registry/experts/{wang.pk}/relationships/",
        {"organisation": wang.affiliation_id, "kind": "family"},
        format="json",
    )

    assert (past.status_code, tie.status_code) == (403, 403)
    assert not PastAffiliation.objects.exists()
    assert not DeclaredRelationship.objects.exists()


@pytest.fixture
def ties(wang):
    """Wang's former employer (left 2022), an old one (left 2019) and two declared ties."""
    recent = OrganisationFactory(name="中国石油化工集团有限公司")
    old = OrganisationFactory(name="北京环境科学研究院")
    shareholding = OrganisationFactory(name="绿源环保科技有限公司")
    wang.past_affiliations.create(organisation=recent, ended_on=datetime.date(2022, 12, 31))
    wang.past_affiliations.create(organisation=old, ended_on=datetime.date(2019, 6, 30))
    wang.relationships.create(
        organisation=shareholding, kind="shareholding", declared_on=datetime.date(2023, 1, 1)
    )
    wang.relationships.create(
        organisation=old,
        kind="consulting",
        declared_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2024, 1, 1),
    )
    return {"recent": recent, "old": old, "shareholding": shareholding}


def test_staff_check_an_experts_conflicts_of_interest(api, staff, wang, tsinghua, ties):
    unrelated = OrganisationFactory(name="无关公司")
    ids = [tsinghua, ties["recent"], ties["old"], ties["shareholding"], unrelated]

    response = api(staff).get(
        f"/api/registry/experts/{wang.pk}/conflicts/",
        {"organisations": ",".join(str(o.pk) for o in ids), "on": "2024-06-30"},
    )

    assert response.status_code == 200, response.json()
    assert response.json() == [
        {
            "organisation": tsinghua.pk,
            "organisation_name": "清华大学",
            "reason": "Works there now.",
        },
        {
            "organisation": ties["recent"].pk,
            "organisation_name": "中国石油化工集团有限公司",
            "reason": "Worked there until 2022-12-31.",
        },
        {
            "organisation": ties["shareholding"].pk,
            "organisation_name": "绿源环保科技有限公司",
            "reason": "Declared relationship: Shareholding.",
        },
    ]


def test_the_public_sees_past_affiliations_but_not_declared_relationships(api, member, wang, ties):
    public = api().get(f"/api/registry/experts/{wang.pk}/").json()
    members = api(member).get(f"/api/registry/experts/{wang.pk}/").json()

    assert "relationships" not in public and "relationships" not in members
    assert [row["organisation_name"] for row in public["past_affiliations"]] == [
        "中国石油化工集团有限公司",
        "北京环境科学研究院",
    ]


def test_an_expert_sees_their_own_declared_relationships(api, users, wang, ties):
    wang.user = users[Role.EXPERT]
    wang.save()

    profile = api(users[Role.EXPERT]).get(f"/api/registry/experts/{wang.pk}/").json()

    assert [(row["organisation_name"], row["kind"]) for row in profile["relationships"]] == [
        ("绿源环保科技有限公司", "shareholding"),
        ("北京环境科学研究院", "consulting"),
    ]


def test_conflicts_are_not_shown_to_members_or_the_public(api, member, wang, ties):
    params = {"organisations": str(ties["recent"].pk)}

    assert api(member).get(f"/api/registry/experts/{wang.pk}/conflicts/", params).status_code == 403
    assert api().get(f"/api/registry/experts/{wang.pk}/conflicts/", params).status_code == 401


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({}, "organisations"),
        ({"organisations": "1,x"}, "organisations"),
        ({"organisations": "999999"}, "organisations"),
        ({"organisations": "{recent}", "on": "30/06/2024"}, "on"),
    ],
)
def test_bad_conflict_parameters_are_a_400_naming_them(api, staff, wang, ties, params, field):
    params = {key: value.format(recent=ties["recent"].pk) for key, value in params.items()}

    response = api(staff).get(f"/api/registry/experts/{wang.pk}/conflicts/", params)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_the_expert_list_costs_the_same_queries_for_more_experts(
    api, staff, green_fields, wang, ties
):
    client = api(staff)

    def add_experts():
        for n in range(3):
            expert = Expert.objects.create(
                name=f"专家{n}", title="研究员", affiliation=OrganisationFactory()
            )
            expert.fields.set([green_fields["3"], green_fields["1.1"]])
            expert.past_affiliations.create(
                organisation=OrganisationFactory(), ended_on=datetime.date(2021, 1, 1)
            )
            expert.relationships.create(organisation=OrganisationFactory(), kind="family")

    # count, experts with affiliations, fields, past affiliations, relationships
    assert_flat_query_count(lambda: client.get("/api/registry/experts/"), add_experts, expected=5)


# Designations ------------------------------------------------------------------------------------


@pytest.fixture
def factories(db):
    return Programme.objects.create(code="green-factory", name="绿色工厂名单", validity_years=3)


@pytest.fixture
def centre(db):
    return Site.objects.create(name="国家绿色技术创新中心", kind="innovation_centre", province="11")


@pytest.fixture
def designation(factories, organisation):
    return Designation.objects.create(
        programme=factories,
        organisation=organisation,
        batch="1",
        designated_on=datetime.date(2021, 1, 1),
        valid_until=datetime.date(2024, 1, 1),
    )


def test_designations_of_organisations_and_sites_read_alike(
    api, factories, organisation, centre, designation
):
    of_site = Designation.objects.create(
        programme=factories, site=centre, batch="2", designated_on=datetime.date(2022, 5, 1)
    )

    results = api().get("/api/registry/designations/").json()["results"]

    assert [
        (row["id"], row["organisation"], row["organisation_name"], row["site"], row["site_name"])
        for row in results
    ] == [
        (designation.pk, organisation.pk, "华清绿能科技有限公司", None, None),
        (of_site.pk, None, None, centre.pk, "国家绿色技术创新中心"),
    ]
    assert (results[0]["renewed_on"], results[0]["status"]) == (None, "active")
    site_only = api().get("/api/registry/designations/", {"site": centre.pk}).json()
    assert [row["id"] for row in site_only["results"]] == [of_site.pk]


def test_staff_designate_an_organisation_valid_for_the_programmes_years(
    api, staff, factories, organisation
):
    response = api(staff).post(
        "/api/registry/designations/",
        {
            "programme": "green-factory",
            "organisation": organisation.pk,
            "batch": "5",
            "designated_on": "2024-02-29",
            "source_document": "工信厅节函〔2024〕1号",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    designation = Designation.objects.get()
    body = response.json()
    assert (body["id"], body["programme"], body["valid_until"], body["status"]) == (
        designation.pk,
        "green-factory",
        "2027-02-28",
        "active",
    )
    assert (designation.organisation, designation.site, designation.created_by) == (
        organisation,
        None,
        staff,
    )
    assert AuditEvent.objects.get(action="designate").object_id == str(organisation.pk)


def test_staff_designate_a_site(api, staff, factories, centre):
    response = api(staff).post(
        "/api/registry/designations/",
        {"programme": "green-factory", "site": centre.pk, "designated_on": "2023-06-01"},
        format="json",
    )

    assert response.status_code == 201, response.json()
    assert (response.json()["site_name"], response.json()["organisation"]) == (
        "国家绿色技术创新中心",
        None,
    )
    assert Designation.objects.get().site == centre


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"site": None}, "non_field_errors"),
        ({"programme": "no-such-list"}, "programme"),
        ({"designated_on": None}, "designated_on"),
        ({"site": 999999}, "site"),
    ],
)
def test_bad_designations_are_a_400_naming_the_field_and_add_nothing(
    api, staff, factories, centre, overrides, field
):
    data = {"programme": "green-factory", "site": centre.pk, "designated_on": "2023-06-01"}

    response = api(staff).post("/api/registry/designations/", {**data, **overrides}, format="json")

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not Designation.objects.exists()


def test_naming_both_an_organisation_and_a_site_is_refused(
    api, staff, factories, organisation, centre
):
    response = api(staff).post(
        "/api/registry/designations/",
        {
            "programme": "green-factory",
            "organisation": organisation.pk,
            "site": centre.pk,
            "designated_on": "2023-06-01",
        },
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["Designate either an organisation or a site."]
    }
    assert not Designation.objects.exists()


def test_an_organisation_admin_cannot_designate_their_own_organisation(
    api, organisation_admin, factories, organisation
):
    response = api(organisation_admin).post(
        "/api/registry/designations/",
        {
            "programme": "green-factory",
            "organisation": organisation.pk,
            "designated_on": "2023-06-01",
        },
        format="json",
    )

    assert response.status_code == 403
    assert not Designation.objects.exists()


def test_staff_renew_a_designation(api, staff, designation):
    response = api(staff).post(
        f"/api/registry/designations/{designation.pk}/renew/",
        {"renewed_on": "2024-01-01", "source_document": "复核通过名单"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["renewed_on"], body["valid_until"], body["source_document"]) == (
        "2024-01-01",
        "2027-01-01",
        "复核通过名单",
    )
    designation.refresh_from_db()
    assert designation.valid_until == datetime.date(2027, 1, 1)


def test_a_renewal_ending_before_it_starts_is_a_400_naming_valid_until(api, staff, designation):
    response = api(staff).post(
        f"/api/registry/designations/{designation.pk}/renew/",
        {"renewed_on": "2024-01-01", "valid_until": "2023-12-31"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "valid_until": ["The new validity must end after the renewal."]
    }
    designation.refresh_from_db()
    assert (designation.renewed_on, designation.valid_until) == (None, datetime.date(2024, 1, 1))


def test_a_revoked_designation_cannot_be_renewed(api, staff, designation):
    designation.status = DesignationStatus.REVOKED
    designation.save()

    response = api(staff).post(
        f"/api/registry/designations/{designation.pk}/renew/",
        {"renewed_on": "2024-01-01"},
        format="json",
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["A revoked designation cannot be renewed; designate again."]
    }
    designation.refresh_from_db()
    assert (designation.status, designation.renewed_on) == ("revoked", None)


def test_staff_revoke_a_designation_with_the_reason(api, staff, designation):
    response = api(staff).post(
        f"/api/registry/designations/{designation.pk}/revoke/",
        {"reason": "复核不合格"},
        format="json",
    )

    assert response.status_code == 200
    assert response.json()["status"] == "revoked"
    designation.refresh_from_db()
    assert (designation.status, designation.revoked_reason) == ("revoked", "复核不合格")


def test_revoking_without_a_reason_is_a_400_naming_reason(api, staff, designation):
    response = api(staff).post(
        f"/api/registry/designations/{designation.pk}/revoke/", {"reason": " "}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"reason": ["Give the reason for revoking."]}
    designation.refresh_from_db()
    assert designation.status == "active"


@pytest.mark.parametrize("who", ["member", "organisation_admin", "officer"])
def test_only_staff_renew_or_revoke(api, request, designation, who):
    client = api(request.getfixturevalue(who))
    url = f"/api/registry/designations/{designation.pk}"

    renewed = client.post(f"{url}/renew/", {"renewed_on": "2024-01-01"}, format="json")
    revoked = client.post(f"{url}/revoke/", {"reason": "复核不合格"}, format="json")

    assert (renewed.status_code, revoked.status_code) == (403, 403)
    designation.refresh_from_db()
    assert (designation.status, designation.renewed_on) == ("active", None)


def test_an_anonymous_revocation_is_refused(api, designation):
    response = api().post(
        f"/api/registry/designations/{designation.pk}/revoke/", {"reason": "x"}, format="json"
    )

    assert response.status_code == 401
    designation.refresh_from_db()
    assert designation.status == "active"


def test_the_designation_list_costs_the_same_queries_for_more_rows(
    api, factories, centre, designation
):
    def add_designations():
        for n in range(3):
            Designation.objects.create(
                programme=factories, organisation=OrganisationFactory(), batch=str(n)
            )
            Designation.objects.create(programme=factories, site=centre, batch=str(n))

    # count, designations with programme, organisation and site
    assert_flat_query_count(
        lambda: api().get("/api/registry/designations/"), add_designations, expected=2
    )
