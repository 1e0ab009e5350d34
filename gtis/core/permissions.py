"""The one check every service makes before it writes."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _


def require(actor: Any, permission: str, obj: Any = None) -> None:
    """Raise PermissionDenied unless `actor` holds `permission` (on `obj`)."""
    if not actor.has_perm(permission, obj):
        raise PermissionDenied(_("You do not have permission to do this."))


def assign(obj: Any, values: dict[str, Any]) -> bool:
    """Set `values` on `obj`; True when any of them changed."""
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed
