"""Experts, networks, sites, events and designations through their services."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from gtis.accounts.models import OrganisationRole
from gtis.core import metrics
from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from gtis.registry import selectors, services
from gtis.registry.models import (
    Designation,
    DesignationStatus,
    Event,
    Expert,
    Network,
    NetworkMembership,
    Programme,
    Site,
)
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_permission_matrix

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DAY = datetime.date(2026, 6, 1)


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def org_admin(organisation):
    return UserFactory(
        username="orgadmin", organisation=organisation, organisation_role=OrganisationRole.ADMIN
    )


@pytest.fixture
def expert(office, organisation, green_fields):
    return services.save_expert(
        actor=office,
        name="李青松",
        title="研究员",
        affiliation=organisation,
        fields_of_work=[green_fields["1.1.1"], green_fields["3.2"]],
    )


def test_an_expert_is_added_with_fields_and_audited(expert, green_fields):
    assert sorted(node.code for node in expert.fields.all()) == ["1.1.1", "3.2"]
    event = AuditEvent.objects.for_object(expert).get()
    assert event.action == "create" and event.changes["fields"] == sorted(
        [str(green_fields["1.1.1"].pk), str(green_fields["3.2"].pk)]
    )


def test_an_expert_without_a_title_is_refused_and_nothing_is_saved(office):
    with pytest.raises(ValidationError) as error:
        services.save_expert(actor=office, name="王五", title="")
    assert "title" in error.value.message_dict
    assert not Expert.objects.exists()


def test_an_expert_edits_their_own_profile_but_not_anothers(expert, users):
    account = users[Role.EXPERT]
    expert.user = account
    expert.save()
    services.save_expert(actor=account, expert=expert, availability="limited")
    assert Expert.objects.get().availability == "limited"
    other = Expert.objects.create(name="赵六", title="教授")
    with pytest.raises(PermissionDenied):
        services.save_expert(actor=account, expert=other, availability="unavailable")
    assert Expert.objects.get(pk=other.pk).availability == "available"


def test_an_expert_cannot_hand_their_profile_to_another_account(expert, users):
    account = users[Role.EXPERT]
    expert.user = account
    expert.save()
    with pytest.raises(PermissionDenied):
        services.save_expert(actor=account, expert=expert, user=users[Role.BROKER])
    assert Expert.objects.get().user == account


def test_unlisted_experts_are_hidden_from_the_public(expert, office, users):
    services.save_expert(actor=office, expert=expert, is_listed=False)
    assert list(selectors.experts(users[Role.BROKER])) == []
    assert list(selectors.experts(office)) == [expert]


def test_conflicts_name_the_employer_a_recent_employer_and_a_declared_tie(expert, office):
    recent, old, tied, unrelated = OrganisationFactory.create_batch(4)
    services.record_past_affiliation(
        actor=office, expert=expert, organisation=recent, ended_on=datetime.date(2024, 3, 1)
    )
    services.record_past_affiliation(
        actor=office, expert=expert, organisation=old, ended_on=datetime.date(2019, 3, 1)
    )
    services.declare_relationship(
        actor=office, expert=expert, organisation=tied, kind="shareholding"
    )
    conflicts = selectors.conflicts_of_interest(
        expert, [expert.affiliation, recent, old, tied, unrelated], on=DAY
    )
    assert [(c.organisation, c.reason) for c in conflicts] == [
        (expert.affiliation, "Works there now."),
        (recent, "Worked there until 2024-03-01."),
        (tied, "Declared relationship: Shareholding."),
    ]


def test_a_relationship_that_ended_is_no_conflict(expert, office):
    tied = OrganisationFactory()
    services.declare_relationship(
        actor=office,
        expert=expert,
        organisation=tied,
        kind="consulting",
        declared_on=datetime.date(2020, 1, 1),
        ends_on=datetime.date(2025, 12, 31),
    )
    assert selectors.conflicts_of_interest(expert, [tied], on=DAY) == []


def test_a_past_affiliation_ending_before_it_starts_is_refused(expert, office):
    with pytest.raises(ValidationError) as error:
        services.record_past_affiliation(
            actor=office,
            expert=expert,
            organisation=OrganisationFactory(),
            started_on=datetime.date(2020, 1, 1),
            ended_on=datetime.date(2019, 1, 1),
        )
    assert error.value.message_dict["ended_on"] == ["The end comes before the start."]
    assert not expert.past_affiliations.exists()


def test_a_network_leader_is_a_member_from_the_start(org_admin, organisation):
    network = services.save_network(
        actor=org_admin, name="绿色低碳技术创新联盟", kind="alliance", leader=organisation
    )
    member = NetworkMembership.objects.get(network=network)
    assert (member.organisation, member.role) == (organisation, "industry")


def test_an_organisation_admin_cannot_create_a_network_led_by_another(org_admin):
    with pytest.raises(PermissionDenied):
        services.save_network(
            actor=org_admin, name="别人的联盟", kind="alliance", leader=OrganisationFactory()
        )
    assert not Network.objects.exists()


def test_members_are_added_with_roles_and_the_leader_stays(org_admin, organisation):
    network = services.save_network(
        actor=org_admin, name="绿色低碳技术创新联盟", kind="alliance", leader=organisation
    )
    university = OrganisationFactory(kind="university")
    services.set_network_member(
        actor=org_admin, network=network, organisation=university, role="academia"
    )
    services.set_network_member(
        actor=org_admin, network=network, organisation=university, role="research"
    )
    assert list(selectors.network_members(network).values_list("role", flat=True)) == [
        "industry",
        "research",
    ]
    leader = network.memberships.get(organisation=organisation)
    with pytest.raises(ValidationError):
        services.remove_network_member(actor=org_admin, membership=leader)
    assert network.memberships.count() == 2


def test_another_organisations_admin_cannot_change_the_network(org_admin, organisation):
    network = services.save_network(
        actor=org_admin, name="绿色低碳技术创新联盟", kind="alliance", leader=organisation
    )
    outsider = UserFactory(organisation_role=OrganisationRole.ADMIN)
    with pytest.raises(PermissionDenied):
        services.set_network_member(
            actor=outsider, network=network, organisation=outsider.organisation, role="user"
        )
    assert network.memberships.count() == 1


def test_a_site_needs_both_coordinates_or_neither(office, organisation):
    with pytest.raises(ValidationError) as error:
        services.save_site(
            actor=office,
            name="国家环境保护工业污染源监控工程技术中心",
            kind="engineering_centre",
            province="11",
            host=organisation,
            latitude=Decimal("39.9"),
        )
    assert error.value.message_dict["longitude"] == [
        "Give both latitude and longitude, or neither."
    ]
    assert not Site.objects.exists()


def test_a_latitude_out_of_range_names_the_field(office):
    with pytest.raises(ValidationError) as error:
        services.save_site(
            actor=office,
            name="某观测站",
            kind="observation_station",
            province="63",
            latitude=Decimal("95"),
            longitude=Decimal("100"),
        )
    assert list(error.value.message_dict) == ["latitude"]


def test_sites_are_counted_by_province(office):
    for name, province in [("甲", "11"), ("乙", "11"), ("丙", "32")]:
        services.save_site(actor=office, name=name, kind="maker_space", province=province)
    assert selectors.sites_by_province(Site.objects.all()) == [("11", 2), ("32", 1)]


def test_an_event_ending_before_it_starts_is_refused(office):
    with pytest.raises(ValidationError) as error:
        services.save_event(
            actor=office,
            name="绿色技术博览会",
            kind="expo",
            starts_on=DAY,
            ends_on=DAY - datetime.timedelta(days=1),
            place="深圳",
        )
    assert error.value.message_dict["ends_on"] == ["The event ends before it starts."]
    assert not Event.objects.exists()


@pytest.fixture
def programme():
    return Programme.objects.create(code="bases", name="国家绿色技术创新基地", validity_years=3)


def test_a_site_is_designated_with_the_programmes_validity(office, programme):
    site = services.save_site(actor=office, name="某基地", kind="innovation_centre", province="11")
    designation = services.designate(
        actor=office, programme=programme, site=site, designated_on=datetime.date(2024, 2, 29)
    )
    assert (designation.site, designation.organisation, designation.valid_until) == (
        site,
        None,
        datetime.date(2027, 2, 28),
    )


def test_designating_both_or_neither_subject_is_refused(office, programme, organisation):
    site = services.save_site(actor=office, name="某基地", kind="innovation_centre", province="11")
    with pytest.raises(ValidationError):
        services.designate(
            actor=office,
            programme=programme,
            site=site,
            organisation=organisation,
            designated_on=DAY,
        )
    with pytest.raises(ValidationError):
        services.designate(actor=office, programme=programme, designated_on=DAY)
    assert not Designation.objects.exists()


def test_a_renewal_extends_the_validity_and_keeps_the_history(office, programme, organisation):
    designation = services.designate(
        actor=office, programme=programme, organisation=organisation, designated_on=DAY
    )
    assert designation.standing_on(datetime.date(2029, 7, 1)) == DesignationStatus.EXPIRED
    services.renew(
        actor=office,
        designation=designation,
        renewed_on=datetime.date(2029, 5, 1),
        source_document="复核通过",
    )
    designation.refresh_from_db()
    assert (designation.valid_until, designation.renewed_on, designation.source_document) == (
        datetime.date(2032, 5, 1),
        datetime.date(2029, 5, 1),
        "复核通过",
    )
    assert designation.standing_on(datetime.date(2029, 7, 1)) == DesignationStatus.ACTIVE
    assert [h.valid_until for h in designation.history.order_by("history_id")] == [
        datetime.date(2029, 6, 1),
        datetime.date(2032, 5, 1),
    ]
    assert AuditEvent.objects.filter(action="renew").count() == 1


def test_a_revoked_designation_cannot_be_renewed(office, programme, organisation):
    designation = services.designate(
        actor=office, programme=programme, organisation=organisation, designated_on=DAY
    )
    services.revoke(actor=office, designation=designation, reason="复核不合格")
    with pytest.raises(ValidationError):
        services.renew(actor=office, designation=designation, renewed_on=DAY)
    designation.refresh_from_db()
    assert designation.status == DesignationStatus.REVOKED


def test_who_may_do_what_in_the_registry(users, organisation, org_admin):
    users = {**users, Role.ORGANISATION_MEMBER: org_admin}
    network = Network(leader=organisation)
    foreign_network = Network(leader=OrganisationFactory())
    site = Site(host=organisation)
    assert_permission_matrix(
        """
        permission                         | office | officer | member | expert | admin | anon
        registry.add_expert                | y      | n       | n      | n      | y     | n
        registry.add_network               | y      | n       | y      | n      | y     | n
        registry.change_network @own       | y      | n       | y      | n      | y     | n
        registry.change_network @foreign   | y      | n       | n      | n      | y     | n
        registry.change_site @site         | y      | n       | y      | n      | y     | n
        registry.add_event                 | y      | y       | n      | n      | y     | n
        registry.add_designation           | y      | n       | n      | n      | y     | n
        registry.view_site                 | y      | y       | y      | y      | y     | y
        """,
        users,
        {"own": network, "foreign": foreign_network, "site": site},
    )


def test_designated_organisations_are_counted_now_and_on_a_past_day(office, programme):
    first, second = OrganisationFactory.create_batch(2)
    services.designate(
        actor=office,
        programme=programme,
        organisation=first,
        designated_on=datetime.date(2020, 1, 1),
    )
    services.designate(actor=office, programme=programme, organisation=second, designated_on=DAY)
    metric = metrics.get("registry.designated_organisations")
    assert metric.compute_on is not None
    assert metric.compute_on(datetime.date(2021, 1, 1)) == 1
    # the first designation ran out after three years
    assert metric.compute() == 1
    assert metric.compute_on(DAY) == 1
