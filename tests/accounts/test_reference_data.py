import re
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from gtis.accounts.demo import DEMO_PASSWORD
from gtis.accounts.models import Department, User
from gtis.core.roles import Role

pytestmark = pytest.mark.django_db

ROADMAP = Path(settings.PACKAGE_DIR) / "data" / "seed" / "roadmap-2019.txt"


DEPARTMENT = re.compile(r"[\u4e00-\u9fff]{2,12}(部|委|局|会|行)")


def roadmap_departments() -> set[str]:
    """The names in the roadmap's lead-department cells (lines made only of such names)."""
    names = set()
    for line in ROADMAP.read_text(encoding="utf-8").splitlines():
        parts = re.sub(r"\[bookmark:[^\]]*\]", "", line).strip().split("、")
        if all(DEPARTMENT.fullmatch(part) for part in parts):
            names.update(parts)
    return names


def test_every_department_the_roadmap_names_is_loaded():
    call_command("load-reference", stdout=StringIO())
    named = roadmap_departments()
    assert len(named) == 19
    assert named <= set(Department.objects.values_list("short_name", flat=True))


def test_loading_reference_data_twice_changes_nothing():
    call_command("load-reference", stdout=StringIO())
    before = list(Department.objects.values_list("code", "name", "name_en"))
    out = StringIO()
    call_command("load-reference", stdout=out)
    assert "0 new" in out.getvalue()
    assert list(Department.objects.values_list("code", "name", "name_en")) == before


def test_the_demo_has_a_user_for_every_role_who_can_sign_in(client):
    call_command("load-reference", stdout=StringIO())
    call_command("load-demo", stdout=StringIO())
    call_command("load-demo", stdout=StringIO())

    assert set(User.objects.values_list("role", flat=True)) == set(Role.values)
    for user in User.objects.all():
        assert client.login(username=user.username, password=DEMO_PASSWORD), user.username
