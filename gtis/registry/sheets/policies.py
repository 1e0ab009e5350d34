"""The policies sheet: de-duplicated by document number (文号), or by title where there is
none, written through `save_policy` with the deliverables each policy fulfils."""

from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy

from gtis.registry import selectors, services
from gtis.registry.models import Policy, PolicyLevel, PolicyStatus
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


class PolicySheet(ServiceSheet):
    kind = "policies"
    title = gettext_lazy("Policies")
    model = Policy
    permission = "registry.add_policy"
    columns = [
        ("title", "标题", "title"),
        ("document_number", "文号", "document number"),
        ("issued_on", "发布日期", "issued on"),
        ("issuing_departments", "发布部门", "issuing departments"),
        ("issuer_other", "其他发布机构", "other issuers"),
        ("level", "层级", "level"),
        ("status", "状态", "status"),
        ("link", "链接", "link"),
        ("tags", "标签", "tags"),
        ("deliverables", "落实的任务", "deliverables"),
    ]
    required = ["title", "level"]
    filters = ["search", "level", "status"]
    list_url = "registry:policy_list"
    same_record = gettext_lazy(
        "Same document number, or same title where there is no document number."
    )
    relations = ["issuing_departments", "deliverables"]

    def clean(self, row: Row, lookups: Lookups) -> dict[str, Any]:
        return {
            "title": row.text("title", required=True),
            "document_number": row.text("document_number"),
            "issued_on": row.date("issued_on"),
            "issuing_departments": row.departments("issuing_departments", lookups),
            "issuer_other": row.text("issuer_other"),
            "level": row.choice("level", PolicyLevel),
            "status": row.choice("status", PolicyStatus, PolicyStatus.IN_FORCE),
            "link": row.text("link"),
            "tags": row.items("tags"),
            "deliverables": row.deliverables("deliverables", lookups),
        }

    def key(self, fields: Mapping[str, Any]) -> Hashable:
        if fields["document_number"]:
            return ("number", fields["document_number"])
        return ("title", fields["title"])

    def key_column(self, fields: Mapping[str, Any]) -> str:
        return "document_number" if fields["document_number"] else "title"

    def existing_keys(self, rows: Sequence[Mapping[str, Any]]) -> set[Hashable]:
        numbers = {f["document_number"] for f in rows if f["document_number"]}
        titles = {f["title"] for f in rows if not f["document_number"]}
        found: set[Hashable] = {
            ("number", number)
            for number in Policy.objects.filter(document_number__in=numbers).values_list(
                "document_number", flat=True
            )
        }
        found |= {
            ("title", title)
            for title in Policy.objects.filter(title__in=titles).values_list("title", flat=True)
        }
        return found

    def save(self, actor: Any, fields: Mapping[str, Any]) -> Policy:
        return services.save_policy(actor=actor, **fields)

    def records(self, viewer: Any, filters: Mapping[str, str]) -> QuerySet[Policy]:
        return visible_to(
            viewer,
            selectors.policies(**{name: filters.get(name, "") for name in self.filters}),
        ).prefetch_related("deliverables__plan")

    def export_rows(self, viewer: Any, filters: Mapping[str, str]) -> Iterator[list[str]]:
        for policy in self.records(viewer, filters):
            yield [
                policy.title,
                policy.document_number,
                text_of(policy.issued_on),
                joined(d.short_name for d in policy.issuing_departments.all()),
                policy.issuer_other,
                label_in_chinese(PolicyLevel, policy.level),
                label_in_chinese(PolicyStatus, policy.status),
                policy.link,
                joined(policy.tags),
                joined(
                    sorted(
                        d.number
                        for d in policy.deliverables.all()
                        if d.plan.code == DELIVERABLE_PLAN
                    )
                ),
            ]
