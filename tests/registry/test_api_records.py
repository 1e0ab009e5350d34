"""The registry API for networks, sites, events, policies and standards: the public reads, the
rules decide who writes (an organisation's admin keeps what it leads or hosts), bad input names
its field, and list pages cost the same number of queries however many rows they show."""

import datetime
from io import StringIO

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from gtis.accounts import reference as account_reference
from gtis.accounts.models import Department, OrganisationRole
from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from gtis.registry.models import Event, Network, NetworkMembership, Policy, Site, Standard
from gtis.roadmap import reference as roadmap_reference
from gtis.roadmap.models import Deliverable
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_flat_query_count

pytestmark = pytest.mark.django_db


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
    """An admin of 华清绿能科技有限公司 (the `organisation` fixture)."""
    return UserFactory(
        username="orgadmin",
        role=Role.ORGANISATION_MEMBER,
        organisation=organisation,
        organisation_role=OrganisationRole.ADMIN,
    )


@pytest.fixture
def other_org_admin(db):
    return UserFactory(
        username="otheradmin",
        role=Role.ORGANISATION_MEMBER,
        organisation=OrganisationFactory(name="远方环保有限公司"),
        organisation_role=OrganisationRole.ADMIN,
    )


# Networks ----------------------------------------------------------------------------------------


@pytest.fixture
def tsinghua(db):
    return OrganisationFactory(name="清华大学", kind="university")


@pytest.fixture
def alliance(organisation, tsinghua):
    """An alliance led by 华清绿能, which 清华大学 joined as academia."""
    network = Network.objects.create(name="绿色技术创新联盟", kind="alliance", leader=organisation)
    NetworkMembership.objects.create(network=network, organisation=organisation, role="industry")
    NetworkMembership.objects.create(
        network=network,
        organisation=tsinghua,
        role="academia",
        joined_on=datetime.date(2021, 3, 1),
    )
    return network


def test_anyone_reads_a_network_with_its_members(api, alliance, organisation, tsinghua):
    response = api().get(f"/api/registry/networks/{alliance.pk}/")

    assert response.status_code == 200
    assert response.json() == {
        "id": alliance.pk,
        "name": "绿色技术创新联盟",
        "name_en": "",
        "kind": "alliance",
        "leader": organisation.pk,
        "leader_name": "华清绿能科技有限公司",
        "founded_on": None,
        "description": "",
        "website": "",
        "member_count": 2,
        "members": [
            {
                "organisation": tsinghua.pk,
                "organisation_name": "清华大学",
                "role": "academia",
                "joined_on": "2021-03-01",
            },
            {
                "organisation": organisation.pk,
                "organisation_name": "华清绿能科技有限公司",
                "role": "industry",
                "joined_on": None,
            },
        ],
    }


def test_the_network_list_filters_by_search_and_kind(api, alliance, tsinghua):
    Network.objects.create(name="长江绿色发展创新联合体", kind="consortium", leader=tsinghua)

    def names(**params):
        results = api().get("/api/registry/networks/", params).json()["results"]
        return [row["name"] for row in results]

    assert names() == ["绿色技术创新联盟", "长江绿色发展创新联合体"]
    assert names(search="长江") == ["长江绿色发展创新联合体"]
    assert names(kind="alliance") == ["绿色技术创新联盟"]


