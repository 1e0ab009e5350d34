"""The market's people: the coordinating office, a seller (its organisation's admin) and a
buyer from another organisation."""

import pytest

from gtis.accounts.models import OrganisationRole
from gtis.core.roles import Role
from tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def office(users):
    return users[Role.COORDINATING_OFFICE]


@pytest.fixture
def seller(organisation):
    return UserFactory(
        username="seller", organisation=organisation, organisation_role=OrganisationRole.ADMIN
    )


@pytest.fixture
def buyer():
    return UserFactory(
        username="buyer", organisation=OrganisationFactory(name="示例钢铁股份有限公司")
    )
