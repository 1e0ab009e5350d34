"""Fixtures shared by every test: a user for every role, API clients, and the permission matrix."""

import pytest
from django.core.cache import cache
from django.utils import translation
from rest_framework.test import APIClient

from gtis.core.roles import Role
from tests.factories import DepartmentFactory, OrganisationFactory, UserFactory


@pytest.fixture(autouse=True)
def empty_cache():
    """Every test starts with an empty cache (cached statuses must not leak between tests)."""
    cache.clear()


@pytest.fixture
def english():
    """Messages compared in English (the interface itself defaults to Chinese)."""
    with translation.override("en"):
        yield


@pytest.fixture
def department(db):
    return DepartmentFactory(code="most", short_name="科技部", name="中华人民共和国科学技术部",
                             name_en="Ministry of Science and Technology")


@pytest.fixture
def organisation(db):
    return OrganisationFactory(name="华清绿能科技有限公司")


@pytest.fixture
def users(db, department, organisation):
    """One active user for every role, keyed by role."""
    return {
        Role.COORDINATING_OFFICE: UserFactory(username="office", role=Role.COORDINATING_OFFICE),
        Role.DEPARTMENT_OFFICER: UserFactory(
            username="officer", role=Role.DEPARTMENT_OFFICER, department=department
        ),
        Role.ORGANISATION_MEMBER: UserFactory(
            username="member", role=Role.ORGANISATION_MEMBER, organisation=organisation
        ),
        Role.BROKER: UserFactory(username="broker", role=Role.BROKER),
        Role.FINANCIAL_INSTITUTION: UserFactory(username="bank", role=Role.FINANCIAL_INSTITUTION),
        Role.EXPERT: UserFactory(username="expert", role=Role.EXPERT),
        Role.PLATFORM_ADMIN: UserFactory(username="admin", role=Role.PLATFORM_ADMIN),
    }


@pytest.fixture
def admin_user(users):
    return users[Role.PLATFORM_ADMIN]


@pytest.fixture
def officer(users):
    return users[Role.DEPARTMENT_OFFICER]


@pytest.fixture
def api_client():
    return APIClient()


@pytest.fixture
def api_as():
    """api_as(user): an API client authenticated as that user."""

    def make(user):
        client = APIClient()
        client.force_authenticate(user)
        return client

    return make


@pytest.fixture
def green_fields(db):
    """A corner of the 2019 green industry catalogue (experts' fields, listings' codes)."""
    from gtis.catalog.services import NodeRow, load_taxonomy
    from gtis.core.actors import SYSTEM

    taxonomy, _summary = load_taxonomy(
        actor=SYSTEM,
        code="gic-2019",
        name="绿色产业指导目录（2019年版）",
        rows=[
            NodeRow("1", "节能环保产业"),
            NodeRow("1.1", "高效节能装备制造"),
            NodeRow("1.1.1", "节能锅炉制造"),
            NodeRow("3", "清洁能源产业"),
            NodeRow("3.2", "清洁能源设施建设和运营"),
        ],
    )
    return {node.code: node for node in taxonomy.nodes.all()}
