"""The registry's pages: lists at a fixed query cost, detail pages, and the forms that call
the services."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gtis.accounts.models import OrganisationRole
from gtis.core.models import Attachment
from gtis.core.roles import Role
from gtis.registry import services
from gtis.registry.models import Designation, Programme, Site
from tests.factories import OrganisationFactory, UserFactory
from tests.helpers import assert_flat_query_count

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def office(users):
    office = users[Role.COORDINATING_OFFICE]
    office.language = "en"
    office.save()
    return office


@pytest.fixture
def org_admin(organisation):
    return UserFactory(
        username="orgadmin", organisation=organisation, organisation_role=OrganisationRole.ADMIN
    )


def _expert(office, affiliation, fields, n=0, **extra):
    return services.save_expert(
        actor=office,
        name=f"专家{n}",
        title="研究员",
        affiliation=affiliation,
        fields_of_work=fields,
        email=f"expert{n}@example.com",
        **extra,
    )


def _site(office, n=0, **extra):
    values = {"kind": "maker_space", "province": "11", "host": OrganisationFactory()} | extra
    return services.save_site(actor=office, name=f"众创空间{n}", **values)


def _network(office, n=0):
    leader = OrganisationFactory()
    network = services.save_network(actor=office, name=f"联盟{n}", kind="alliance", leader=leader)
    services.set_network_member(
        actor=office, network=network, organisation=OrganisationFactory(), role="finance"
    )
    return network


def _event(office, n=0):
    return services.save_event(
        actor=office,
        name=f"论坛{n}",
        kind="forum",
        starts_on=datetime.date(2026, 5, 1),
        ends_on=datetime.date(2026, 5, 2),
        place="北京",
        organisers=OrganisationFactory.create_batch(2),
    )


@pytest.mark.parametrize(
    ("url", "make"),
    [
        ("registry:expert_list", "expert"),
        ("registry:network_list", "network"),
        ("registry:site_list", "site"),
        ("registry:event_list", "event"),
    ],
)
def test_lists_cost_the_same_queries_however_many_rows(client, office, green_fields, url, make):
    makers = {
        "expert": lambda n: _expert(office, OrganisationFactory(), [green_fields["1.1"]], n),
        "network": lambda n: _network(office, n),
        "site": lambda n: _site(office, n),
        "event": lambda n: _event(office, n),
    }
    makers[make](0)
    assert_flat_query_count(
        lambda: client.get(reverse(url)),
        lambda: [makers[make](n) for n in range(1, 6)],
    )
    response = client.get(reverse(url))
    assert response.status_code == 200
    assert response.context["page"].paginator.count == 6


def test_the_expert_list_filters_by_field(client, office, organisation, green_fields):
    boilers = _expert(office, organisation, [green_fields["1.1.1"]], 1)
    _expert(office, organisation, [green_fields["3.2"]], 2)
    response = client.get(reverse("registry:expert_list"), {"field": "1"})
    assert list(response.context["page"].object_list) == [boilers]


def test_an_experts_contact_is_shown_to_staff_only(client, office, organisation, green_fields):
    expert = _expert(office, organisation, [green_fields["1.1"]])
    assert b"expert0@example.com" not in client.get(expert.get_absolute_url()).content
    client.force_login(office)
    assert b"expert0@example.com" in client.get(expert.get_absolute_url()).content


def test_an_unlisted_expert_is_not_found_by_the_public(client, office, organisation):
    expert = _expert(office, organisation, [], is_listed=False)
    assert client.get(expert.get_absolute_url()).status_code == 404


def test_staff_add_a_site_through_the_form(client, office, organisation):
    client.force_login(office)
    response = client.post(
        reverse("registry:site_create"),
        {
            "name": "国家环境保护工业污染源监控工程技术中心",
            "kind": "engineering_centre",
            "host": organisation.credit_code,
            "province": "11",
            "city": "北京",
            "latitude": "39.99",
            "longitude": "116.31",
            "status": "operating",
        },
    )
    site = Site.objects.get()
    assert response.status_code == 302 and response["Location"] == site.get_absolute_url()
    assert (site.host, str(site.latitude)) == (organisation, "39.99000")


def test_a_site_with_one_coordinate_is_sent_back_naming_the_field(client, office):
    client.force_login(office)
    response = client.post(
        reverse("registry:site_create"),
        {
            "name": "某站",
            "kind": "observation_station",
            "province": "63",
            "latitude": "36.6",
            "status": "operating",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["longitude"] == [
        "Give both latitude and longitude, or neither."
    ]
    assert not Site.objects.exists()


def test_an_organisation_admin_adds_a_site_for_their_own_organisation_only(
    client, org_admin, organisation
):
    client.force_login(org_admin)
    data = {"name": "某众创空间", "kind": "maker_space", "province": "11", "status": "operating"}
    assert (
        client.post(reverse("registry:site_create"), data | {"host": organisation.name}).status_code
        == 302
    )
    other = OrganisationFactory()
    response = client.post(
        reverse("registry:site_create"), data | {"name": "别家", "host": other.credit_code}
    )
    assert response.status_code == 403
    assert list(Site.objects.values_list("name", flat=True)) == ["某众创空间"]


def test_a_member_cannot_open_the_new_expert_form(client, users):
    client.force_login(users[Role.ORGANISATION_MEMBER])
    assert client.get(reverse("registry:expert_create")).status_code == 403


def test_staff_designate_renew_and_revoke_from_the_organisation_page(client, office, organisation):
    programme = Programme.objects.create(
        code="bases", name="国家绿色技术创新基地", validity_years=3
    )
    client.force_login(office)
    page = client.get(organisation.get_absolute_url())
    assert page.context["can_designate"] is True
    response = client.post(
        reverse("registry:designate_organisation", args=[organisation.pk]),
        {"programme": programme.pk, "designated_on": "2023-01-10", "title": "示范企业"},
    )
    assert response.status_code == 302
    designation = Designation.objects.get()
    assert designation.valid_until == datetime.date(2026, 1, 10)
    client.post(
        reverse("registry:designation_renew", args=[designation.pk]),
        {"renewed_on": "2026-01-05", "source_document": "复核结果公告"},
    )
    designation.refresh_from_db()
    assert designation.valid_until == datetime.date(2029, 1, 5)
    client.post(reverse("registry:designation_revoke", args=[designation.pk]), {"reason": "造假"})
    designation.refresh_from_db()
    assert (designation.status, designation.revoked_reason) == ("revoked", "造假")
    content = client.get(organisation.get_absolute_url()).content.decode()
    assert "造假" in content and "2029-01-05" in content


def test_a_member_cannot_designate(client, users, organisation):
    programme = Programme.objects.create(code="bases", name="国家绿色技术创新基地")
    client.force_login(users[Role.ORGANISATION_MEMBER])
    response = client.post(
        reverse("registry:designate_organisation", args=[organisation.pk]),
        {"programme": programme.pk, "designated_on": "2023-01-10"},
    )
    assert response.status_code == 403
    assert not Designation.objects.exists()


def test_an_expert_records_a_past_affiliation_on_their_profile(client, office, users, organisation):
    account = users[Role.EXPERT]
    account.language = "en"
    account.save()
    expert = _expert(office, organisation, [], user=account)
    former = OrganisationFactory()
    client.force_login(account)
    bad = client.post(
        reverse("registry:expert_add_past_affiliation", args=[expert.pk]),
        {"organisation": former.name},
    )
    assert bad.status_code == 400
    assert bad.context["past_form"].errors["ended_on"] == ["This field is required."]
    client.post(
        reverse("registry:expert_add_past_affiliation", args=[expert.pk]),
        {"organisation": former.credit_code, "ended_on": "2024-06-30"},
    )
    assert list(expert.past_affiliations.values_list("organisation", flat=True)) == [former.pk]


def test_the_network_leaders_admin_adds_a_member_and_a_charter(client, org_admin, organisation):
    network = services.save_network(
        actor=org_admin, name="绿色技术创新联盟", kind="alliance", leader=organisation
    )
    bank = OrganisationFactory(kind="financial_institution")
    client.force_login(org_admin)
    client.post(
        reverse("registry:network_set_member", args=[network.pk]),
        {"organisation": f"{bank.name}（{bank.credit_code}）", "role": "finance"},
    )
    charter = SimpleUploadedFile("章程.pdf", b"%PDF-1.4 charter", content_type="application/pdf")
    client.post(reverse("registry:network_charter", args=[network.pk]), {"file": charter})
    page = client.get(network.get_absolute_url())
    # members in order of role: finance before industry
    assert [(m.organisation, m.role) for m in page.context["members"]] == [
        (bank, "finance"),
        (organisation, "industry"),
    ]
    assert Attachment.objects.for_object(network).get().original_name == "章程.pdf"


def test_the_sites_page_counts_sites_by_province(client, office):
    _site(office, 1, province="11")
    _site(office, 2, province="11")
    _site(office, 3, province="32")
    response = client.get(reverse("registry:site_list"))
    assert response.context["by_province"] == [
        {"code": "11", "name": "北京市", "count": 2},
        {"code": "32", "name": "江苏省", "count": 1},
    ]
    assert b'id="sites-by-province-data"' in response.content


def test_an_organisation_page_shows_its_networks_sites_experts_and_events(
    client, office, organisation
):
    network = services.save_network(
        actor=office, name="绿色技术创新联盟", kind="alliance", leader=organisation
    )
    site = _site(office, host=organisation)
    expert = _expert(office, organisation, [])
    event = services.save_event(
        actor=office,
        name="绿色技术博览会",
        kind="expo",
        starts_on=datetime.date(2026, 9, 1),
        ends_on=datetime.date(2026, 9, 3),
        place="深圳",
        participants=[organisation],
    )
    content = client.get(organisation.get_absolute_url()).content.decode()
    for record in (network, site, expert, event):
        assert record.get_absolute_url() in content


def test_the_directory_facets_keep_the_other_filters(client, miit_lists):
    response = client.get(reverse("registry:directory"), {"province": "13"})
    facets = {name: links for name, _title, links in response.context["facets"]}
    kind_link = facets["kind"][0]
    assert kind_link["url"].startswith("?") and "province=13" in kind_link["url"]
    province = next(link for link in facets["province"] if link["active"])
    assert province["url"] == "?"
    assert facets["programme"][0]["label"] == "绿色工厂"


def test_an_unknown_host_is_named_in_the_error(client, office):
    client.force_login(office)
    office.language = "en"
    office.save()
    response = client.post(
        reverse("registry:site_create"),
        {
            "name": "某站",
            "kind": "maker_space",
            "province": "11",
            "host": "不存在的公司",
            "status": "operating",
        },
    )
    assert response.context["form"].errors["host"] == [
        "No organisation “不存在的公司” is registered: check the name or credit code."
    ]
    assert not Site.objects.exists()


def test_the_organisation_chooser_suggests_by_name_fragment(client, office):
    OrganisationFactory(name="示例环境科学研究院", province="32")
    OrganisationFactory(name="示例节能装备有限公司")
    client.force_login(office)
    response = client.get(reverse("accounts:organisation_suggest"), {"host": "示例环境"})
    assert response.context["organisations"][0]["label"].startswith("示例环境科学研究院（")
    assert len(response.context["organisations"]) == 1
