"""Writing the audit trail. Services call `record`; the middleware supplies where from."""

import contextvars
import datetime
import decimal
import uuid
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from gtis.core.models import AuditEvent


@dataclass(frozen=True)
class RequestContext:
    ip_address: str | None = None
    path: str = ""
    request_id: str = ""


NO_REQUEST = RequestContext()
_request_context: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "gtis_audit_request", default=None
)


@contextmanager
def request_context(context: RequestContext) -> Iterator[None]:
    token = _request_context.set(context)
    try:
        yield
    finally:
        _request_context.reset(token)


def new_request_id() -> str:
    return uuid.uuid4().hex


def record(
    *,
    actor: Any,
    action: str,
    category: str = AuditEvent.Category.DATA,
    obj: models.Model | None = None,
    changes: dict[str, Any] | None = None,
    message: str = "",
    actor_label: str = "",
) -> AuditEvent:
    """Append one event to the audit trail (inside the caller's transaction)."""
    context = _request_context.get() or NO_REQUEST
    user = actor if getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor=user,
        actor_label=actor_label or (user.get_username() if user else "system"),
        category=category,
        action=action,
        object_type=ContentType.objects.get_for_model(obj) if obj is not None else None,
        object_id=str(obj.pk) if obj is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        changes=_jsonable(changes or {}),
        message=message,
        ip_address=context.ip_address,
        path=context.path[:300],
        request_id=context.request_id,
    )


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The values of `fields` on `instance`, foreign keys by id, ready to diff."""
    values = {}
    for name in fields:
        field = instance._meta.get_field(name)
        values[name] = getattr(instance, field.attname)  # type: ignore[union-attr]
    return values


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Fields whose value changed, as {field: [old, new]}."""
    return {
        name: [before.get(name), value]
        for name, value in after.items()
        if before.get(name) != value
    }


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [_jsonable(v) for v in value]
    if isinstance(value, datetime.datetime | datetime.date | datetime.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value
