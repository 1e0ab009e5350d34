"""Every write on taxonomies and catalogue editions."""

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from gtis.accounts.models import Department, Organisation
from gtis.catalog.choices import EditionKind, EditionStatus, ObjectionStatus
from gtis.catalog.models import CatalogueEdition, CatalogueEntry, Objection, Taxonomy, TaxonomyNode
from gtis.core import audit
from gtis.core.actors import as_user
from gtis.core.permissions import assign, require

NODE_FIELDS = ["name", "name_en", "description", "standards_cited", "keywords", "notes"]
ENTRY_FIELDS = ["title", "description", "scope", "banned_from", "replacement", "reference_label"]


# Taxonomies ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class NodeRow:
    """A node as a source lists it; the parent is the code without its last part by default."""

    code: str
    name: str
    name_en: str = ""
    description: str = ""
    standards_cited: list[str] = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    notes: str = ""
    parent_code: str | None = None

    @property
    def parent(self) -> str | None:
        if self.parent_code is not None:
            return self.parent_code
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


def load_taxonomy(
    *, actor: Any, code: str, rows: Sequence[NodeRow], **meta: Any
) -> tuple[Taxonomy, str]:
    """Create or update a taxonomy and its nodes, in the order given; idempotent."""
    require(actor, "catalog.change_taxonomy")
    created = updated = 0
    with transaction.atomic():
        taxonomy, made = Taxonomy.objects.get_or_create(code=code, defaults=meta)
        if not made and assign(taxonomy, meta):
            taxonomy.save()
        nodes = {node.code: node for node in TaxonomyNode.objects.filter(taxonomy=taxonomy)}
        for row in rows:
            values = {name: getattr(row, name) for name in NODE_FIELDS}
            node = nodes.get(row.code)
            if node is None:
                parent = nodes.get(row.parent) if row.parent else None
                if row.parent and parent is None:
                    raise ValidationError(
                        _("%(code)s comes before its parent %(parent)s")
                        % {"code": row.code, "parent": row.parent}
                    )
                node = TaxonomyNode(taxonomy=taxonomy, code=row.code, **values)
                node = (
                    TaxonomyNode.objects.add_child(parent, instance=node)
                    if parent
                    else TaxonomyNode.objects.add_root(instance=node)
                )
                nodes[row.code] = node
                created += 1
            elif assign(node, values):
                node.save()
                updated += 1
        summary = f"{len(nodes)} nodes ({created} new, {updated} updated)"
        if made or created or updated:
            audit.record(actor=actor, action="load", obj=taxonomy, changes={"summary": summary})
    return taxonomy, summary


# Editions --------------------------------------------------------------------------------------


def create_edition(
    *,
    actor: Any,
    kind: str,
    title: str,
    year: int,
    document_number: str = "",
    issuing_departments: Iterable[Department] = (),
    owner_department: Department | None = None,
) -> CatalogueEdition:
    """Start a draft edition (staff, or an officer for their own department)."""
    owner = owner_department or getattr(actor, "department", None)
    require(actor, "catalog.add_catalogueedition", owner)
    edition = CatalogueEdition(
        kind=kind,
        title=title.strip(),
        year=year,
        document_number=document_number.strip(),
        owner_department=owner,
        created_by=as_user(actor),
    )
    edition.full_clean()
    with transaction.atomic():
        edition.save()
        edition.issuing_departments.set(list(issuing_departments))
        audit.record(
            actor=actor,
            action="create",
            obj=edition,
            changes={"kind": kind, "title": edition.title, "year": year},
        )
    return edition


