"""Test helpers every engine's tests use: the role × permission matrix and flat query counts."""

from collections.abc import Callable, Mapping
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gtis.core.roles import Role

# Column names of a permission matrix, and the role each stands for (None: anonymous).
ROLE_COLUMNS: dict[str, Role | None] = {
    "office": Role.COORDINATING_OFFICE,
    "officer": Role.DEPARTMENT_OFFICER,
    "member": Role.ORGANISATION_MEMBER,
    "broker": Role.BROKER,
    "bank": Role.FINANCIAL_INSTITUTION,
    "expert": Role.EXPERT,
    "admin": Role.PLATFORM_ADMIN,
    "anon": None,
}
YES, NO = "y", "n"


def assert_permission_matrix(
    table: str, users: Mapping[Role, Any], objects: Mapping[str, Any] | None = None
) -> None:
    """Check a whole role × permission table at once and report every cell that is wrong.

        permission                        | office | officer | ... | anon
        accounts.change_organisation      | n      | n       | ... | n
        accounts.change_organisation @org | n      | n       | ... | n

    A row `perm @name` checks the permission on `objects[name]`.
    """
    lines = [line.strip() for line in table.strip().splitlines() if line.strip()]
    header = [cell.strip() for cell in lines[0].split("|")]
    columns = header[1:]
    unknown = [column for column in columns if column not in ROLE_COLUMNS]
    assert not unknown, f"unknown role columns {unknown}; use {list(ROLE_COLUMNS)}"
    wrong = []
    for line in lines[1:]:
        cells = [cell.strip() for cell in line.split("|")]
        permission, _, object_name = cells[0].partition("@")
        obj = (objects or {})[object_name.strip()] if object_name else None
        assert len(cells) == len(header), (
            f"row {cells[0]!r} has {len(cells)} cells, not {len(header)}"
        )
        for column, expected in zip(columns, cells[1:], strict=True):
            role = ROLE_COLUMNS[column]
            user = AnonymousUser() if role is None else users[role]
            actual = YES if user.has_perm(permission.strip(), obj) else NO
            if actual != expected:
                wrong.append(f"{cells[0]} for {column}: expected {expected}, got {actual}")
    assert not wrong, "permission matrix mismatches:\n  " + "\n  ".join(wrong)


def count_queries(action: Callable[[], Any]) -> tuple[int, list[str]]:
    with CaptureQueriesContext(connection) as context:
        action()
    return len(context.captured_queries), [query["sql"] for query in context.captured_queries]


def assert_flat_query_count(
    fetch: Callable[[], Any], add_rows: Callable[[], Any], expected: int | None = None
) -> None:
    """The page costs the same number of queries after more rows are added (and `expected`)."""
    before, _ = count_queries(fetch)
    add_rows()
    after, sql_after = count_queries(fetch)
    printed = "\n".join(sql_after)
    assert before == after, f"{before} queries before adding rows, {after} after:\n{printed}"
    if expected is not None:
        assert after == expected, f"expected {expected} queries, got {after}:\n{printed}"
