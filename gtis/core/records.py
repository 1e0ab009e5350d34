"""The one way a record is created or edited from a set of fields: permission on the record as
it was and as it will be, validation, one transaction, one audit event."""

from collections.abc import Sequence
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from gtis.core import audit
from gtis.core.permissions import require

RecordT = TypeVar("RecordT", bound=models.Model)


def save_record(
    *,
    actor: Any,
    record: RecordT | None,
    model: type[RecordT],
    field_names: Sequence[str],
    values: dict[str, Any],
    relations: dict[str, Any] | None = None,
    masked: Sequence[str] = (),
) -> RecordT:
    """Create (`record` None) or update a record with `values` and many-to-many `relations`
    (a relation given as None keeps its links). The audit event says that `masked` fields
    changed, not what they hold.

    The actor needs `<app>.add_<model>` to create, and `<app>.change_<model>` on the record both
    before and after the change, so that nobody can take over or give away a record."""
    meta = model._meta
    change = f"{meta.app_label}.change_{meta.model_name}"
    unknown = set(values) - set(field_names)
    if unknown:
        raise ValidationError({field: _("Unknown field.") for field in sorted(unknown)})
    require(actor, change if record else f"{meta.app_label}.add_{meta.model_name}", record)
    record = record or model()
    before = audit.snapshot(record, field_names) if record.pk else {}
    for field, value in values.items():
        setattr(record, field, value.strip() if isinstance(value, str) else value)
    require(actor, change, record)
    record.full_clean()
    with transaction.atomic():
        record.save()
        changes: dict[str, Any] = audit.diff(before, audit.snapshot(record, field_names))
        for name in masked:
            if name in changes:
                changes[name] = ["…", "…"]
        for relation, given in (relations or {}).items():
            if given is None:
                continue
            items = list(given)
            getattr(record, relation).set(items)
            changes[relation] = sorted(str(item.pk) for item in items)
        audit.record(
            actor=actor, action="update" if before else "create", obj=record, changes=changes
        )
    return record
