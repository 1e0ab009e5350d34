"""Reads of the registry: the directory with its facets, designations, and credit records."""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from gtis.accounts.models import Organisation
from gtis.core.links import LinkedRecord
from gtis.registry.models import (
    CreditRecord,
    Designation,
    DesignationStatus,
    Event,
    Expert,
    Network,
    NetworkMembership,
    Policy,
    Programme,
    Site,
    Standard,
)


def directory(
    viewer: Any,
    search: str = "",
    kind: str = "",
    province: str = "",
    programme: str = "",
    industry: str = "",
) -> QuerySet[Organisation]:
    """Organisations the viewer may see, searched by Chinese fragment or English name."""
    queryset = Organisation.objects.restrict(viewer)
    if search:
        queryset = queryset.filter(
            Q(name__icontains=search) | Q(name_en__icontains=search) | Q(credit_code__iexact=search)
        )
    if kind:
        queryset = queryset.filter(kind=kind)
    if province:
        queryset = queryset.filter(province=province)
    if industry:
        queryset = queryset.filter(industry=industry)
    if programme:
        queryset = queryset.filter(
            designations__programme__code=programme, designations__status=DesignationStatus.ACTIVE
        ).distinct()
    return queryset.prefetch_related(
        Prefetch(
            "designations",
            queryset=Designation.objects.filter(status=DesignationStatus.ACTIVE).select_related(
                "programme"
            ),
        )
    ).order_by("name")


FACET_LIMIT = 15


def facets(queryset: QuerySet[Organisation]) -> dict[str, list[tuple[str, int]]]:
    """Counts by kind, province, programme and industry of the organisations in `queryset`
    (four queries), most first."""
    plain = queryset.order_by()

    def count(field: str, limit: int | None = None) -> list[tuple[str, int]]:
        rows = (
            plain.exclude(**{field: ""})
            .values_list(field)
            .annotate(n=Count("pk", distinct=True))
            .order_by("-n", field)
        )
        return list(rows[:limit] if limit else rows)

    programmes = (
        Designation.objects.filter(
            organisation__in=plain.values("pk"), status=DesignationStatus.ACTIVE
        )
        .values_list("programme__code")
        .annotate(n=Count("organisation", distinct=True))
        .order_by("-n")
    )
    return {
        "kind": count("kind"),
        "province": count("province"),
        "programme": list(programmes),
        "industry": count("industry", FACET_LIMIT),
    }


def programmes() -> QuerySet[Programme]:
    return Programme.objects.annotate(
        designation_count=Count(
            "designations", filter=Q(designations__status=DesignationStatus.ACTIVE)
        )
    ).select_related("department")


def policies(search: str = "", level: str = "", status: str = "") -> QuerySet[Policy]:
    queryset = Policy.objects.prefetch_related("issuing_departments")
    if search:
        queryset = queryset.filter(
            Q(title__icontains=search) | Q(document_number__icontains=search)
        )
    if level:
        queryset = queryset.filter(level=level)
    if status:
        queryset = queryset.filter(status=status)
    return queryset


def standards(search: str = "") -> QuerySet[Standard]:
    queryset = Standard.objects.select_related("department")
    if search:
        queryset = queryset.filter(Q(code__icontains=search) | Q(title__icontains=search))
    return queryset


def standards_for_deliverable(viewer: Any, deliverable: Any) -> list[LinkedRecord]:
    """The standards serving a roadmap deliverable (planned, drafted or revised for it)."""
    return [
        LinkedRecord(
            kind=_("Standard"),
            title=str(standard),
            url=standard.get_absolute_url(),
            note=standard.get_status_display(),
        )
        for standard in Standard.objects.filter(deliverables=deliverable.pk)
    ]


CITED_CODE = re.compile(r"(GB/T|GB/Z|GB|HJ/T|HJ|JB/T|[A-Z]{2,4}/T|T/[A-Z0-9]+)\s?(\d+(?:\.\d+)*)")


def standards_cited_by(viewer: Any, node: Any) -> list[LinkedRecord]:
    """Registry standards a taxonomy node's explanatory text cites (matched by code, any year)."""
    wanted = {
        f"{m[0]} {m[1]}"
        for text in node.standards_cited
        for m in CITED_CODE.findall(text.replace("（", "(").replace("）", ")"))
    }
    if not wanted:
        return []
    query = Q()
    for code in wanted:
        query |= Q(code__startswith=f"{code}-")
    return [
        LinkedRecord(
            kind=_("Standard"),
            title=str(standard),
            url=standard.get_absolute_url(),
            note=standard.get_status_display(),
        )
        for standard in Standard.objects.filter(query)
    ]


