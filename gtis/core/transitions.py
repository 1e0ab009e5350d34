"""Moving a record through its django-fsm state machine: one transaction, one audit event,
and a message naming the state when the move is not allowed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django_fsm import TransitionNotAllowed

from gtis.core import audit


def require_state(record: Any, *states: str, field: str = "state") -> None:
    """Refuse, as the state machine does, an action the record's state does not allow."""
    if getattr(record, field) not in states:
        display = getattr(record, f"get_{field}_display")()
        raise ValidationError(
            _("This cannot be done while the record is “%(state)s”.") % {"state": display},
            code="transition",
        )


def apply_transition(
    *, actor: Any, record: Any, name: str, field: str = "status", **changes: Any
) -> Any:
    """Call the transition `name` on `record`, save it and audit the move with `changes`."""
    with transaction.atomic():
        before = getattr(record, field)
        try:
            getattr(record, name)()
        except TransitionNotAllowed as error:
            display = getattr(record, f"get_{field}_display")()
            raise ValidationError(
                _("This cannot be done while the record is “%(state)s”.") % {"state": display},
                code="transition",
            ) from error
        record.full_clean()
        record.save()
        audit.record(
            actor=actor,
            action=name,
            obj=record,
            changes={field: [before, getattr(record, field)], **changes},
        )
    return record
