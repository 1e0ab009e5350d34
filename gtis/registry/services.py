"""Every write of the registry: programmes, designations, and the lists that load them."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from gtis.accounts.models import Organisation, Verification
from gtis.core import audit
from gtis.core.actors import as_user
from gtis.core.permissions import require
from gtis.registry.models import Designation, DesignationStatus, Policy, Programme, Standard


def designate(
    *,
    actor: Any,
    programme: Programme,
    organisation: Organisation,
    designated_on: datetime.date,
    title: str = "",
    batch: str = "",
    source_document: str = "",
    valid_until: datetime.date | None = None,
) -> Designation:
    """Designate an organisation under a programme (staff)."""
    require(actor, "registry.add_designation", programme)
    if valid_until is None and programme.validity_years:
        valid_until = designated_on.replace(year=designated_on.year + programme.validity_years)
    designation = Designation(
        programme=programme,
        organisation=organisation,
        title=title,
        batch=batch,
        designated_on=designated_on,
        valid_until=valid_until,
        source_document=source_document,
        created_by=as_user(actor),
    )
    designation.full_clean()
    with transaction.atomic():
        designation.save()
        audit.record(
            actor=actor,
            action="designate",
            obj=organisation,
            changes={"programme": programme.code, "batch": batch, "designated_on": designated_on},
        )
    return designation


def revoke(*, actor: Any, designation: Designation, reason: str) -> Designation:
    """Withdraw a designation (动态管理), with the reason recorded."""
    require(actor, "registry.change_designation", designation)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for revoking.")})
    with transaction.atomic():
        designation.status = DesignationStatus.REVOKED
        designation.revoked_reason = reason.strip()
        designation.save(update_fields=["status", "revoked_reason"])
        audit.record(
            actor=actor,
            action="revoke",
            obj=designation.organisation,
            changes={"programme": designation.programme.code, "reason": reason},
        )
    return designation


@dataclass(frozen=True)
class ListRow:
    """A row of a published list: who was designated, where, in which batch."""

    name: str
    province: str
    city: str
    kind: str
    batch: str
    designated_on: datetime.date | None
    evaluator: str = ""
    industry: str = ""
    source_url: str = ""


def load_list(*, actor: Any, programme: Programme, rows: Sequence[ListRow]) -> str:
    """Load a designation list: organisations de-duplicated by name and province (created
    verified, as the state listed them), one designation per row; loading again adds nothing."""
    require(actor, "registry.add_designation", programme)
    with transaction.atomic():
        existing = {
            (o.name, o.province): o
            for o in Organisation.objects.filter(name__in={r.name for r in rows})
        }
        new = {}
        for row in rows:
            key = (row.name, row.province)
            if key not in existing and key not in new:
                new[key] = Organisation(
                    name=row.name,
                    province=row.province,
                    city=row.city,
                    kind=row.kind,
                    industry=row.industry,
                    verification=Verification.VERIFIED,
                )
        Organisation.objects.bulk_create(new.values(), batch_size=500)
        organisations = existing | {k: o for k, o in new.items()}
        if new:
            organisations = {
                (o.name, o.province): o
                for o in Organisation.objects.filter(name__in={r.name for r in rows})
            }
        have = set(
            Designation.objects.filter(programme=programme).values_list("organisation_id", "batch")
        )
        designations = [
            Designation(
                programme=programme,
                organisation=organisations[(r.name, r.province)],
                batch=r.batch,
                designated_on=r.designated_on,
                evaluator=r.evaluator,
                industry=r.industry,
                source_url=r.source_url,
                source_document=f"{programme.name} 第{r.batch}批"
                if r.batch.isdigit() and len(r.batch) < 3
                else f"{programme.name}（{r.batch}年度）",
            )
            for r in rows
            if (organisations[(r.name, r.province)].pk, r.batch) not in have
        ]
        Designation.objects.bulk_create(designations, batch_size=500)
        summary = (
            f"{len(rows)} rows: {len(new)} organisations and {len(designations)} designations added"
        )
        if new or designations:
            audit.record(
                actor=actor, action="load_list", obj=programme, changes={"summary": summary}
            )
    return summary


STANDARD_FIELDS = [
    "code",
    "title",
    "is_mandatory",
    "status",
    "department",
    "revision_due",
    "revision_plan",
]


def save_standard(
    *, actor: Any, standard: Standard | None = None, deliverables: Any = (), **fields: Any
) -> Standard:
    """Record a standard, its revision plan and the deliverables it serves (14, 15, 19…)."""
    require(actor, "registry.change_standard", standard)
    with transaction.atomic():
        standard = standard or Standard()
        before = audit.snapshot(standard, STANDARD_FIELDS) if standard.pk else {}
        for name in STANDARD_FIELDS:
            if name in fields:
                setattr(standard, name, fields[name])
        standard.code = standard.code.strip()
        standard.full_clean()
        standard.save()
        standard.deliverables.set(list(deliverables))
        audit.record(
            actor=actor,
            action="update" if before else "create",
            obj=standard,
            changes=audit.diff(before, audit.snapshot(standard, STANDARD_FIELDS)),
        )
    return standard


POLICY_FIELDS = [
    "title",
    "issuer_other",
    "document_number",
    "issued_on",
    "level",
    "status",
    "text",
    "link",
    "tags",
]


def save_policy(
    *,
    actor: Any,
    policy: Policy | None = None,
    issuing_departments: Any = (),
    deliverables: Any = (),
    **fields: Any,
) -> Policy:
    """Record a policy document and the deliverables it fulfils (coordinating office)."""
    require(actor, "registry.change_policy", policy)
    unknown = set(fields) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationError({name: _("Unknown field.") for name in unknown})
    with transaction.atomic():
        policy = policy or Policy()
        before = audit.snapshot(policy, POLICY_FIELDS) if policy.pk else {}
        for name, value in fields.items():
            setattr(policy, name, value)
        policy.full_clean()
        policy.save()
        policy.issuing_departments.set(list(issuing_departments))
        policy.deliverables.set(list(deliverables))
        audit.record(
            actor=actor,
            action="update" if before else "create",
            obj=policy,
            changes={
                **audit.diff(before, audit.snapshot(policy, POLICY_FIELDS)),
                "deliverables": sorted(d.pk for d in deliverables),
            },
        )
    return policy