def policies_for_deliverable(viewer: Any, deliverable: Any) -> list[LinkedRecord]:
    """The policies that fulfil a roadmap deliverable, for its page."""
    return [
        LinkedRecord(
            kind=_("Policy"),
            title=str(policy),
            url=policy.get_absolute_url(),
            note=policy.get_status_display(),
        )
        for policy in Policy.objects.filter(deliverables=deliverable.pk)
    ]


def matching(text: str, *fields: str) -> Q:
    """Records whose `fields` contain `text` (case-insensitive)."""
    query = Q()
    for field in fields:
        query |= Q(**{f"{field}__icontains": text})
    return query


EXPERT_SEARCH = ("name", "name_en", "expertise", "affiliation__name")
NETWORK_SEARCH = ("name", "name_en", "leader__name")
SITE_SEARCH = ("name", "name_en", "host__name", "city")
EVENT_SEARCH = ("name", "place")


# Experts' fields are nodes of the 2019 Green Industry Guidance Catalogue.
FIELD_TAXONOMY = "gic-2019"


def field_nodes() -> QuerySet[Any]:
    """The taxonomy nodes an expert's fields are chosen from."""
    node_model: Any = Expert.fields.field.related_model
    return node_model.objects.filter(taxonomy__code=FIELD_TAXONOMY)  # type: ignore[no-any-return]


def experts(
    viewer: Any, search: str = "", field: str = "", availability: str = ""
) -> QuerySet[Expert]:
    """The expert pool the viewer may see; `field` is a taxonomy node's code (or a parent's)."""
    queryset = Expert.objects.restrict(viewer)
    if search:
        queryset = queryset.filter(matching(search, *EXPERT_SEARCH))
    if field:
        queryset = queryset.filter(
            Q(fields__code=field) | Q(fields__code__startswith=f"{field}."),
            fields__taxonomy__code=FIELD_TAXONOMY,
        ).distinct()
    if availability:
        queryset = queryset.filter(availability=availability)
    return queryset.select_related("affiliation").prefetch_related("fields").order_by("name", "pk")


def expert_field_facet(queryset: QuerySet[Expert]) -> list[tuple[str, str, int]]:
    """(code, name, experts) for each top-level field of the experts in `queryset`."""
    through = Expert.fields.through
    rows = (
        through.objects.filter(
            expert__in=queryset.order_by().values("pk"), taxonomynode__taxonomy__code=FIELD_TAXONOMY
        )
        .values_list("taxonomynode__code", "taxonomynode__name", "expert_id")
        .distinct()
    )
    counts: dict[str, set[int]] = {}
    names: dict[str, str] = {}
    for code, name, expert_id in rows:
        top = code.split(".")[0]
        counts.setdefault(top, set()).add(expert_id)
        if code == top:
            names[top] = name
    return sorted(
        ((code, names.get(code, code), len(ids)) for code, ids in counts.items()),
        key=lambda row: -row[2],
    )


@dataclass(frozen=True)
class Conflict:
    organisation: Organisation
    reason: str


# 回避: recent employers are kept away from an expert for this long after they leave.
COOLING_OFF_YEARS = 3


def conflicts_of_interest(
    expert: Expert,
    organisations: Iterable[Organisation],
    on: datetime.date | None = None,
    lookback_years: int = COOLING_OFF_YEARS,
) -> list[Conflict]:
    """Why `expert` should not evaluate work of `organisations`: the current employer, an
    employer left less than `lookback_years` (three unless a scheme says otherwise) before
    `on`, or a relationship declared and in force."""
    day = on or datetime.date.today()
    wanted = {organisation.pk: organisation for organisation in organisations}
    conflicts = []
    if expert.affiliation_id in wanted:
        conflicts.append(Conflict(wanted[expert.affiliation_id], gettext_now("Works there now.")))
    horizon = years_after(day, -lookback_years)
    for past in expert.past_affiliations.filter(organisation__in=wanted, ended_on__gte=horizon):
        conflicts.append(
            Conflict(
                wanted[past.organisation_id],
                gettext_now("Worked there until %(date)s.") % {"date": past.ended_on.isoformat()},
            )
        )
    for tie in expert.relationships.filter(organisation__in=wanted):
        if tie.in_force_on(day):
            conflicts.append(
                Conflict(
                    wanted[tie.organisation_id],
                    gettext_now("Declared relationship: %(kind)s.")
                    % {"kind": tie.get_kind_display()},
                )
            )
    return conflicts


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (earlier when negative); 28 February for a 29th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def networks(search: str = "", kind: str = "") -> QuerySet[Network]:
    queryset = Network.objects.select_related("leader").annotate(member_count=Count("memberships"))
    if search:
        queryset = queryset.filter(matching(search, *NETWORK_SEARCH))
    if kind:
        queryset = queryset.filter(kind=kind)
    return queryset.order_by("name")


