import random

import pytest

from gtis.assessment import services
from gtis.assessment.models import SchemeVersion
from gtis.core.actors import SYSTEM


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
