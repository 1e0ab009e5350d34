"""The expert pool's sheet: de-duplicated by name + affiliation, written through
`save_expert`; contacts are exported only to those who may see them."""

from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gtis.registry import selectors, services
from gtis.registry.models import Availability, Expert
from gtis.registry.sheets.base import (
    Lookups,
    Row,
    ServiceSheet,
    joined,
    label_in_chinese,
    organisation_cells,
)


class ExpertSheet(ServiceSheet):
    kind = "experts"
    title = gettext_lazy("Experts")
    model = Expert
    permission = "registry.add_expert"
    columns = [
        ("name", "姓名", "name"),
        ("name_en", "英文姓名", "english name"),
        ("title", "职称", "title"),
        ("affiliation", "工作单位", "affiliation"),
        ("position", "职务", "position"),
        ("fields", "领域", "fields"),
        ("expertise", "专长", "expertise"),
        ("availability", "可用性", "availability"),
        ("email", "邮箱", "email"),
        ("phone", "电话", "phone"),
    ]
    required = ["name", "title"]
    filters = ["search", "field", "availability"]
    list_url = "registry:expert_list"
    same_record = gettext_lazy("Same name and affiliation.")
    relations = ["fields_of_work"]

    def clean(self, row: Row, lookups: Lookups) -> dict[str, Any]:
        fields_of_work = []
        for code in row.items("fields"):
            node = lookups.field_nodes.get(code)
            if node is None:
                row.error(
                    "fields",
                    _("“%(code)s” is not a code of the 2019 green industry catalogue.")
                    % {"code": code},
                )
            else:
                fields_of_work.append(node)
        return {
            "name": row.text("name", required=True),
            "name_en": row.text("name_en"),
            "title": row.text("title", required=True),
            "affiliation": row.organisation("affiliation", lookups),
            "position": row.text("position"),
            "fields_of_work": fields_of_work,
            "expertise": row.text("expertise"),
            "availability": row.choice("availability", Availability, Availability.AVAILABLE),
            "email": row.text("email"),
            "phone": row.text("phone"),
        }

    def key(self, fields: Mapping[str, Any]) -> Hashable:
        affiliation = fields["affiliation"]
        return (fields["name"], affiliation.pk if affiliation else None)

    def existing_keys(self, rows: Sequence[Mapping[str, Any]]) -> set[Hashable]:
        names = {fields["name"] for fields in rows}
        return set(Expert.objects.filter(name__in=names).values_list("name", "affiliation_id"))

    def save(self, actor: Any, fields: Mapping[str, Any]) -> Expert:
        return services.save_expert(actor=actor, **fields)

    def records(self, viewer: Any, filters: Mapping[str, str]) -> QuerySet[Expert]:
        return selectors.experts(viewer, **{name: filters.get(name, "") for name in self.filters})

    def export_rows(self, viewer: Any, filters: Mapping[str, str]) -> Iterator[list[str]]:
        experts = list(self.records(viewer, filters))
        affiliations = organisation_cells(expert.affiliation for expert in experts)
        catalogue = set(selectors.field_nodes().values_list("pk", flat=True))
        for expert in experts:
            contact = viewer.has_perm("registry.view_expert_contact", expert)
            yield [
                expert.name,
                expert.name_en,
                expert.title,
                affiliations.get(expert.affiliation_id or 0, ""),
                expert.position,
                joined(node.code for node in expert.fields.all() if node.pk in catalogue),
                expert.expertise,
                label_in_chinese(Availability, expert.availability),
                expert.email if contact else "",
                expert.phone if contact else "",
            ]
