"""Editions whose list a decision elsewhere has already settled: an assessment campaign's, say,
where provinces recommended, experts reviewed and the list went through its public notice. The
edition goes through the catalogue's own steps (drafted, entered, reviewed, noticed over the
decision's notice period, published), each entry referring to the record it comes from."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction

from gtis.accounts.models import Department
from gtis.catalog import services
from gtis.catalog.models import CatalogueEdition
from gtis.core import audit
from gtis.core.permissions import require


@dataclass(frozen=True)
class SettledEntry:
    """One item of a settled list and the record it comes from (its page is the entry's link)."""

    key: str
    title: str
    record: models.Model
    label: str
    description: str = ""
    node_codes: Sequence[str] = field(default_factory=tuple)


def publish_settled_edition(
    *,
    actor: Any,
    kind: str,
    title: str,
    year: int,
    owner_department: Department,
    entries: Sequence[SettledEntry],
    notice_ended_on: datetime.date,
    notice_days: int,
    published_on: datetime.date,
    document_number: str = "",
) -> CatalogueEdition:
    """Publish a settled list as an edition of `kind`, its public notice the decision's (the
    `notice_days` up to `notice_ended_on`), superseding the edition of that kind in force."""
    require(actor, "catalog.add_catalogueedition", owner_department)
    days = max(notice_days, 1)
    with transaction.atomic():
        edition = services.create_edition(
            actor=actor,
            kind=kind,
            title=title,
            year=year,
            document_number=document_number,
            issuing_departments=[owner_department],
            owner_department=owner_department,
        )
        for item in entries:
            entry = services.save_entry(
                actor=actor,
                edition=edition,
                key=item.key,
                title=item.title,
                node_codes=item.node_codes,
                description=item.description,
            )
            entry.reference_type = ContentType.objects.get_for_model(item.record)
            entry.reference_id, entry.reference_label = str(item.record.pk), item.label[:200]
            entry.save(update_fields=["reference_type", "reference_id", "reference_label"])
            audit.record(
                actor=actor,
                action="link_entry",
                obj=edition,
                changes={"key": entry.key, "refers_to": entry.reference_label},
            )
        services.submit_for_review(actor=actor, edition=edition)
        services.open_public_notice(
            actor=actor,
            edition=edition,
            starts_on=notice_ended_on - datetime.timedelta(days=days - 1),
            days=days,
        )
        return services.publish_edition(actor=actor, edition=edition, published_on=published_on)
