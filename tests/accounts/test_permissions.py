import pytest

from gtis.core.roles import Role
from tests.helpers import assert_permission_matrix

pytestmark = pytest.mark.django_db


def test_role_permission_matrix(users, organisation):
    other_organisation = type(organisation).objects.create(name="另一家公司", kind="enterprise")
    users[Role.ORGANISATION_MEMBER].organisation_role = "admin"
    users[Role.ORGANISATION_MEMBER].save()

    assert_permission_matrix(
        """
        permission                          | office | officer | member | broker | bank | expert | admin | anon
        core.view_auditevent                | y      | n       | n      | n      | n    | n      | y     | n
        core.export_auditevent              | y      | n       | n      | n      | n    | n      | y     | n
        core.view_backgroundjob             | y      | y       | y      | y      | y    | y      | y     | n
        accounts.view_department            | y      | y       | y      | y      | y    | y      | y     | y
        accounts.change_department          | n      | n       | n      | n      | n    | n      | y     | n
        accounts.view_organisation          | y      | y       | y      | y      | y    | y      | y     | y
        accounts.add_organisation           | n      | n       | n      | n      | n    | n      | y     | n
        accounts.change_organisation @own   | n      | n       | y      | n      | n    | n      | y     | n
        accounts.change_organisation @other | n      | n       | n      | n      | n    | n      | y     | n
        accounts.view_user                  | y      | n       | n      | n      | n    | n      | y     | n
        accounts.add_user                   | n      | n       | n      | n      | n    | n      | y     | n
        accounts.change_user                | n      | n       | n      | n      | n    | n      | y     | n
        accounts.unlock_user                | n      | n       | n      | n      | n    | n      | y     | n
        accounts.change_own_account         | y      | y       | y      | y      | y    | y      | y     | n
        """,
        users,
        objects={"own": organisation, "other": other_organisation},
    )


def test_a_user_may_view_their_own_account_but_not_another(users):
    officer, expert = users[Role.DEPARTMENT_OFFICER], users[Role.EXPERT]
    assert officer.has_perm("accounts.view_user", officer)
    assert not officer.has_perm("accounts.view_user", expert)


def test_an_inactive_user_holds_no_role_permission(users):
    admin = users[Role.PLATFORM_ADMIN]
    admin.is_active = False
    assert not admin.has_perm("accounts.add_user")
