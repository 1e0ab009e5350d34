"""The standards sheet: de-duplicated by code (GB/T 36132-2018), written through
`save_standard` with the deliverables each standard serves."""

from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gtis.registry import selectors, services
from gtis.registry.models import Standard, StandardStatus
from gtis.registry.models.standards import STANDARD_CODE, validate_standard_code
from gtis.registry.sheets.base import (
    DELIVERABLE_PLAN,
    Lookups,
    Row,
    ServiceSheet,
    joined,
    label_in_chinese,
    text_of,
    visible_to,
)

# Codes with these prefixes are mandatory standards; the others (…/T) are recommended.
MANDATORY_PREFIXES = {"GB", "HJ"}


class StandardSheet(ServiceSheet):
    kind = "standards"
    title = gettext_lazy("Standards")
    model = Standard
    permission = "registry.add_standard"
    columns = [
        ("code", "标准号", "code"),
        ("title", "标准名称", "title"),
        ("is_mandatory", "强制性", "mandatory"),
        ("status", "状态", "status"),
        ("department", "主管部门", "department"),
        ("revision_due", "修订期限", "revision due"),
        ("revision_plan", "修订计划", "revision plan"),
        ("deliverables", "关联任务", "deliverables"),
    ]
    required = ["code", "title"]
    filters = ["search"]
    list_url = "registry:standard_list"
    same_record = gettext_lazy("Same code.")
    relations = ["deliverables"]

    def clean(self, row: Row, lookups: Lookups) -> dict[str, Any]:
        code = row.text("code", required=True)
        match = None
        if code:
            try:
                validate_standard_code(code)
            except ValidationError as error:
                row.error("code", error.messages[0])
            match = STANDARD_CODE.match(code)
        is_mandatory = row.flag("is_mandatory")
        if is_mandatory is None:  # an empty cell: as the code's prefix says
            is_mandatory = bool(match and match["prefix"] in MANDATORY_PREFIXES)
        departments = row.departments("department", lookups)
        if len(departments) > 1:
            row.error("department", _("Give one competent department."))
        return {
            "code": code,
            "title": row.text("title", required=True),
            "is_mandatory": is_mandatory,
            "status": row.choice("status", StandardStatus, StandardStatus.PUBLISHED),
            "department": departments[0] if departments else None,
            "revision_due": row.date("revision_due"),
            "revision_plan": row.text("revision_plan"),
            "deliverables": row.deliverables("deliverables", lookups),
        }

    def key(self, fields: Mapping[str, Any]) -> Hashable:
        return fields["code"]

    def existing_keys(self, rows: Sequence[Mapping[str, Any]]) -> set[Hashable]:
        codes = {fields["code"] for fields in rows}
        return set(Standard.objects.filter(code__in=codes).values_list("code", flat=True))

    def save(self, actor: Any, fields: Mapping[str, Any]) -> Standard:
        return services.save_standard(actor=actor, **fields)

    def records(self, viewer: Any, filters: Mapping[str, str]) -> QuerySet[Standard]:
        return visible_to(viewer, selectors.standards(filters.get("search", ""))).prefetch_related(
            "deliverables__plan"
        )

    def export_rows(self, viewer: Any, filters: Mapping[str, str]) -> Iterator[list[str]]:
        for standard in self.records(viewer, filters):
            yield [
                standard.code,
                standard.title,
                "是" if standard.is_mandatory else "否",
                label_in_chinese(StandardStatus, standard.status),
                standard.department.short_name if standard.department else "",
                text_of(standard.revision_due),
                standard.revision_plan,
                joined(
                    sorted(
                        d.number
                        for d in standard.deliverables.all()
                        if d.plan.code == DELIVERABLE_PLAN
                    )
                ),
            ]
