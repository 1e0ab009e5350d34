"""The organisations sheet: de-duplicated by credit code (or name + province where there is
none), written in bulk (one insert and one audit record per batch)."""

from collections.abc import Hashable, Iterator, Mapping, Sequence
from functools import cache
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gtis.accounts.models import Organisation, OrganisationKind, Verification
from gtis.accounts.regions import CITIES_WITH_SEPARATE_PLANS
from gtis.accounts.validators import normalise_uscc, validate_uscc
from gtis.core import audit
from gtis.registry import selectors
from gtis.registry.sheets.base import (
    PROVINCE_NAMES,
    Lookups,
    Outcome,
    Row,
    RowError,
    SheetSpec,
    choice_names,
    label_in_chinese,
)

# How lists name the kinds of organisation, besides the labels.
KIND_NAMES = {
    "企业": OrganisationKind.ENTERPRISE,
    "高校": OrganisationKind.UNIVERSITY,
    "高等院校": OrganisationKind.UNIVERSITY,
    "科研院所": OrganisationKind.RESEARCH_INSTITUTE,
    "职业院校": OrganisationKind.VOCATIONAL_SCHOOL,
    "金融机构": OrganisationKind.FINANCIAL_INSTITUTION,
    "中介机构": OrganisationKind.INTERMEDIARY,
    "行业协会": OrganisationKind.INDUSTRY_ASSOCIATION,
    "政府机关": OrganisationKind.GOVERNMENT_BODY,
    "园区": OrganisationKind.PARK,
    "其他": OrganisationKind.OTHER,
}


@cache
def _kind_names() -> dict[str, str]:
    return KIND_NAMES | choice_names(OrganisationKind)


class OrganisationSheet(SheetSpec):
    kind = "organisations"
    title = gettext_lazy("Organisations")
    model = Organisation
    permission = "accounts.add_organisation"
    columns = [
        ("name", "名称", "name"),
        ("name_en", "英文名称", "english name"),
        ("credit_code", "统一社会信用代码", "credit code"),
        ("kind", "类型", "kind"),
        ("province", "省份", "province"),
        ("city", "城市", "city"),
        ("industry", "行业", "industry"),
        ("public_contact", "公开联系方式", "public contact"),
    ]
    required = ["name"]
    filters = ["search", "kind", "province", "programme", "industry"]
    list_url = "registry:directory"
    same_record = gettext_lazy(
        "Same credit code, or same name and province where there is no credit code."
    )

    def clean(self, row: Row, lookups: Lookups) -> dict[str, Any]:
        name = row.text("name", required=True)
        code = normalise_uscc(row.text("credit_code")) if row.text("credit_code") else ""
        if code:
            try:
                validate_uscc(code)
            except ValidationError as error:
                row.error("credit_code", error.messages[0])
        given_kind = row.text("kind")
        kind = _kind_names().get(given_kind.lower() if given_kind else "企业")
        if kind is None:
            row.error("kind", _("Unknown kind “%(kind)s”.") % {"kind": given_kind})
        region = row.text("province")
        province = row.province("province")
        city = row.text("city") or (region if region in CITIES_WITH_SEPARATE_PLANS else "")
        return {
            "name": name,
            "name_en": row.text("name_en"),
            "credit_code": code or None,
            "kind": kind,
            "province": province,
            "city": city,
            "industry": row.text("industry"),
            "public_contact": row.text("public_contact"),
        }

    def key(self, fields: Mapping[str, Any]) -> Hashable:
        return (
            ("code", fields["credit_code"])
            if fields["credit_code"]
            else (fields["name"], fields["province"])
        )

    def existing_keys(self, rows: Sequence[Mapping[str, Any]]) -> set[Hashable]:
        codes = {f["credit_code"] for f in rows if f["credit_code"]}
        names = {f["name"] for f in rows if not f["credit_code"]}
        found: set[Hashable] = {
            ("code", c)
            for c in Organisation.objects.filter(credit_code__in=codes).values_list(
                "credit_code", flat=True
            )
        }
        found |= set(Organisation.objects.filter(name__in=names).values_list("name", "province"))
        return found

    def check(self, number: int, fields: Mapping[str, Any], actor: Any) -> list[RowError]:
        return []  # organisations are checked by `clean` alone and written in bulk

    def write(self, actor: Any, rows: Sequence[tuple[int, Mapping[str, Any]]]) -> Outcome:
        """The fast path: one insert and one audit record for the batch's new organisations."""
        with transaction.atomic():
            found = self.existing_keys([fields for _n, fields in rows])
            new, keys = [], set()
            for _number, fields in rows:
                key = self.key(fields)
                if key in found or key in keys:
                    continue
                keys.add(key)
                new.append(Organisation(**fields, verification=Verification.UNVERIFIED))
            Organisation.objects.bulk_create(new)
            if new:
                audit.record(
                    actor=actor,
                    action="bulk_import",
                    changes={"organisations": len(new), "rows": [rows[0][0], rows[-1][0]]},
                )
        return Outcome(added=len(new), existing=len(rows) - len(new))

    def records(self, viewer: Any, filters: Mapping[str, str]) -> QuerySet[Organisation]:
        return selectors.directory(
            viewer, **{name: filters.get(name, "") for name in self.filters}
        ).prefetch_related(None)

    def export_rows(self, viewer: Any, filters: Mapping[str, str]) -> Iterator[list[str]]:
        # Never the private contact: the export is what the directory shows.
        for organisation in self.records(viewer, filters).iterator(chunk_size=2000):
            yield [
                organisation.name,
                organisation.name_en,
                organisation.credit_code or "",
                label_in_chinese(OrganisationKind, organisation.kind),
                PROVINCE_NAMES.get(organisation.province, ""),
                organisation.city,
                organisation.industry,
                organisation.public_contact,
            ]