def save_entry(
    *,
    actor: Any,
    edition: CatalogueEdition,
    key: str,
    title: str,
    node_codes: Sequence[str] = (),
    entry: CatalogueEntry | None = None,
    refers_to: str = "",
    **values: Any,
) -> CatalogueEntry:
    """Add an entry to an editable edition, or change one (same `key` = same item).

    `refers_to` names the organisation the entry is about, by credit code or exact name.
    """
    require(actor, "catalog.change_catalogueedition", edition)
    if not edition.is_editable:
        raise ValidationError(_("Only a draft or an edition in review can be changed."))
    errors = _entry_errors(edition, key, title, values)
    nodes = _nodes_for(node_codes, errors)
    organisation = _organisation_for(refers_to, errors)
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        entry = (
            entry
            or CatalogueEntry.objects.filter(edition=edition, key=key.strip()).first()
            or CatalogueEntry(edition=edition)
        )
        before = audit.snapshot(entry, ENTRY_FIELDS) if entry.pk else {}
        entry.key, entry.title = key.strip(), title.strip()
        assign(
            entry,
            {
                name: values.get(name, getattr(entry, name))
                for name in ENTRY_FIELDS
                if name != "title"
            },
        )
        if organisation is not None:
            entry.reference_type = ContentType.objects.get_for_model(Organisation)
            entry.reference_id, entry.reference_label = str(organisation.pk), organisation.name
        elif not refers_to.strip():
            entry.reference_type, entry.reference_id, entry.reference_label = None, "", ""
        entry.full_clean()
        entry.save()
        entry.nodes.set(nodes)
        audit.record(
            actor=actor,
            action="save_entry",
            obj=edition,
            changes={"key": entry.key, **audit.diff(before, audit.snapshot(entry, ENTRY_FIELDS))},
        )
    return entry


def _entry_errors(
    edition: CatalogueEdition, key: str, title: str, values: dict[str, Any]
) -> dict[str, str]:
    errors = {}
    if not key.strip():
        errors["key"] = _("Give the entry its number in the list.")
    if not title.strip():
        errors["title"] = _("Give the entry a title.")
    if edition.kind == EditionKind.ELIMINATION and not values.get("banned_from"):
        errors["banned_from"] = _("An elimination entry needs the date from which it is banned.")
    if edition.kind != EditionKind.ELIMINATION and (
        values.get("banned_from") or values.get("replacement")
    ):
        errors["banned_from"] = _("Only elimination catalogues ban technologies.")
    return errors


def _nodes_for(codes: Sequence[str], errors: dict[str, str]) -> list[TaxonomyNode]:
    """Taxonomy codes as `taxonomy:code` or a bare code of the 2019 guidance catalogue."""
    nodes, unknown = [], []
    for value in (c.strip() for c in codes if c.strip()):
        taxonomy, _sep, code = value.rpartition(":")
        node = TaxonomyNode.objects.filter(taxonomy__code=taxonomy or "gic-2019", code=code).first()
        if node is None:
            unknown.append(value)
        else:
            nodes.append(node)
    if unknown:
        errors["node_codes"] = _("Unknown taxonomy codes: %(codes)s") % {
            "codes": ", ".join(unknown)
        }
    return nodes


def _organisation_for(value: str, errors: dict[str, str]) -> Organisation | None:
    value = value.strip()
    if not value:
        return None
    organisation = (
        Organisation.objects.filter(Q(credit_code=value.upper()) | Q(name=value))
        .order_by("pk")
        .first()
    )
    if organisation is None:
        errors["refers_to"] = _("No organisation has the credit code or name “%(value)s”.") % {
            "value": value
        }
    return organisation


def remove_entry(*, actor: Any, entry: CatalogueEntry) -> None:
    edition = entry.edition
    require(actor, "catalog.change_catalogueedition", edition)
    if not edition.is_editable:
        raise ValidationError(_("Only a draft or an edition in review can be changed."))
    with transaction.atomic():
        audit.record(
            actor=actor,
            action="remove_entry",
            obj=edition,
            changes={"key": entry.key, "title": entry.title},
        )
        entry.delete()


def submit_for_review(*, actor: Any, edition: CatalogueEdition) -> CatalogueEdition:
    """The drafters hand the edition over for review."""
    require(actor, "catalog.change_catalogueedition", edition)
    if not edition.entries.exists():
        raise ValidationError(_("An edition with no entries cannot be reviewed."))
    return _transition(actor, edition, "submit_for_review")


def return_to_draft(*, actor: Any, edition: CatalogueEdition) -> CatalogueEdition:
    require(actor, "catalog.review_catalogueedition", edition)
    return _transition(actor, edition, "return_to_draft")


