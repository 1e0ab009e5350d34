from io import StringIO

import pytest

from gtis.accounts import reference as account_reference
from gtis.catalog import reference
from gtis.catalog.models import Taxonomy
from gtis.core.roles import Role
from tests.factories import UserFactory


@pytest.fixture
def taxonomies(db):
    account_reference.load(StringIO())
    reference.load(StringIO())
    return {t.code: t for t in Taxonomy.objects.all()}


@pytest.fixture
def gic(taxonomies):
    return taxonomies["gic-2019"]


@pytest.fixture
def office(db):
    return UserFactory(username="office", role=Role.COORDINATING_OFFICE)


@pytest.fixture
def miit_officer(taxonomies):
    from gtis.accounts.models import Department

    return UserFactory(
        username="miit",
        role=Role.DEPARTMENT_OFFICER,
        department=Department.objects.get(code="miit"),
    )