def test_an_unknown_network_kind_is_a_400_naming_kind(api, alliance):
    response = api().get("/api/registry/networks/", {"kind": "club"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["kind"]


def test_an_organisation_admin_records_a_network_their_organisation_leads(
    api, organisation_admin, organisation
):
    response = api(organisation_admin).post(
        "/api/registry/networks/",
        {
            "name": "氢能产业创新联盟",
            "kind": "alliance",
            "leader": organisation.pk,
            "founded_on": "2023-09-01",
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    network = Network.objects.get(name="氢能产业创新联盟")
    assert (response.json()["id"], response.json()["member_count"]) == (network.pk, 1)
    assert response.json()["members"] == [
        {
            "organisation": organisation.pk,
            "organisation_name": "华清绿能科技有限公司",
            "role": "industry",
            "joined_on": "2023-09-01",
        }
    ]
    assert AuditEvent.objects.for_object(network).get().actor == organisation_admin


def test_an_organisation_admin_cannot_record_a_network_led_by_another(
    api, organisation_admin, tsinghua
):
    response = api(organisation_admin).post(
        "/api/registry/networks/",
        {"name": "氢能产业创新联盟", "kind": "alliance", "leader": tsinghua.pk},
        format="json",
    )

    assert response.status_code == 403
    assert not Network.objects.exists()


@pytest.mark.parametrize("who", ["member", "officer"])
def test_members_and_officers_cannot_record_networks(api, request, organisation, who):
    response = api(request.getfixturevalue(who)).post(
        "/api/registry/networks/",
        {"name": "氢能产业创新联盟", "kind": "alliance", "leader": organisation.pk},
        format="json",
    )

    assert response.status_code == 403
    assert not Network.objects.exists()


def test_a_duplicate_network_name_is_a_400_naming_name(api, staff, alliance, tsinghua):
    response = api(staff).post(
        "/api/registry/networks/",
        {"name": "绿色技术创新联盟", "kind": "consortium", "leader": tsinghua.pk},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["name"]
    assert Network.objects.count() == 1


def test_the_leaders_admin_updates_the_network(api, organisation_admin, alliance):
    response = api(organisation_admin).patch(
        f"/api/registry/networks/{alliance.pk}/",
        {"website": "https://gtia.example.cn/"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["member_count"] == 2
    alliance.refresh_from_db()
    assert alliance.website == "https://gtia.example.cn/"


def test_another_organisations_admin_cannot_update_the_network(api, other_org_admin, alliance):
    response = api(other_org_admin).patch(
        f"/api/registry/networks/{alliance.pk}/", {"name": "被改名的联盟"}, format="json"
    )

    assert response.status_code == 403
    alliance.refresh_from_db()
    assert alliance.name == "绿色技术创新联盟"


def test_the_leaders_admin_cannot_hand_the_network_to_another_leader(
    api, organisation_admin, alliance, organisation, tsinghua
):
    response = api(organisation_admin).patch(
        f"/api/registry/networks/{alliance.pk}/", {"leader": tsinghua.pk}, format="json"
    )

    assert response.status_code == 403
    alliance.refresh_from_db()
    assert alliance.leader == organisation
    assert not AuditEvent.objects.for_object(alliance).exists()


def test_the_leaders_admin_adds_changes_and_removes_members(api, organisation_admin, alliance):
    client = api(organisation_admin)
    university = OrganisationFactory(name="浙江大学", kind="university")
    url = f"/api/registry/networks/{alliance.pk}/members/"

    added = client.post(url, {"organisation": university.pk, "role": "academia"}, format="json")
    changed = client.post(url, {"organisation": university.pk, "role": "research"}, format="json")

    assert (added.status_code, changed.status_code) == (201, 200)
    assert changed.json() == {
        "organisation": university.pk,
        "organisation_name": "浙江大学",
        "role": "research",
        "joined_on": None,
    }
    assert alliance.memberships.get(organisation=university).role == "research"

    removed = client.delete(f"{url}{university.pk}/")

    assert removed.status_code == 204
    assert not alliance.memberships.filter(organisation=university).exists()


def test_the_leader_cannot_be_removed_from_its_network(
    api, organisation_admin, alliance, organisation
):
    response = api(organisation_admin).delete(
        f"/api/registry/networks/{alliance.pk}/members/{organisation.pk}/"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "non_field_errors": ["The leading organisation stays a member; change the leader first."]
    }
    assert alliance.memberships.filter(organisation=organisation).exists()


def test_removing_an_organisation_that_is_no_member_is_a_404(api, staff, alliance):
    outsider = OrganisationFactory()

    response = api(staff).delete(f"/api/registry/networks/{alliance.pk}/members/{outsider.pk}/")

    assert response.status_code == 404
    assert alliance.memberships.count() == 2


def test_a_member_of_an_unknown_role_is_a_400_naming_role(api, staff, alliance):
    response = api(staff).post(
        f"/api/registry/networks/{alliance.pk}/members/",
        {"organisation": OrganisationFactory().pk, "role": "sponsor"},
        format="json",
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["role"]
    assert alliance.memberships.count() == 2


def test_another_organisations_admin_cannot_add_or_remove_members(
    api, other_org_admin, alliance, tsinghua
):
    client = api(other_org_admin)
    url = f"/api/registry/networks/{alliance.pk}/members/"

    added = client.post(
        url, {"organisation": other_org_admin.organisation_id, "role": "industry"}, format="json"
    )
    removed = client.delete(f"{url}{tsinghua.pk}/")
    anonymous = api().delete(f"{url}{tsinghua.pk}/")

    assert (added.status_code, removed.status_code, anonymous.status_code) == (403, 403, 401)
    assert set(alliance.memberships.values_list("organisation__name", flat=True)) == {
        "清华大学",
        "华清绿能科技有限公司",
    }


def test_the_network_list_costs_the_same_queries_for_more_networks(api, alliance):
    def add_networks():
        for n in range(3):
            network = Network.objects.create(
                name=f"联盟{n}", kind="union", leader=OrganisationFactory()
            )
            for role in ("industry", "finance"):
                network.memberships.create(organisation=OrganisationFactory(), role=role)

    # count, networks with leaders and member counts, members with their organisations
    assert_flat_query_count(lambda: api().get("/api/registry/networks/"), add_networks, expected=3)


# Sites -------------------------------------------------------------------------------------------


@pytest.fixture
def station(organisation):
    return Site.objects.create(
        name="塞罕坝生态观测站",
        kind="observation_station",
        host=organisation,
        province="13",
        status="operating",
    )


def site_data(host, **overrides):
    return {
        "name": "雄安绿色技术众创空间",
        "kind": "maker_space",
        "host": host.pk,
        "province": "13",
        "city": "雄安新区",
        "latitude": "39.03210",
        "longitude": "115.91230",
        "status": "building",
        **overrides,
    }


def test_anyone_reads_sites_filtered_by_kind_province_and_status(api, station, organisation):
    Site.objects.create(name="上海绿色技术创新中心", kind="innovation_centre", province="31")

    def names(**params):
        return [row["name"] for row in api().get("/api/registry/sites/", params).json()["results"]]

    assert names() == ["上海绿色技术创新中心", "塞罕坝生态观测站"]
    assert names(province="13") == ["塞罕坝生态观测站"]
    assert names(kind="innovation_centre") == ["上海绿色技术创新中心"]
    assert names(status="closed") == []
    assert names(search="华清") == ["塞罕坝生态观测站"]
    site = api().get(f"/api/registry/sites/{station.pk}/").json()
    assert (site["host"], site["host_name"], site["latitude"]) == (
        organisation.pk,
        "华清绿能科技有限公司",
        None,
    )


@pytest.mark.parametrize(
    ("params", "field"), [({"province": "99"}, "province"), ({"status": "open"}, "status")]
)
def test_an_unknown_site_filter_is_a_400_naming_it(api, station, params, field):
    response = api().get("/api/registry/sites/", params)

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]


def test_the_hosts_admin_records_a_site(api, organisation_admin, organisation):
    response = api(organisation_admin).post(
        "/api/registry/sites/", site_data(organisation), format="json"
    )

    assert response.status_code == 201, response.json()
    site = Site.objects.get()
    assert (response.json()["id"], response.json()["latitude"]) == (site.pk, "39.03210")
    assert (site.host, site.status, str(site.longitude)) == (organisation, "building", "115.91230")


def test_an_organisation_admin_cannot_record_a_site_hosted_by_another(
    api, organisation_admin, tsinghua
):
    response = api(organisation_admin).post(
        "/api/registry/sites/", site_data(tsinghua), format="json"
    )

    assert response.status_code == 403
    assert not Site.objects.exists()


def test_a_member_cannot_record_a_site(api, member, organisation):
    response = api(member).post("/api/registry/sites/", site_data(organisation), format="json")

    assert response.status_code == 403
    assert not Site.objects.exists()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"latitude": "95.00000"}, "latitude"),
        ({"longitude": None}, "longitude"),
        ({"province": "99"}, "province"),
        ({"kind": "castle"}, "kind"),
    ],
)
def test_a_bad_site_is_a_400_naming_the_field_and_adds_nothing(
    api, staff, organisation, overrides, field
):
    response = api(staff).post(
        "/api/registry/sites/", site_data(organisation, **overrides), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not Site.objects.exists()


def test_the_hosts_admin_updates_the_site_but_another_admin_cannot(
    api, organisation_admin, other_org_admin, station
):
    refused = api(other_org_admin).patch(
        f"/api/registry/sites/{station.pk}/", {"status": "closed"}, format="json"
    )
    station.refresh_from_db()
    assert (refused.status_code, station.status) == (403, "operating")

    accepted = api(organisation_admin).patch(
        f"/api/registry/sites/{station.pk}/", {"status": "closed"}, format="json"
    )

    assert accepted.status_code == 200
    station.refresh_from_db()
    assert station.status == "closed"


def test_the_site_list_costs_the_same_queries_for_more_sites(api, station):
    def add_sites():
        for n in range(3):
            Site.objects.create(
                name=f"基地{n}", kind="talent_base", province="11", host=OrganisationFactory()
            )

    # count, sites with their hosts
    assert_flat_query_count(lambda: api().get("/api/registry/sites/"), add_sites, expected=2)


# Events ------------------------------------------------------------------------------------------


@pytest.fixture
def expo(organisation, tsinghua):
    event = Event.objects.create(
        name="中国国际绿色技术博览会",
        kind="expo",
        starts_on=datetime.date(2023, 10, 12),
        ends_on=datetime.date(2023, 10, 14),
        place="北京",
        province="11",
    )
    event.organisers.set([organisation])
    event.participants.set([tsinghua])
    return event


def event_data(**overrides):
    return {
        "name": "绿色技术转移论坛",
        "kind": "forum",
        "starts_on": "2024-05-20",
        "ends_on": "2024-05-21",
        "place": "深圳",
        "province": "44",
        **overrides,
    }


def test_anyone_reads_events_by_kind_and_year(api, expo, organisation, tsinghua):
    Event.objects.create(
        name="绿色技术路演",
        kind="roadshow",
        starts_on=datetime.date(2024, 4, 1),
        ends_on=datetime.date(2024, 4, 1),
        place="杭州",
    )

    def names(**params):
        results = api().get("/api/registry/events/", params).json()["results"]
        return [row["name"] for row in results]

    assert names() == ["绿色技术路演", "中国国际绿色技术博览会"]
    assert names(year="2023") == ["中国国际绿色技术博览会"]
    assert names(kind="roadshow", search="杭州") == ["绿色技术路演"]
    event = api().get(f"/api/registry/events/{expo.pk}/").json()
    assert (event["organisers"], event["participants"]) == ([organisation.pk], [tsinghua.pk])


def test_a_year_that_is_not_a_year_is_a_400_naming_year(api, expo):
    response = api().get("/api/registry/events/", {"year": "twenty"})

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["year"]


def test_an_officer_records_an_event_with_organisers_and_participants(
    api, officer, organisation, tsinghua
):
    response = api(officer).post(
        "/api/registry/events/",
        event_data(organisers=[organisation.pk], participants=[tsinghua.pk, organisation.pk]),
        format="json",
    )

    assert response.status_code == 201, response.json()
    event = Event.objects.get()
    assert (response.json()["organisers"], sorted(response.json()["participants"])) == (
        [organisation.pk],
        sorted([tsinghua.pk, organisation.pk]),
    )
    assert list(event.organisers.all()) == [organisation]
    assert AuditEvent.objects.for_object(event).get().action == "create"


def test_a_partial_update_keeps_organisers_and_participants(
    api, staff, expo, organisation, tsinghua
):
    response = api(staff).patch(
        f"/api/registry/events/{expo.pk}/", {"place": "北京国家会议中心"}, format="json"
    )

    assert response.status_code == 200, response.json()
    assert (response.json()["organisers"], response.json()["participants"]) == (
        [organisation.pk],
        [tsinghua.pk],
    )
    expo.refresh_from_db()
    assert expo.place == "北京国家会议中心"
    assert (list(expo.organisers.all()), list(expo.participants.all())) == (
        [organisation],
        [tsinghua],
    )


def test_the_organisers_given_replace_the_old_ones(api, staff, expo, tsinghua):
    response = api(staff).patch(
        f"/api/registry/events/{expo.pk}/", {"organisers": [tsinghua.pk]}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["organisers"] == [tsinghua.pk]
    assert list(expo.organisers.all()) == [tsinghua]


def test_an_event_ending_before_it_starts_is_a_400_naming_ends_on(api, staff):
    response = api(staff).post(
        "/api/registry/events/", event_data(ends_on="2024-05-19"), format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"ends_on": ["The event ends before it starts."]}
    assert not Event.objects.exists()


def test_an_unknown_organiser_is_a_400_naming_organisers(api, staff):
    response = api(staff).post(
        "/api/registry/events/", event_data(organisers=[999999]), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["organisers"]
    assert not Event.objects.exists()


def test_organisation_admins_cannot_record_or_change_events(api, organisation_admin, expo):
    client = api(organisation_admin)

    created = client.post("/api/registry/events/", event_data(), format="json")
    changed = client.patch(f"/api/registry/events/{expo.pk}/", {"place": "上海"}, format="json")

    assert (created.status_code, changed.status_code) == (403, 403)
    assert list(Event.objects.values_list("name", "place")) == [("中国国际绿色技术博览会", "北京")]


def test_the_event_list_costs_the_same_queries_for_more_events(api, expo):
    def add_events():
        for n in range(3):
            event = Event.objects.create(
                name=f"论坛{n}",
                kind="forum",
                starts_on=datetime.date(2022, 1, n + 1),
                ends_on=datetime.date(2022, 1, n + 1),
                place="北京",
            )
            event.organisers.set([OrganisationFactory(), OrganisationFactory()])
            event.participants.set([OrganisationFactory()])

    # count, events, organisers, participants
    assert_flat_query_count(lambda: api().get("/api/registry/events/"), add_events, expected=4)


# Policies and standards --------------------------------------------------------------------------


@pytest.fixture
def deliverables(users):
    """The real departments and the 2019 roadmap's deliverables, by number."""
    account_reference.load(StringIO())
    roadmap_reference.load(StringIO())
    return {d.number: d for d in Deliverable.objects.filter(plan__code="gtis-2019")}


def policy_data(roadmap, **overrides):
    return {
        "title": "关于构建市场导向的绿色技术创新体系的指导意见",
        "document_number": "发改环资〔2019〕689号",
        "issuing_departments": ["ndrc", "most"],
        "issued_on": "2019-04-15",
        "level": "ministerial",
        "tags": ["绿色技术", "创新体系"],
        "deliverables": [roadmap[1].pk, roadmap[3].pk],
        **overrides,
    }


def test_staff_record_a_policy_with_its_issuers_and_deliverables(api, staff, deliverables):
    response = api(staff).post("/api/registry/policies/", policy_data(deliverables), format="json")

    assert response.status_code == 201, response.json()
    policy = Policy.objects.get()
    body = response.json()
    assert (body["id"], body["issuing_departments"], body["deliverables"], body["tags"]) == (
        policy.pk,
        ["most", "ndrc"],  # in the departments' own order
        [deliverables[1].pk, deliverables[3].pk],
        ["绿色技术", "创新体系"],
    )
    assert sorted(policy.issuing_departments.values_list("code", flat=True)) == ["most", "ndrc"]
    assert (policy.status, policy.level) == ("in_force", "ministerial")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"issuing_departments": ["nasa"]}, "issuing_departments"),
        ({"deliverables": [999999]}, "deliverables"),
        ({"level": "global"}, "level"),
        ({"title": ""}, "title"),
    ],
)
def test_a_bad_policy_is_a_400_naming_the_field_and_adds_nothing(
    api, staff, deliverables, overrides, field
):
    response = api(staff).post(
        "/api/registry/policies/", policy_data(deliverables, **overrides), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not Policy.objects.exists()


def test_a_document_number_already_recorded_is_a_400_naming_it(api, staff, deliverables):
    client = api(staff)
    assert (
        client.post("/api/registry/policies/", policy_data(deliverables), format="json").status_code
        == 201
    )

    response = client.post(
        "/api/registry/policies/", policy_data(deliverables, title="另一份文件"), format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["document_number"]
    assert Policy.objects.count() == 1


def test_a_partial_policy_update_keeps_issuers_and_deliverables(api, staff, deliverables):
    client = api(staff)
    policy_id = client.post(
        "/api/registry/policies/", policy_data(deliverables), format="json"
    ).json()["id"]

    response = client.patch(
        f"/api/registry/policies/{policy_id}/", {"status": "amended"}, format="json"
    )

    assert response.status_code == 200, response.json()
    policy = Policy.objects.get()
    assert policy.status == "amended"
    assert sorted(policy.issuing_departments.values_list("code", flat=True)) == ["most", "ndrc"]
    assert sorted(policy.deliverables.values_list("number", flat=True)) == [1, 3]


@pytest.mark.parametrize("who", ["officer", "organisation_admin", "member"])
def test_only_staff_record_policies(api, request, deliverables, who):
    response = api(request.getfixturevalue(who)).post(
        "/api/registry/policies/", policy_data(deliverables), format="json"
    )

    assert response.status_code == 403
    assert not Policy.objects.exists()


def test_anyone_reads_policies_filtered_by_level_and_status(api, staff, deliverables):
    client = api(staff)
    client.post("/api/registry/policies/", policy_data(deliverables), format="json")
    client.post(
        "/api/registry/policies/",
        policy_data(
            deliverables,
            title="北京市绿色技术创新行动方案",
            document_number="京政办发〔2020〕1号",
            level="provincial",
            issuing_departments=[],
            issuer_other="北京市人民政府办公厅",
        ),
        format="json",
    )

    def titles(**params):
        results = api().get("/api/registry/policies/", params).json()["results"]
        return [row["title"] for row in results]

    assert titles(level="provincial") == ["北京市绿色技术创新行动方案"]
    assert titles(search="689号") == ["关于构建市场导向的绿色技术创新体系的指导意见"]
    assert titles(status="repealed") == []
    assert api().get("/api/registry/policies/", {"level": "global"}).status_code == 400


def test_the_policy_list_costs_the_same_queries_for_more_policies(api, staff, deliverables):
    api(staff).post("/api/registry/policies/", policy_data(deliverables), format="json")

    def add_policies():
        for n in range(3):
            policy = Policy.objects.create(title=f"政策{n}", level="national")
            policy.issuing_departments.set(Department.objects.all()[:2])
            policy.deliverables.set([deliverables[n + 5]])

    # count, policies, issuing departments, deliverables
    assert_flat_query_count(lambda: api().get("/api/registry/policies/"), add_policies, expected=4)


def test_staff_record_a_standard_with_its_deliverables(api, staff, deliverables):
    response = api(staff).post(
        "/api/registry/standards/",
        {
            "code": "GB/T 36132-2018",
            "title": "绿色工厂评价通则",
            "department": "samr",
            "deliverables": [deliverables[15].pk],
        },
        format="json",
    )

    assert response.status_code == 201, response.json()
    standard = Standard.objects.get()
    assert response.json() == {
        "id": standard.pk,
        "code": "GB/T 36132-2018",
        "title": "绿色工厂评价通则",
        "is_mandatory": False,
        "status": "published",
        "department": "samr",
        "revision_due": None,
        "revision_plan": "",
        "deliverables": [deliverables[15].pk],
    }


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"code": "GB 24500-2020", "is_mandatory": False}, "is_mandatory"),
        ({"code": "ISO 14034:2016"}, "code"),
        ({"code": "GB/T 36132-2018", "department": "nasa"}, "department"),
    ],
)
def test_a_bad_standard_is_a_400_naming_the_field_and_adds_nothing(
    api, staff, deliverables, data, field
):
    response = api(staff).post(
        "/api/registry/standards/", {"title": "某标准", **data}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()["errors"]) == [field]
    assert not Standard.objects.exists()


