"""The actor that reference-data loaders and maintenance commands act as."""

from typing import Any


class SystemActor:
    """Holds every permission; the audit trail names it "system"."""

    pk = None
    is_authenticated = False
    is_active = True
    role = None

    def has_perm(self, perm: str, obj: Any = None) -> bool:
        return True

    def get_username(self) -> str:
        return "system"

    def __str__(self) -> str:
        return "system"


SYSTEM = SystemActor()


def as_user(actor: Any) -> Any:
    """The user behind an actor, for `created_by`-style fields; None for the system."""
    return actor if getattr(actor, "is_authenticated", False) else None
