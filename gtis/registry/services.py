"""Every write of the registry: programmes, designations, the lists that load them, and the
credit records that other engines write through it."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.accounts.models import Organisation, Verification
from gtis.core import audit
from gtis.core.actors import as_user
from gtis.core.permissions import require
from gtis.core.records import save_record
from gtis.registry.models import (
    CreditKind,
    CreditRecord,
    DeclaredRelationship,
    Designation,
    DesignationStatus,
    Event,
    Expert,
    Network,
    NetworkMembership,
    PastAffiliation,
    Policy,
    Programme,
    Site,
    Standard,
)
from gtis.registry.selectors import years_after


def programme_for(
    *, code: str, name: str, name_en: str, department: Any, validity_years: int | None
) -> Programme:
    """The programme another engine's decisions designate under (an assessment scheme's), made
    the first time it is needed."""
    programme, _created = Programme.objects.get_or_create(
        code=code,
        defaults={
            "name": name,
            "name_en": name_en,
            "department": department,
            "validity_years": validity_years,
            "source": "GTIS assessment engine",
        },
    )
    return programme


def designate(
    *,
    actor: Any,
    programme: Programme,
    designated_on: datetime.date,
    organisation: Organisation | None = None,
    site: Site | None = None,
    title: str = "",
    batch: str = "",
    source_document: str = "",
    valid_until: datetime.date | None = None,
) -> Designation:
    """Designate an organisation or a site under a programme (staff)."""
    require(actor, "registry.add_designation", programme)
    if (organisation is None) == (site is None):
        raise ValidationError(_("Designate either an organisation or a site."))
    if valid_until is None and programme.validity_years:
        valid_until = years_after(designated_on, programme.validity_years)
    designation = Designation(
        programme=programme,
        organisation=organisation,
        site=site,
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
            obj=designation.subject,
            changes={"programme": programme.code, "batch": batch, "designated_on": designated_on},
        )
    return designation


def renew(
    *,
    actor: Any,
    designation: Designation,
    renewed_on: datetime.date,
    valid_until: datetime.date | None = None,
    source_document: str = "",
) -> Designation:
    """Renew a designation after its review (复核): a new validity and the decision behind it."""
    require(actor, "registry.change_designation", designation)
    if designation.status == DesignationStatus.REVOKED:
        raise ValidationError(_("A revoked designation cannot be renewed; designate again."))
    if designation.status == DesignationStatus.SUSPENDED:
        raise ValidationError(
            _("A suspended designation cannot be renewed until it is reinstated.")
        )
    programme = designation.programme
    if valid_until is None:
        if not programme.validity_years:
            raise ValidationError({"valid_until": _("Give the new end of validity.")})
        valid_until = years_after(renewed_on, programme.validity_years)
    if valid_until <= renewed_on:
        raise ValidationError({"valid_until": _("The new validity must end after the renewal.")})
    before = audit.snapshot(designation, ["valid_until", "source_document", "status"])
    with transaction.atomic():
        designation.renewed_on = renewed_on
        designation.valid_until = valid_until
        designation.status = DesignationStatus.ACTIVE
        if source_document.strip():
            designation.source_document = source_document.strip()
        designation.save()
        audit.record(
            actor=actor,
            action="renew",
            obj=designation.subject,
            changes={
                "programme": programme.code,
                **audit.diff(
                    before,
                    audit.snapshot(designation, ["valid_until", "source_document", "status"]),
                ),
            },
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
            obj=designation.subject,
            changes={"programme": designation.programme.code, "reason": reason},
        )
    return designation


def suspend(*, actor: Any, designation: Designation, reason: str) -> Designation:
    """Suspend an active designation (动态管理: a missed duty, a credit record, a re-review);
    it is not in force until reinstated."""
    require(actor, "registry.change_designation", designation)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for suspending.")})
    if designation.status != DesignationStatus.ACTIVE:
        raise ValidationError(
            _("Only an active designation can be suspended (this one is %(status)s).")
            % {"status": designation.get_status_display()},
            code="status",
        )
    return _set_status(actor, designation, DesignationStatus.SUSPENDED, "suspend", reason)


def reinstate(*, actor: Any, designation: Designation, reason: str) -> Designation:
    """Lift a suspension once its causes are resolved, with the reason recorded."""
    require(actor, "registry.change_designation", designation)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for reinstating.")})
    if designation.status != DesignationStatus.SUSPENDED:
        raise ValidationError(_("Only a suspended designation can be reinstated."), code="status")
    return _set_status(actor, designation, DesignationStatus.ACTIVE, "reinstate", reason)


def _set_status(
    actor: Any, designation: Designation, status: str, action: str, reason: str
) -> Designation:
    with transaction.atomic():
        designation.status = status
        designation.save(update_fields=["status"])
        audit.record(
            actor=actor,
            action=action,
            obj=designation.subject,
            changes={"programme": designation.programme.code, "reason": reason.strip()},
        )
    return designation


def record_credit_event(
    *,
    actor: Any,
    organisation: Organisation,
    kind: str,
    authority: str,
    document_number: str,
    decided_on: datetime.date,
    summary: str,
    in_force_until: datetime.date | None = None,
) -> CreditRecord:
    """Record a decision that puts an organisation on a dishonesty or violation list (staff,
    or another engine acting as the system)."""
    require(actor, "registry.add_creditrecord")
    authority, document_number = authority.strip(), document_number.strip()
    summary = summary.strip()
    errors: dict[str, str] = {}
    if kind not in CreditKind.values:
        errors["kind"] = _("Choose the kind of credit record.")
    if not authority:
        errors["authority"] = _("Give the authority that decided.")
    if not document_number:
        errors["document_number"] = _("Give the decision's document number.")
    elif CreditRecord.objects.filter(
        organisation=organisation, authority=authority, document_number=document_number
    ).exists():
        errors["document_number"] = _("This decision is already recorded for this organisation.")
    if not isinstance(decided_on, datetime.date):
        errors["decided_on"] = _("Give the date of the decision.")
    elif decided_on > timezone.localdate():
        errors["decided_on"] = _("A decision cannot be dated in the future.")
    elif in_force_until is not None and in_force_until < decided_on:
        errors["in_force_until"] = _("A record cannot end before it was decided.")
    if not summary:
        errors["summary"] = _("Summarise what was decided.")
    if errors:
        raise ValidationError(errors)
    record = CreditRecord(
        organisation=organisation,
        kind=kind,
        authority=authority,
        document_number=document_number,
        decided_on=decided_on,
        summary=summary,
        in_force_until=in_force_until,
        recorded_by=as_user(actor),
    )
    record.full_clean()
    record._history_user = as_user(actor)  # type: ignore[attr-defined]
    with transaction.atomic():
        record.save()
        audit.record(
            actor=actor,
            action="record_credit_event",
            obj=organisation,
            changes={
                "credit_record": record.pk,
                "kind": kind,
                "authority": authority,
                "document_number": document_number,
                "decided_on": decided_on,
                "in_force_until": in_force_until,
            },
        )
    return record


def repair_credit_record(
    *, actor: Any, record: CreditRecord, repaired_on: datetime.date | None, reason: str
) -> CreditRecord:
    """Repair (信用修复) or withdraw a credit record from `repaired_on`, with the reason (staff);
    it stays on the organisation's page, no longer active."""
    require(actor, "registry.change_creditrecord", record)
    reason = reason.strip()
    errors: dict[str, str] = {}
    if record.repaired_on is not None:
        errors["repaired_on"] = _("This record was already repaired on %(date)s.") % {
            "date": record.repaired_on.isoformat()
        }
    elif repaired_on is None:
        errors["repaired_on"] = _("Give the date of the repair.")
    elif repaired_on < record.decided_on:
        errors["repaired_on"] = _("A record cannot be repaired before it was decided.")
    elif repaired_on > timezone.localdate():
        errors["repaired_on"] = _("A repair cannot be dated in the future.")
    if not reason:
        errors["reason"] = _("Give the reason for the repair or withdrawal.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        record.repaired_on = repaired_on
        record.repair_reason = reason
        record.repaired_by = as_user(actor)
        record._history_user = as_user(actor)  # type: ignore[attr-defined]
        record.save(update_fields=["repaired_on", "repair_reason", "repaired_by"])
        audit.record(
            actor=actor,
            action="repair_credit_record",
            obj=record.organisation,
            changes={
                "credit_record": record.pk,
                "document_number": record.document_number,
                "repaired_on": repaired_on,
                "reason": reason,
            },
        )
    return record


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
    *, actor: Any, standard: Standard | None = None, deliverables: Any = None, **fields: Any
) -> Standard:
    """Record a standard, its revision plan and the deliverables it serves (14, 15, 19…)."""
    return save_record(
        actor=actor,
        record=standard,
        model=Standard,
        field_names=STANDARD_FIELDS,
        values=fields,
        relations={"deliverables": deliverables},
    )


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
    issuing_departments: Any = None,
    deliverables: Any = None,
    **fields: Any,
) -> Policy:
    """Record a policy document and the deliverables it fulfils (coordinating office)."""
    return save_record(
        actor=actor,
        record=policy,
        model=Policy,
        field_names=POLICY_FIELDS,
        values=fields,
        relations={"issuing_departments": issuing_departments, "deliverables": deliverables},
    )


