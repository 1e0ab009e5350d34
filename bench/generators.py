"""Data generators for the benchmarks: realistic volumes, created in bulk, idempotently."""

import random
from io import StringIO

from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.utils import timezone

from gtis.accounts.models import Organisation, User
from gtis.core.models import AuditEvent
from gtis.core.roles import Role
from gtis.roadmap.models import Deliverable

BATCH = 5000


def ensure_data(*, users: int, events: int) -> User:
    """At least `users` users and `events` audit events, and the 2019 roadmap with its demo
    reports; returns a platform administrator."""
    if not Deliverable.objects.exists():
        call_command("load-reference", stdout=StringIO())
        call_command("load-demo", stdout=StringIO())
    admin, _ = User.objects.get_or_create(
        username="bench-admin", defaults={"full_name": "基准管理员", "role": Role.PLATFORM_ADMIN}
    )
    _ensure_users(users)
    _ensure_events(events, admin)
    return admin


def _ensure_users(target: int) -> None:
    organisation, _ = Organisation.objects.get_or_create(
        name="基准测试有限公司", defaults={"kind": "enterprise"}
    )
    existing = User.objects.count()
    roles = [Role.ORGANISATION_MEMBER, Role.BROKER, Role.FINANCIAL_INSTITUTION]
    new = [
        User(
            username=f"bench{n:07d}",
            full_name=f"用户{n}",
            role=random.choice(roles),
            organisation=organisation,
            organisation_role="member",
        )
        for n in range(existing, target)
    ]
    User.objects.bulk_create(new, batch_size=BATCH)


def _ensure_events(target: int, actor: User) -> None:
    user_type = ContentType.objects.get_for_model(User)
    now = timezone.now()
    existing = AuditEvent.objects.count()
    for start in range(existing, target, BATCH):
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    occurred_at=now,
                    actor=actor,
                    actor_label=actor.username,
                    category="data",
                    action=random.choice(["create", "update", "publish"]),
                    object_type=user_type,
                    object_id=str(actor.pk),
                    object_repr=f"记录 {n}",
                    changes={"field": [n, n + 1]},
                )
                for n in range(start, min(start + BATCH, target))
            ]
        )
