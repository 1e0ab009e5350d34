from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from gtis.accounts import services as account_services
from gtis.accounts.models import Organisation, Verification
from gtis.core.roles import Role
from gtis.registry import reference, services
from gtis.registry.models import Designation, DesignationStatus, Programme
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_miit_lists_load_one_designation_per_row(miit_lists):
    factories = Programme.objects.get(code="miit-green-factory")
    assert factories.designations.count() == 2783
    assert Programme.objects.get(code="miit-green-park").designations.count() == 224
    assert Programme.objects.get(code="miit-green-supply-chain").designations.count() == 296
    # organisations on both the factory and the supply-chain lists are one record
    assert Organisation.objects.count() == 2783 + 224 + 138
    jingdongfang = Organisation.objects.get(name="北京京东方显示技术有限公司")
    designation = jingdongfang.designations.get(programme=factories)
    assert (jingdongfang.province, designation.batch, str(designation.designated_on)) == (
        "11",
        "1",
        "2017-08-23",
    )
    assert designation.evaluator == "中国电子技术标准化研究院"


def test_loading_the_lists_again_adds_nothing(miit_lists):
    counts = (Organisation.objects.count(), Designation.objects.count())
    out = StringIO()
    reference.load(out)
    assert "0 organisations and 0 designations added" in out.getvalue()
    assert (Organisation.objects.count(), Designation.objects.count()) == counts


def test_cities_with_separate_plans_belong_to_their_province(miit_lists):
    shenzhen = Organisation.objects.filter(city="深圳").first()
    assert shenzhen.province == "44"


def test_a_wrong_check_character_is_explained(db):
    admin = UserFactory(role=Role.PLATFORM_ADMIN)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        account_services.create_organisation(
            actor=admin, name="某公司", kind="enterprise", credit_code="91110108MA01ABCD2X"
        )
    message = error.value.message_dict["credit_code"][0]
    assert "check digit" in message and "H" in message


def test_the_api_names_the_credit_code_field(api_as, db):
    admin = UserFactory(role=Role.PLATFORM_ADMIN)
    response = api_as(admin).post(
        "/api/registry/organisations/",
        {"name": "某公司", "kind": "enterprise", "credit_code": "91110108MA01ABCD2X"},
    )
    assert response.status_code == 400
    assert list(response.json()["errors"]) == ["credit_code"]
    assert not Organisation.objects.filter(name="某公司").exists()


def test_the_public_sees_verified_records_without_private_contacts(client, api_client, db):
    shown = OrganisationFactory(name="公开公司", private_contact="内部电话 010-1")
    hidden = OrganisationFactory(name="待核实公司", verification=Verification.UNVERIFIED)
    listed = api_client.get("/api/registry/organisations/").json()["results"]
    assert [o["name"] for o in listed] == ["公开公司"]
    assert "private_contact" not in listed[0]
    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert "内部电话" not in client.get(shown.get_absolute_url()).content.decode()


def test_members_and_staff_see_private_contacts(api_as, db):
    organisation = OrganisationFactory(private_contact="内部电话 010-1")
    member = UserFactory(role=Role.ORGANISATION_MEMBER, organisation=organisation)
    data = api_as(member).get(f"/api/registry/organisations/{organisation.pk}/").json()
    assert data["private_contact"] == "内部电话 010-1"


def test_staff_verify_an_organisation(db):
    office = UserFactory(role=Role.COORDINATING_OFFICE)
    organisation = OrganisationFactory(verification=Verification.UNVERIFIED)
    account_services.set_verification(
        actor=office, organisation=organisation, status=Verification.VERIFIED
    )
    organisation.refresh_from_db()
    assert organisation.verification == Verification.VERIFIED


def test_the_directory_searches_by_chinese_fragment_and_province(client, miit_lists):
    response = client.get(reverse("registry:directory"), {"search": "京东方"})
    names = [o.name for o in response.context["page"].object_list]
    assert "北京京东方显示技术有限公司" in names
    facets = {name: links for name, _title, links in response.context["facets"]}
    provinces = {link["label"] for link in facets["province"]}
    narrowed = client.get(reverse("registry:directory"), {"search": "京东方", "province": "11"})
    assert {o.province for o in narrowed.context["page"].object_list} == {"11"}
    assert len(provinces) >= 2


