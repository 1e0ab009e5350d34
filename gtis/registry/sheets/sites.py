"""The sites sheet (bases, stations, centres, parks): de-duplicated by name + province,
written through `save_site`, so an organisation's admin adds only the sites it hosts."""

from collections.abc import Hashable, Iterator, Mapping, Sequence
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gtis.registry import selectors, services
from gtis.registry.models import Site, SiteKind, SiteStatus
from gtis.registry.sheets.base import (
    PROVINCE_NAMES,
    Lookups,
    Row,
    ServiceSheet,
    label_in_chinese,
    organisation_cells,
    text_of,
    visible_to,
)


class SiteSheet(ServiceSheet):
    kind = "sites"
    title = gettext_lazy("Sites")
    model = Site
    permission = "registry.add_site"
    columns = [
        ("name", "名称", "name"),
        ("name_en", "英文名称", "english name"),
        ("kind", "类型", "kind"),
        ("host", "依托单位", "host"),
        ("province", "省份", "province"),
        ("city", "城市", "city"),
        ("latitude", "纬度", "latitude"),
        ("longitude", "经度", "longitude"),
        ("status", "状态", "status"),
        ("established_on", "成立日期", "established on"),
        ("description", "简介", "description"),
    ]
    required = ["name", "kind", "province"]
    filters = ["search", "kind", "province", "status"]
    list_url = "registry:site_list"
    same_record = gettext_lazy("Same name and province.")
    owner_column = "host"

    def clean(self, row: Row, lookups: Lookups) -> dict[str, Any]:
        latitude = row.decimal("latitude", -90, 90)
        longitude = row.decimal("longitude", -180, 180)
        for key, other in (("latitude", "longitude"), ("longitude", "latitude")):
            if row.text(other) and not row.text(key):
                row.error(key, _("Give both the latitude and the longitude, or neither."))
        return {
            "name": row.text("name", required=True),
            "name_en": row.text("name_en"),
            "kind": row.choice("kind", SiteKind),
            "host": row.organisation("host", lookups),
            "province": row.province("province", required=True),
            "city": row.text("city"),
            "latitude": latitude,
            "longitude": longitude,
            "status": row.choice("status", SiteStatus, SiteStatus.OPERATING),
            "established_on": row.date("established_on"),
            "description": row.text("description"),
        }

    def key(self, fields: Mapping[str, Any]) -> Hashable:
        return (fields["name"], fields["province"])

    def existing_keys(self, rows: Sequence[Mapping[str, Any]]) -> set[Hashable]:
        names = {fields["name"] for fields in rows}
        return set(Site.objects.filter(name__in=names).values_list("name", "province"))

    def save(self, actor: Any, fields: Mapping[str, Any]) -> Site:
        return services.save_site(actor=actor, **fields)

    def records(self, viewer: Any, filters: Mapping[str, str]) -> QuerySet[Site]:
        return visible_to(
            viewer, selectors.sites(**{name: filters.get(name, "") for name in self.filters})
        )

    def export_rows(self, viewer: Any, filters: Mapping[str, str]) -> Iterator[list[str]]:
        sites = list(self.records(viewer, filters))
        hosts = organisation_cells(site.host for site in sites)
        for site in sites:
            yield [
                site.name,
                site.name_en,
                label_in_chinese(SiteKind, site.kind),
                hosts.get(site.host_id or 0, ""),
                PROVINCE_NAMES.get(site.province, site.province),
                site.city,
                text_of(site.latitude),
                text_of(site.longitude),
                label_in_chinese(SiteStatus, site.status),
                text_of(site.established_on),
                site.description,
            ]
