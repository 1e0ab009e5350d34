"""Roadmap fixtures: the real departments, the 2019 roadmap imported, and its officers."""

from io import StringIO

import pytest

from gtis.accounts import reference as account_reference
from gtis.accounts.models import Department
from gtis.core.roles import Role
from gtis.roadmap import reference as roadmap_reference
from gtis.roadmap.models import Plan
from tests.factories import UserFactory


@pytest.fixture
def departments(db):
    account_reference.load(StringIO())
    return {d.code: d for d in Department.objects.all()}


@pytest.fixture
def plan(departments):
    """The 2019 roadmap as `gtis load-reference` loads it."""
    roadmap_reference.load(StringIO())
    return Plan.objects.get(code=roadmap_reference.PLAN_CODE)


@pytest.fixture
def office(db):
    return UserFactory(username="office", role=Role.COORDINATING_OFFICE)


@pytest.fixture
def most_officer(departments):
    """An officer of 科技部, which leads most tasks (task 1 among them)."""
    return UserFactory(
        username="most", role=Role.DEPARTMENT_OFFICER, department=departments["most"]
    )


@pytest.fixture
def cnipa_officer(departments):
    """An officer of 国家知识产权局, which leads only task 12 (deliverables 29-32)."""
    return UserFactory(
        username="cnipa", role=Role.DEPARTMENT_OFFICER, department=departments["cnipa"]
    )


@pytest.fixture
def deliverable(plan):
    """Deliverable 1 (十百千 action, 2019-2022), led by 科技部 and 国家发展改革委."""
    return plan.deliverables.get(number=1)