EXPERT_FIELDS = [
    "name",
    "name_en",
    "user",
    "title",
    "affiliation",
    "position",
    "expertise",
    "availability",
    "availability_note",
    "email",
    "phone",
    "is_listed",
]


def save_expert(
    *, actor: Any, expert: Expert | None = None, fields_of_work: Any = None, **fields: Any
) -> Expert:
    """Add an expert to the pool or update a profile (staff, or the expert themself)."""
    return save_record(
        actor=actor,
        record=expert,
        model=Expert,
        field_names=EXPERT_FIELDS,
        values=fields,
        relations={"fields": fields_of_work},
    )


def record_past_affiliation(
    *,
    actor: Any,
    expert: Expert,
    organisation: Organisation,
    ended_on: datetime.date,
    started_on: datetime.date | None = None,
    position: str = "",
) -> PastAffiliation:
    """Record where an expert worked before (for conflict-of-interest checks)."""
    require(actor, "registry.change_expert", expert)
    tie = PastAffiliation(
        expert=expert,
        organisation=organisation,
        started_on=started_on,
        ended_on=ended_on,
        position=position.strip(),
    )
    tie.full_clean()
    with transaction.atomic():
        tie.save()
        audit.record(
            actor=actor,
            action="record_past_affiliation",
            obj=expert,
            changes={"organisation": organisation.pk, "ended_on": ended_on},
        )
    return tie