def network_members(network: Network) -> QuerySet[NetworkMembership]:
    return network.memberships.select_related("organisation").order_by("role", "organisation__name")


def sites(search: str = "", kind: str = "", province: str = "", status: str = "") -> QuerySet[Site]:
    queryset = Site.objects.select_related("host")
    if search:
        queryset = queryset.filter(matching(search, *SITE_SEARCH))
    if kind:
        queryset = queryset.filter(kind=kind)
    if province:
        queryset = queryset.filter(province=province)
    if status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("name")


def sites_by_province(queryset: QuerySet[Site]) -> list[tuple[str, int]]:
    """(province code, sites) over `queryset`, most first: the chart on the sites page."""
    return list(
        queryset.order_by()
        .values_list("province")
        .annotate(n=Count("pk"))
        .order_by("-n", "province")
    )


def events(search: str = "", kind: str = "", year: str = "") -> QuerySet[Event]:
    queryset = Event.objects.prefetch_related("organisers")
    if search:
        queryset = queryset.filter(matching(search, *EVENT_SEARCH))
    if kind:
        queryset = queryset.filter(kind=kind)
    if year.isdigit():
        queryset = queryset.filter(starts_on__year=int(year))
    return queryset


def designations_of(subject: Organisation | Site) -> list[Designation]:
    """All designations of an organisation or site, current first, each with `changes`: its
    historical versions (designated, renewed, revoked), oldest first."""
    lookup = "organisation" if isinstance(subject, Organisation) else "site"
    designations = list(
        Designation.objects.filter(**{lookup: subject})
        .select_related("programme")
        .order_by("status", "-designated_on")
    )
    versions: dict[int, list[Any]] = {d.pk: [] for d in designations}
    history: Any = Designation.history  # type: ignore[attr-defined]
    for version in history.filter(id__in=versions).order_by("history_date"):
        versions[version.id].append(version)
    for designation in designations:
        designation.changes = versions[designation.pk]  # type: ignore[attr-defined]
    return designations


def designations_in_force(on: datetime.date | None = None) -> QuerySet[Designation]:
    """Designations active and within their validity on `on` (today), with their programme:
    what other engines show as badges."""
    day = on or timezone.localdate()
    return (
        Designation.objects.filter(status=DesignationStatus.ACTIVE)
        .filter(Q(designated_on__isnull=True) | Q(designated_on__lte=day))
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=day))
        .select_related("programme")
        .order_by("programme_id", "pk")
    )


def active_credit_records(
    organisation: Organisation,
    *,
    kinds: Iterable[str] | None = None,
    on: datetime.date | None = None,
) -> QuerySet[CreditRecord]:
    """The organisation's credit records in force on `on` (today), of `kinds` (all kinds when
    None), the latest decision first: what the market rules and other engines gate on."""
    records = CreditRecord.objects.filter(organisation=organisation).active(on=on)
    if kinds is not None:
        records = records.filter(kind__in=list(kinds))
    return records.order_by("-decided_on", "-pk")


def credit_records_of(organisation: Organisation) -> QuerySet[CreditRecord]:
    """All the organisation's credit records, active, expired and repaired, latest first."""
    return CreditRecord.objects.filter(organisation=organisation).order_by("-decided_on", "-pk")


def related_to_organisation(viewer: Any, organisation: Organisation) -> dict[str, Any]:
    """The registry's records around an organisation, for its page."""
    return {
        "networks": NetworkMembership.objects.filter(organisation=organisation).select_related(
            "network"
        ),
        "sites": Site.objects.filter(host=organisation).order_by("name"),
        "experts": Expert.objects.restrict(viewer).filter(affiliation=organisation),
        "events": Event.objects.filter(
            Q(organisers=organisation) | Q(participants=organisation)
        ).distinct(),
    }
