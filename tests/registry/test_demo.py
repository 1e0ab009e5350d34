"""The registry demo: every kind of record, in the numbers the demo promises, loaded once."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count

from gtis.accounts import demo as account_demo
from gtis.accounts import reference as account_reference
from gtis.accounts.models import Organisation, OrganisationKind, Verification
from gtis.catalog import reference as catalog_reference
from gtis.core.models import AuditEvent
from gtis.registry import demo, selectors
from gtis.registry.demo import organisations as demo_organisations
from gtis.registry.models import (
    Availability,
    CreditRecord,
    DeclaredRelationship,
    Designation,
    Event,
    Expert,
    Network,
    NetworkKind,
    NetworkMembership,
    PastAffiliation,
    Policy,
    PolicyLevel,
    Programme,
    Site,
    SiteKind,
    SiteStatus,
    Standard,
    StandardStatus,
)
from gtis.roadmap import reference as roadmap_reference

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def registry_demo(django_db_setup, django_db_blocker):
    """What `gtis load-reference` and `gtis load-demo` give the registry, without the MIIT lists
    and the roadmap's replayed reports, which the registry demo does not need. Loaded once for
    the module, in a transaction rolled back at its end; each test rolls back its own changes."""
    with django_db_blocker.unblock(), transaction.atomic():
        for loader in (account_reference, roadmap_reference, catalog_reference, account_demo):
            loader.load(StringIO())
        out = StringIO()
        demo.load(out)
        yield out.getvalue()
        transaction.set_rollback(True)


def _demo_organisations():
    return Organisation.objects.filter(
        name__in=[row[0] for row in demo_organisations.ORGANISATIONS]
    )


def test_the_demo_adds_organisations_of_every_kind_but_government_across_provinces(registry_demo):
    organisations = _demo_organisations()
    assert organisations.count() == 44
    assert set(organisations.values_list("kind", flat=True)) == set(OrganisationKind.values) - {
        OrganisationKind.GOVERNMENT_BODY
    }
    assert organisations.values("province").distinct().count() == 26
    assert not organisations.exclude(verification=Verification.VERIFIED).exists()
    assert not organisations.filter(name_en="").exists()
    # invented enterprises, banks, funds and exchanges say so in their names
    invented = organisations.filter(
        kind__in=[
            OrganisationKind.ENTERPRISE,
            OrganisationKind.FINANCIAL_INSTITUTION,
            OrganisationKind.INTERMEDIARY,
        ]
    )
    assert invented.count() == 18
    assert all(name.startswith("示例") for name in invented.values_list("name", flat=True))
    # created through the accounts service, so audited
    created = AuditEvent.objects.filter(
        action="create",
        object_type=ContentType.objects.get_for_model(Organisation),
        object_id__in=[str(pk) for pk in organisations.values_list("pk", flat=True)],
    )
    assert created.count() == 44


def test_the_demo_expert_pool_has_fields_ties_and_mixed_availability(registry_demo):
    assert Expert.objects.count() == 61
    fields = Expert.objects.annotate(n=Count("fields"))
    assert fields.filter(n__gte=1, n__lte=3).count() == 61
    taxonomies = set(
        Expert.fields.through.objects.values_list("taxonomynode__taxonomy__code", flat=True)
    )
    assert taxonomies == {"gic-2019"}
    depths = set(Expert.fields.through.objects.values_list("taxonomynode__depth", flat=True))
    assert depths == {1, 2, 3}
    assert dict(Expert.objects.values_list("availability").annotate(n=Count("id"))) == {
        Availability.AVAILABLE: 51,
        Availability.LIMITED: 7,
        Availability.UNAVAILABLE: 3,
    }
    assert Expert.objects.filter(is_listed=False).count() == 4
    assert PastAffiliation.objects.values("expert").distinct().count() == 21
    assert DeclaredRelationship.objects.values("expert").distinct().count() == 13
    profile = Expert.objects.get(user__username="expert")
    assert (profile.name, profile.affiliation.name) == ("孙丽", "清源大学")


def test_recent_past_employers_stay_conflicts_whenever_the_demo_is_loaded(registry_demo):
    expert = Expert.objects.get(name="许丽华")  # left six months before the demo was loaded
    former = Organisation.objects.get(name="示例燕赵环保工程有限公司")
    long_ago = Organisation.objects.get(name="示例清风节能装备有限公司")
    assert [c.organisation for c in selectors.conflicts_of_interest(expert, [former])] == [former]
    assert selectors.conflicts_of_interest(Expert.objects.get(name="王建国"), [long_ago]) == []


def test_the_demo_networks_have_every_kind_and_four_to_twelve_members(registry_demo):
    assert Network.objects.count() == 8
    assert set(Network.objects.values_list("kind", flat=True)) == {
        NetworkKind.ALLIANCE,
        NetworkKind.CONSORTIUM,
        NetworkKind.UNION,
        NetworkKind.INTERNATIONAL,
    }
    sizes = Network.objects.annotate(n=Count("memberships")).values_list("n", flat=True)
    assert all(4 <= n <= 12 for n in sizes)
    assert NetworkMembership.objects.count() == 65
    assert not Network.objects.filter(founded_on__isnull=True).exists()
    for network in Network.objects.all():
        assert network.memberships.filter(organisation=network.leader).exists()


def test_the_demo_sites_cover_every_kind_and_some_are_designated(registry_demo):
    assert Site.objects.count() == 46
    assert set(Site.objects.values_list("kind", flat=True)) == set(SiteKind.values)
    assert Site.objects.values("province").distinct().count() == 26
    assert Site.objects.filter(latitude__isnull=False).count() == 43
    assert dict(Site.objects.values_list("status").annotate(n=Count("id"))) == {
        SiteStatus.OPERATING: 34,
        SiteStatus.BUILDING: 7,
        SiteStatus.PLANNED: 5,
    }
    programme = Programme.objects.get(code="national-green-tech-innovation-bases")
    designations = Designation.objects.filter(programme=programme)
    assert designations.filter(site__isnull=False).count() == 6
    on = datetime.date(2026, 11, 27)
    assert sorted(d.standing_on(on) for d in designations) == [
        "active",
        "active",
        "active",
        "active",
        "expired",
        "expired",
    ]


def test_the_demo_events_run_from_2019_to_2026_with_organisers_and_participants(registry_demo):
    assert Event.objects.count() == 12
    years = set(Event.objects.values_list("starts_on__year", flat=True))
    assert min(years) == 2019 and max(years) == 2026
    assert not Event.objects.filter(organisers__isnull=True).exists()
    assert not Event.objects.filter(participants__isnull=True).exists()


def test_the_demo_policies_and_standards_serve_roadmap_deliverables(registry_demo):
    assert Policy.objects.count() == 17
    assert set(Policy.objects.values_list("level", flat=True)) == set(PolicyLevel.values)
    assert Policy.objects.filter(deliverables__isnull=False).distinct().count() == 15
    assert Standard.objects.count() == 17
    for standard in Standard.objects.all():
        standard.full_clean()  # code format, and GB/HJ mandatory, /T recommended
    revising = Standard.objects.filter(status__in=[StandardStatus.PLANNED, StandardStatus.DRAFTING])
    assert revising.count() == 4
    assert not revising.filter(revision_due__isnull=True).exists()
    assert not revising.filter(revision_plan="").exists()
    served = set(
        Standard.deliverables.through.objects.values_list("deliverable__number", flat=True)
    )
    assert {14, 15, 19} <= served


def test_the_demo_has_a_repaired_serious_infringement_record(registry_demo):
    record = CreditRecord.objects.get()
    assert (record.organisation.name, record.kind, record.decided_on, record.repaired_on) == (
        "示例清风节能装备有限公司",
        "serious_ip_infringement",
        datetime.date(2021, 9, 15),
        datetime.date(2023, 3, 20),
    )
    assert record.repair_reason
    assert not selectors.active_credit_records(record.organisation).exists()
    assert "registry demo: 1 credit record added (repaired)" in registry_demo


def test_loading_the_demo_again_adds_nothing(registry_demo):
    counted = [Organisation, AuditEvent, *apps.get_app_config("registry").get_models()]
    before = {model: model.objects.count() for model in counted}
    out = StringIO()
    demo.load(out)
    assert {model: model.objects.count() for model in counted} == before
    lines = out.getvalue().splitlines()
    assert len(lines) == 7
    assert all(": 0 " in line for line in lines)
    assert "registry demo: 44 organisations added" in registry_demo
