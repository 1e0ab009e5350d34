"""Side effects of a service (tasks, notifications) run only once its transaction commits."""

from collections.abc import Callable

from django.db import transaction


def after_commit(callback: Callable[[], object]) -> None:
    """Run `callback` after the current transaction commits (at once outside one)."""
    transaction.on_commit(callback, robust=False)