def open_public_notice(
    *, actor: Any, edition: CatalogueEdition, starts_on: datetime.date, days: int
) -> CatalogueEdition:
    """公示 for `days` days: the edition becomes public and objections may be filed."""
    require(actor, "catalog.review_catalogueedition", edition)
    if days < 1:
        raise ValidationError({"days": _("A public notice lasts at least one day.")})
    edition.notice_starts_on = starts_on
    edition.notice_ends_on = starts_on + datetime.timedelta(days=days - 1)
    return _transition(
        actor, edition, "open_public_notice", {"notice": [starts_on, edition.notice_ends_on]}
    )


def publish_edition(
    *, actor: Any, edition: CatalogueEdition, published_on: datetime.date
) -> CatalogueEdition:
    """发布 after the notice ended and every objection was answered; supersedes the one in force."""
    require(actor, "catalog.review_catalogueedition", edition)
    errors = {}
    if edition.notice_ends_on is None or published_on <= edition.notice_ends_on:
        errors["published_on"] = _("Publish after the public notice has ended (%(end)s).") % {
            "end": edition.notice_ends_on
        }
    if edition.objections.filter(status=ObjectionStatus.OPEN).exists():
        errors["objections"] = _("Every objection must be answered first.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        for previous in (
            CatalogueEdition.objects.select_for_update()
            .filter(kind=edition.kind, status=EditionStatus.PUBLISHED)
            .exclude(pk=edition.pk)
        ):
            previous.superseded_on = published_on
            _transition(actor, previous, "supersede", {"superseded_on": published_on})
        edition.published_on = published_on
        return _transition(actor, edition, "publish", {"published_on": published_on})


def _transition(
    actor: Any, edition: CatalogueEdition, name: str, changes: dict[str, Any] | None = None
) -> CatalogueEdition:
    with transaction.atomic():
        before = edition.status
        try:
            getattr(edition, name)()
        except Exception as error:  # django-fsm's TransitionNotAllowed
            raise ValidationError(
                _("This edition cannot do that while it is %(status)s.")
                % {"status": edition.get_status_display()}
            ) from error
        edition.full_clean()
        edition.save()
        audit.record(
            actor=actor,
            action=name,
            obj=edition,
            changes={"status": [before, edition.status], **(changes or {})},
        )
    return edition


# Objections ------------------------------------------------------------------------------------


def file_objection(
    *,
    actor: Any,
    edition: CatalogueEdition,
    name: str,
    contact: str,
    text: str,
    entry: CatalogueEntry | None = None,
    on: datetime.date | None = None,
) -> Objection:
    """Anyone may object while the public notice runs."""
    day = on or timezone.localdate()
    errors = {}
    if edition.status != EditionStatus.PUBLIC_NOTICE or not (
        edition.notice_starts_on
        and edition.notice_ends_on
        and edition.notice_starts_on <= day <= edition.notice_ends_on
    ):
        errors["edition"] = _("Objections are taken only during the public notice.")
    for field_name, value in (("name", name), ("contact", contact), ("text", text)):
        if not value.strip():
            errors[field_name] = _("This field is required.")
    if entry is not None and entry.edition_id != edition.pk:
        errors["entry"] = _("That entry belongs to another edition.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        objection = Objection.objects.create(
            edition=edition,
            entry=entry,
            filed_by=as_user(actor),
            filer_name=name.strip(),
            filer_contact=contact.strip(),
            text=text.strip(),
        )
        audit.record(
            actor=actor,
            action="object",
            obj=edition,
            changes={"objection": objection.pk, "entry": entry.key if entry else ""},
        )
    return objection


def answer_objection(*, actor: Any, objection: Objection, upheld: bool, response: str) -> Objection:
    """The managing department answers an objection (upheld or rejected, with reasons)."""
    require(actor, "catalog.review_catalogueedition", objection.edition)
    if not response.strip():
        raise ValidationError({"response": _("Give the reasons for the answer.")})
    with transaction.atomic():
        objection.status = ObjectionStatus.UPHELD if upheld else ObjectionStatus.REJECTED
        objection.response, objection.resolved_at = response.strip(), timezone.now()
        objection.save()
        audit.record(
            actor=actor,
            action="answer_objection",
            obj=objection.edition,
            changes={"objection": objection.pk, "status": objection.status},
        )
    return objection