def test_only_staff_record_or_change_standards(api, officer, deliverables):
    standard = Standard.objects.create(code="GB/T 36132-2018", title="绿色工厂评价通则")
    client = api(officer)

    created = client.post(
        "/api/registry/standards/", {"code": "GB 24500-2020", "title": "x"}, format="json"
    )
    changed = client.patch(
        f"/api/registry/standards/{standard.pk}/", {"status": "revised"}, format="json"
    )
    anonymous = api().patch(
        f"/api/registry/standards/{standard.pk}/", {"status": "revised"}, format="json"
    )

    assert (created.status_code, changed.status_code, anonymous.status_code) == (403, 403, 401)
    assert list(Standard.objects.values_list("code", "status")) == [
        ("GB/T 36132-2018", "published")
    ]


def test_a_partial_standard_update_keeps_its_deliverables(api, staff, deliverables):
    standard = Standard.objects.create(code="GB/T 36132-2018", title="绿色工厂评价通则")
    standard.deliverables.set([deliverables[15]])

    response = api(staff).patch(
        f"/api/registry/standards/{standard.pk}/",
        {"status": "revised", "revision_plan": "2025年修订"},
        format="json",
    )

    assert response.status_code == 200, response.json()
    assert response.json()["deliverables"] == [deliverables[15].pk]
    standard.refresh_from_db()
    assert (standard.status, standard.revision_plan) == ("revised", "2025年修订")
    assert list(standard.deliverables.all()) == [deliverables[15]]


def test_the_standard_list_searches_and_costs_the_same_queries_for_more(api, deliverables):
    Standard.objects.create(code="GB/T 36132-2018", title="绿色工厂评价通则")
    Standard.objects.create(code="GB 24500-2020", title="工业锅炉能效", is_mandatory=True)

    results = api().get("/api/registry/standards/", {"search": "锅炉"}).json()["results"]
    assert [row["code"] for row in results] == ["GB 24500-2020"]

    def add_standards():
        for n in range(3):
            standard = Standard.objects.create(
                code=f"T/CECA 2001{n}-2021",
                title=f"团体标准{n}",
                department=Department.objects.get(code="samr"),
            )
            standard.deliverables.set([deliverables[n + 1], deliverables[n + 2]])

    # count, standards with departments, deliverables
    assert_flat_query_count(
        lambda: api().get("/api/registry/standards/"), add_standards, expected=3
    )