def declare_relationship(
    *,
    actor: Any,
    expert: Expert,
    organisation: Organisation,
    kind: str,
    description: str = "",
    declared_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> DeclaredRelationship:
    """Record a tie an expert declares to an organisation (shares, consulting, family…)."""
    require(actor, "registry.change_expert", expert)
    tie = DeclaredRelationship(
        expert=expert,
        organisation=organisation,
        kind=kind,
        description=description.strip(),
        declared_on=declared_on or datetime.date.today(),
        ends_on=ends_on,
    )
    tie.full_clean()
    with transaction.atomic():
        tie.save()
        audit.record(
            actor=actor,
            action="declare_relationship",
            obj=expert,
            changes={"organisation": organisation.pk, "kind": kind},
        )
    return tie


def remove_expert_tie(*, actor: Any, tie: PastAffiliation | DeclaredRelationship) -> None:
    """Delete a past affiliation or declared relationship entered by mistake."""
    require(actor, "registry.change_expert", tie.expert)
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="remove_tie",
            obj=tie.expert,
            changes={"organisation": tie.organisation_id, "kind": type(tie).__name__},
        )
        tie.delete()


NETWORK_FIELDS = ["name", "name_en", "kind", "leader", "founded_on", "description", "website"]


def save_network(*, actor: Any, network: Network | None = None, **fields: Any) -> Network:
    """Record an alliance or consortium (staff, or an admin of its leading organisation);
    the leader is a member from the start."""
    with transaction.atomic():
        network = save_record(
            actor=actor,
            record=network,
            model=Network,
            field_names=NETWORK_FIELDS,
            values=fields,
        )
        NetworkMembership.objects.get_or_create(
            network=network,
            organisation=network.leader,
            defaults={"role": _role_of(network.leader), "joined_on": network.founded_on},
        )
    return network


def _role_of(organisation: Organisation) -> str:
    return {
        "university": "academia",
        "vocational_school": "academia",
        "research_institute": "research",
        "financial_institution": "finance",
        "intermediary": "intermediary",
        "industry_association": "intermediary",
    }.get(organisation.kind, "industry")


def set_network_member(
    *,
    actor: Any,
    network: Network,
    organisation: Organisation,
    role: str,
    joined_on: datetime.date | None = None,
) -> NetworkMembership:
    """Add a member to a network, or change its role."""
    require(actor, "registry.change_network", network)
    membership = NetworkMembership.objects.filter(
        network=network, organisation=organisation
    ).first() or NetworkMembership(network=network, organisation=organisation)
    membership.role = role
    membership.joined_on = joined_on or membership.joined_on
    membership.full_clean()
    with transaction.atomic():
        membership.save()
        audit.record(
            actor=actor,
            action="set_member",
            obj=network,
            changes={"organisation": organisation.pk, "role": role},
        )
    return membership


def remove_network_member(*, actor: Any, membership: NetworkMembership) -> None:
    """Take an organisation out of a network (never its leader)."""
    network = membership.network
    require(actor, "registry.change_network", network)
    if membership.organisation_id == network.leader_id:
        raise ValidationError(
            _("The leading organisation stays a member; change the leader first.")
        )
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="remove_member",
            obj=network,
            changes={"organisation": membership.organisation_id},
        )
        membership.delete()


SITE_FIELDS = [
    "name",
    "name_en",
    "kind",
    "host",
    "province",
    "city",
    "latitude",
    "longitude",
    "status",
    "established_on",
    "description",
]


def save_site(*, actor: Any, site: Site | None = None, **fields: Any) -> Site:
    """Record a base, station, centre, space, zone or park (staff, or its host's admin)."""
    return save_record(actor=actor, record=site, model=Site, field_names=SITE_FIELDS, values=fields)


EVENT_FIELDS = [
    "name",
    "kind",
    "starts_on",
    "ends_on",
    "place",
    "province",
    "description",
    "website",
]


def save_event(
    *,
    actor: Any,
    event: Event | None = None,
    organisers: Any = None,
    participants: Any = None,
    **fields: Any,
) -> Event:
    """Record an expo, forum or ceremony with its organisers and participants."""
    return save_record(
        actor=actor,
        record=event,
        model=Event,
        field_names=EVENT_FIELDS,
        values=fields,
        relations={"organisers": organisers, "participants": participants},
    )