def test_the_directory_filters_by_programme(client, miit_lists):
    response = client.get(reverse("registry:directory"), {"programme": "miit-green-park"})
    assert response.context["page"].paginator.count == 224


def test_revoking_a_designation_needs_a_reason(miit_lists):
    office = UserFactory(role=Role.COORDINATING_OFFICE)
    designation = Designation.objects.first()
    with pytest.raises(ValidationError):
        services.revoke(actor=office, designation=designation, reason=" ")
    services.revoke(actor=office, designation=designation, reason="复核不合格")
    designation.refresh_from_db()
    assert designation.status == DesignationStatus.REVOKED


def test_a_policy_and_its_deliverable_show_each_other(client, miit_lists):
    from gtis.roadmap import reference as roadmap_reference
    from gtis.roadmap.models import Deliverable

    roadmap_reference.load(StringIO())
    office = UserFactory(role=Role.COORDINATING_OFFICE)
    deliverable = Deliverable.objects.get(plan__code="gtis-2019", number=3)
    policy = services.save_policy(
        actor=office,
        title="赋予科研人员职务科技成果所有权试点方案",
        document_number="国科发区〔2020〕128号",
        level="ministerial",
        deliverables=[deliverable],
    )
    policy_page = client.get(policy.get_absolute_url()).content.decode()
    assert deliverable.text in policy_page
    deliverable_page = client.get(deliverable.get_absolute_url()).content.decode()
    assert 'data-testid="linked-records"' in deliverable_page
    assert "国科发区〔2020〕128号" in deliverable_page


def test_only_staff_record_policies(miit_lists):
    officer = UserFactory(role=Role.DEPARTMENT_OFFICER)
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.save_policy(actor=officer, title="x", level="national")


@pytest.mark.parametrize(
    ("code", "ok"),
    [
        ("GB 24500-2020", True),
        ("GB/T 36132-2018", True),
        ("HJ 2.1-2016", True),
        ("T/CECA 20011-2021", True),
        ("JB/T 10395-2019", True),
        ("GB24500", False),
        ("ISO 14034:2016", False),
        ("GB/T 36132", False),
    ],
)
def test_standard_codes_are_checked(code, ok):
    from gtis.registry.models.standards import validate_standard_code

    if ok:
        validate_standard_code(code)
    else:
        with translation.override("en"), pytest.raises(ValidationError) as error:
            validate_standard_code(code)
        assert "GB/T 36132-2018" in error.value.messages[0]


def test_a_gb_standard_is_mandatory_and_a_t_standard_is_not(miit_lists):
    office = UserFactory(role=Role.COORDINATING_OFFICE)
    with pytest.raises(ValidationError) as error:
        services.save_standard(
            actor=office, code="GB 24500-2020", title="工业锅炉能效", is_mandatory=False
        )
    assert "is_mandatory" in error.value.message_dict
    standard = services.save_standard(
        actor=office, code="GB/T 36132-2018", title="绿色工厂评价通则"
    )
    assert not standard.is_mandatory


def test_a_standard_shows_on_its_deliverable(client, miit_lists):
    from gtis.roadmap import reference as roadmap_reference
    from gtis.roadmap.models import Deliverable

    roadmap_reference.load(StringIO())
    office = UserFactory(role=Role.COORDINATING_OFFICE)
    deliverable = Deliverable.objects.get(plan__code="gtis-2019", number=15)
    services.save_standard(
        actor=office,
        code="GB 18613-2020",
        title="电动机能效限定值及能效等级",
        is_mandatory=True,
        deliverables=[deliverable],
    )
    assert "GB 18613-2020" in client.get(deliverable.get_absolute_url()).content.decode()
    assert client.get(reverse("registry:standard_list"), {"search": "18613"}).status_code == 200


def test_a_standard_cited_by_a_taxonomy_node_is_linked_from_it(client, miit_lists):
    from gtis.catalog import reference as catalog_reference
    from gtis.catalog.models import TaxonomyNode

    catalog_reference.load(StringIO())
    office = UserFactory(role=Role.COORDINATING_OFFICE)
    standard = services.save_standard(
        actor=office, code="GB 24500-2020", title="工业锅炉能效限定值及能效等级", is_mandatory=True
    )
    boiler = TaxonomyNode.objects.get(taxonomy__code="gic-2019", code="1.1.1")
    page = client.get(boiler.get_absolute_url()).content.decode()
    assert standard.get_absolute_url() in page
