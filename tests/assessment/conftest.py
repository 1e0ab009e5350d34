import random

import pytest

from gtis.assessment import services
from gtis.assessment.models import SchemeVersion
from gtis.core.actors import SYSTEM
from tests.assessment.evaluation import evaluated


@pytest.fixture
def versions(db):
    """The shipped scheme versions, loaded, by (scheme code, version label)."""
    services.load_shipped_schemes(actor=SYSTEM)
    return {(v.scheme.code, v.label): v for v in SchemeVersion.objects.select_related("scheme")}


@pytest.fixture
def factory_campaign(office, department, versions):
    """An open campaign of GB/T 36132-2018 green factories."""
    from tests.assessment.test_campaigns import campaign_of

    return campaign_of(office, department, versions["green-factory", "GB/T 36132-2018"])


@pytest.fixture
def panel(member, office, factory_campaign, green_fields):
    """A submitted green-factory application, its campaign under review, and five experts
    who declared no conflict."""
    from gtis.assessment import campaigns
    from gtis.core.roles import Role
    from tests.assessment.test_campaigns import expert, submitted
    from tests.factories import OrganisationFactory, UserFactory

    application = submitted(member, factory_campaign)
    other = OrganisationFactory(name="示例评价机构")
    for n in range(5):
        person = expert(f"评审专家{n}", other, [green_fields["1.1.1"]])
        person.user = UserFactory(username=f"judge{n}", role=Role.EXPERT)
        person.save()
    application.fields.set([green_fields["1.1.1"]])
    drawn = campaigns.assign_panel(actor=office, application=application, rng=random.Random(3))
    for assignment in drawn:
        campaigns.declare_no_conflict(actor=assignment.expert.user, assignment=assignment)
    campaigns.close_applications(actor=office, campaign=factory_campaign)
    return application, drawn


# ISO 14034 verification ------------------------------------------------------------------------

CLAIMED = [
    {
        "name": "COD removal",
        "unit": "%",
        "minimum": "85",
        "maximum": "95",
        "operating_conditions": "Feed COD 2000–5000 mg/L, pH 6–9, 10 m³/h",
        "medium": "High-salinity industrial wastewater",
    },
    {
        "name": "Water recovery",
        "unit": "%",
        "minimum": "70",
        "maximum": "80",
        "operating_conditions": "Feed TDS 30–60 g/L, 25 °C",
        "medium": "High-salinity industrial wastewater",
    },
]


@pytest.fixture
def etv_campaign(office, department, versions):
    """An open campaign of the ISO 14034 verification scheme."""
    from tests.assessment.test_campaigns import campaign_of

    return campaign_of(office, department, versions["technology-verification", "ISO 14034:2016"])


@pytest.fixture
def etv_draft(member, etv_campaign):
    """A draft application to the verification campaign."""
    from gtis.assessment import campaigns
    from tests.assessment.test_campaigns import complete

    return campaigns.save_application(actor=member, campaign=etv_campaign, **complete(etv_campaign))


@pytest.fixture
def claim_listing(member, office, organisation, green_fields):
    """The applicant's published listing with one green benefit, not yet verified."""
    from gtis.market import services as market
    from tests.market.test_listings import published

    listing = published(member, office, organisation, [green_fields["1.1.1"]])
    market.add_benefit(
        actor=member, listing=listing, metric="pollutant_reduced", value="90", unit="%"
    )
    return listing


@pytest.fixture
def etv_submitted(member, etv_draft, claim_listing):
    """The application with its claim (version 1, behind the listing's benefit), submitted."""
    from gtis.assessment import campaigns, verification

    verification.save_performance_claim(
        actor=member,
        application=etv_draft,
        parameters=CLAIMED,
        listing=claim_listing,
        benefit=claim_listing.benefits.get(),
    )
    evaluated(member, etv_draft)
    return campaigns.submit_application(actor=member, application=etv_draft, pledge=True)


@pytest.fixture
def verifier_org(db):
    from tests.factories import OrganisationFactory

    return OrganisationFactory(name="示例环境技术验证中心")


@pytest.fixture
def verifier(verifier_org):
    from tests.factories import UserFactory

    return UserFactory(username="verifier", organisation=verifier_org)


@pytest.fixture
def lab(db):
    from tests.factories import OrganisationFactory

    return OrganisationFactory(name="示例环境检测中心")


@pytest.fixture
def lab_user(lab):
    from tests.factories import UserFactory

    return UserFactory(username="labstaff", organisation=lab)


@pytest.fixture
def etv_plan(office, etv_submitted, verifier_org):
    """The verification plan: the verifier appointed, both parameters planned."""
    from gtis.assessment import verification

    return verification.save_verification_plan(
        actor=office,
        application=etv_submitted,
        verifier=verifier_org,
        parameters=["COD removal", "Water recovery"],
        test_methods="HJ 828-2017 dichromate method; flow meters on feed and permeate.",
        data_requirements="Three months of field data from an accredited lab.",
    )
