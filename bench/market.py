"""`python -m bench.market`: the market at scale.

Generates listings and needs in the demo's words (the 2019 catalogue's names, keywords and
standards; see gtis/market/demo.py), then times full-text search, matching, and the market's
list page and API list against a bare Django view in the same process, and prints one JSON
line of figures and ratios. Progress goes to stderr.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench python -m bench.market

Targets (issue 6): on PostgreSQL with 1,000,000 listings, search p95 <= 50 ms, match p95 <=
150 ms, list page and API list >= 60 % of the bare view's throughput. Generation adds what is
missing up to --listings and --needs, so a second run measures at once.

Generation is fast because text is built from pieces that each end in punctuation: a piece's
terms (`search.document`) do not depend on the figures in it, so they are computed once per
piece and joined, which is what `search.document` of the whole text gives."""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import cache
from typing import Any

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
django.setup()

from django.contrib.auth.models import AnonymousUser  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from gtis.accounts.models import Organisation, OrganisationKind  # noqa: E402
from gtis.catalog.models import TaxonomyNode  # noqa: E402
from gtis.market import demo, matching, search, selectors  # noqa: E402
from gtis.market.choices import (  # noqa: E402
    PUBLIC_NEED_STAGES,
    ListingStatus,
    NeedStage,
    PriceKind,
    TransferMode,
)
from gtis.market.models import Benefit, Listing, Need, Revision  # noqa: E402

BATCH = 5000
SEED = 7
TARGETS = {"search_p95_ms": 50.0, "match_p95_ms": 150.0, "page_ratio": 0.60}
LISTING_STATES = {
    ListingStatus.PUBLISHED: 85,
    ListingStatus.DRAFT: 3,
    ListingStatus.SUBMITTED: 2,
    ListingStatus.IN_MODERATION: 1,
    ListingStatus.CHANGES_REQUESTED: 2,
    ListingStatus.REJECTED: 1,
    ListingStatus.SUSPENDED: 1,
    ListingStatus.WITHDRAWN: 2,
    ListingStatus.EXPIRED: 2,
    ListingStatus.TRANSFERRED: 1,
}
NEED_STAGES = {
    NeedStage.SOLUTION_DESIGN: 45,
    NeedStage.IN_PROGRESS: 15,
    NeedStage.COMPLETED: 10,
    NeedStage.DRAFT: 10,
    NeedStage.SUBMITTED: 8,
    NeedStage.IN_REVIEW: 6,
    NeedStage.DECLINED: 3,
    NeedStage.WITHDRAWN: 3,
}
NEED_SCALES = {
    "equipment": "我单位现有生产线{n}条，年综合能耗约{m}万吨标准煤，",
    "process": "我单位现有处理设施规模约{n}吨/日，",
    "energy": "我单位年用电量约{n}万千瓦时，",
    "ecology": "我单位负责治理区域面积约{n}平方公里，",
    "infrastructure": "我单位管理建筑面积约{n}万平方米，",
    "service": "我单位下属企业{n}家，碳排放和能耗数据分散在多个系统中，",
}
# Realistic queries: a process, a field, a service, a title fragment (added at run time),
# English words.
QUERIES = ["余热回收", "光伏", "污水处理", "储能电站", "waste heat", "solar power"]
PAGES = [
    # name, URL (with {q}), baseline URL
    ("listing search page", "/market/listings/?search={q}", "/bare/market-listings/"),
    ("listing page", "/market/listings/", "/bare/market-listings/"),
    ("listings API search", "/api/market/listings/?search={q}", "/bare/market-listings/"),
    ("listings API", "/api/market/listings/", "/bare/market-listings/"),
]
PAGE_QUERY = "光伏"


def progress(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# Generation ---------------------------------------------------------------------------------


@cache
def terms(text: str) -> str:
    return search.document(text)


def piece(template: str, **figures: Any) -> tuple[str, str]:
    """A fragment of text with its figures filled in, and its terms (figures add none)."""
    return template.format(**figures), terms(template.format(**dict.fromkeys(figures, 0)))


def joined(pieces: list[tuple[str, str]]) -> tuple[str, str]:
    return "".join(p[0] for p in pieces), " ".join(p[1] for p in pieces if p[1])


class Vocabulary:
    """What listings and needs are made of: the catalogue's leaves and the organisations."""

    def __init__(self) -> None:
        self.topics = demo.topics()
        if not self.topics:
            raise SystemExit("No gic-2019 taxonomy: run `gtis load-reference` first.")
        kinds = [
            OrganisationKind.ENTERPRISE,
            OrganisationKind.UNIVERSITY,
            OrganisationKind.RESEARCH_INSTITUTE,
        ]
        self.owners = list(
            Organisation.objects.filter(kind__in=kinds).values_list("pk", "name", "province")
        )
        self.seekers = list(
            Organisation.objects.filter(
                kind__in=[OrganisationKind.ENTERPRISE, OrganisationKind.PARK]
            ).values_list("pk", "name", "province")
        )
        self.node_terms = {
            node.pk: terms(f"{node.name} {node.name_en}")
            for node in TaxonomyNode.objects.filter(taxonomy__code=demo.TAXONOMY)
        }

    @staticmethod
    @cache
    def benefit_terms(metric: str, unit: str) -> str:
        return terms(str(Benefit(metric=metric, value=Decimal(0), unit=unit)))


def weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def listing_batch(
    rng: random.Random, words: Vocabulary, size: int
) -> list[tuple[Listing, list[int], Benefit]]:
    now = timezone.now()
    made = []
    for _ in range(size):
        topic = rng.choice(words.topics)
        owner_pk, owner_name, owner_province = rng.choice(words.owners)
        status = weighted(rng, LISTING_STATES)
        title = demo.listing_title(rng, topic)
        claim = rng.choice(demo.BENEFITS[topic.family])
        value = Decimal(f"{rng.uniform(claim[2], claim[3]):.1f}")
        trl = rng.choices([4, 5, 6, 7, 8, 9], weights=[1, 2, 3, 4, 4, 3])[0]
        summary, summary_terms = chinese_summary(rng, topic, claim, value, trl)
        listing = Listing(
            owner_id=owner_pk,
            title=title,
            summary=summary,
            trl=trl,
            province=owner_province or rng.choice(demo.MAINLAND),
            developed_in=[demo.PROVINCE_NAMES.get(owner_province, "")],
            deployed_in=rng.sample(demo.MAINLAND_NAMES, k=rng.randint(1, 3)),
            transfer_modes=list(
                dict.fromkeys(rng.choices(TransferMode.values[:8], k=rng.randint(1, 3)))
            ),
            status=status,
            **price(rng),
        )
        title_terms = [terms(title)]
        body_terms = [summary_terms]
        if rng.random() < demo.ENGLISH_SHARE:
            template = rng.choice(demo.ENGLISH_TITLES).format(s=topic.subject_en)
            listing.title_en = template[:1].upper() + template[1:]
            listing.summary_en, english_terms = english_summary(rng, topic, claim, value)
            title_terms.append(terms(listing.title_en))
            body_terms.append(english_terms)
        if status != ListingStatus.DRAFT:
            published = now - datetime.timedelta(days=rng.randint(1, 1000))
            listing.published_at = published
            listing.expires_on = (published + datetime.timedelta(days=1100)).date()
        nodes = [topic.node.pk]
        other = rng.choice(topic.siblings)
        if rng.random() < 0.3 and other.pk != topic.node.pk:
            nodes.append(other.pk)
        body_terms.append(terms(owner_name))
        body_terms += [words.node_terms[pk] for pk in nodes]
        body_terms.append(words.benefit_terms(claim[0], claim[1]))
        listing.search_title = " ".join(t for t in title_terms if t)
        listing.search_body = " ".join(t for t in body_terms if t)
        benefit = Benefit(metric=claim[0], value=value, unit=claim[1], description=claim[4])
        made.append((listing, nodes, benefit))
    return made


def chinese_summary(
    rng: random.Random, topic: demo.Topic, claim: demo.Claim, value: Decimal, trl: int
) -> tuple[str, str]:
    method, _english = rng.choice(demo.METHODS[topic.family])
    pieces = [
        piece(f"针对{topic.node.name}中{rng.choice(demo.PAINS[topic.family])}的问题，"),
        piece(f"本技术采用{method}，"),
        piece(claim[5] + "。", v=value),
    ]
    if trl >= 7:
        places = "、".join(rng.sample(demo.MAINLAND_NAMES, k=2))
        pieces.append(piece("已在" + places + "等地{n}个项目中应用。", n=rng.randint(3, 60)))
    else:
        pieces.append(piece("已完成中试验证，正在开展工程示范。"))
    if topic.standards and rng.random() < 0.6:
        pieces.append(piece(f"性能满足{rng.choice(topic.standards)}要求。"))
    if trl >= 7 and topic.family in ("equipment", "process", "energy"):
        pieces.append(piece("投资回收期约{y}年。", y=rng.randint(15, 60) / 10))
    return joined(pieces)


def english_summary(
    rng: random.Random, topic: demo.Topic, claim: demo.Claim, value: Decimal
) -> tuple[str, str]:
    _chinese, method = rng.choice(demo.METHODS[topic.family])
    return joined(
        [
            piece(f"For {topic.subject_en}: {method}; "),
            piece(claim[6] + ". ", v=value, w=f"{value * 10000:,.0f}"),
            piece("Deployed in {n} projects in China.", n=rng.randint(3, 60)),
        ]
    )


def price(rng: random.Random) -> dict[str, Any]:
    kind = rng.choices(list(PriceKind), weights=[25, 30, 35, 10])[0]
    low = Decimal(round(10 ** rng.uniform(1, 3.5)))
    if kind == PriceKind.NEGOTIABLE:
        return {"price_kind": kind}
    if kind == PriceKind.RANGE:
        return {"price_kind": kind, "price_min": low, "price_max": low * rng.choice([2, 3, 5])}
    return {"price_kind": kind, "price_min": low}


def need_batch(rng: random.Random, words: Vocabulary, size: int) -> list[tuple[Need, list[int]]]:
    now = timezone.now()
    made = []
    for _ in range(size):
        topic = rng.choice(words.topics)
        seeker_pk, _name, province = rng.choice(words.seekers)
        subject = rng.choice(topic.subjects)
        goal = rng.choice(demo.NEED_GOALS)
        title = rng.choice(demo.NEED_TITLES).format(s=subject).replace("改造改造", "改造")
        problem, problem_terms = joined(
            [
                piece(NEED_SCALES[topic.family], n=rng.randint(2, 500), m=rng.randint(1, 30)),
                piece(f"目前{rng.choice(demo.PAINS[topic.family])}，"),
                piece(f"希望引进{subject}相关技术，实现{goal}。"),
            ]
        )
        outcome, outcome_terms = joined(
            [piece(f"{goal}；"), piece("投资回收期不超过{n}年。", n=rng.randint(2, 6))]
        )
        industry = rng.choice(demo.INDUSTRIES[topic.family])
        low = Decimal(round(10 ** rng.uniform(1.3, 3.3))) if rng.random() < 0.6 else None
        created = now - datetime.timedelta(days=rng.randint(1, 1000))
        need = Need(
            seeker_id=seeker_pk,
            title=title,
            problem=problem,
            required_outcome=outcome,
            industry=industry,
            province=province,
            budget_min=low,
            budget_max=low * 3 if low else None,
            acceptable_modes=list(
                dict.fromkeys(rng.choices(TransferMode.values[:8], k=rng.randint(1, 3)))
            ),
            deadline=(created + datetime.timedelta(days=rng.randint(120, 540))).date(),
            stage=weighted(rng, NEED_STAGES),
        )
        nodes = [topic.node.pk]
        need.search_title = terms(title)
        need.search_body = " ".join(
            [problem_terms, outcome_terms, terms(industry), words.node_terms[topic.node.pk]]
        )
        made.append((need, nodes))
    return made


def generate(listings: int, needs: int) -> dict[str, Any]:
    """Add listings and needs until there are `listings` and `needs`; their figures."""
    started = time.perf_counter()
    missing_listings = max(listings - Listing.objects.count(), 0)
    missing_needs = max(needs - Need.objects.count(), 0)
    if missing_listings or missing_needs:
        words = Vocabulary()
        rng = random.Random(f"{SEED}:{Listing.objects.count()}:{Need.objects.count()}")
        with search_index_paused(missing_listings):
            _insert_listings(rng, words, missing_listings)
        _insert_needs(rng, words, missing_needs)
        analyse(vacuum=True)
    return {
        "added_listings": missing_listings,
        "added_needs": missing_needs,
        "seconds": round(time.perf_counter() - started, 1),
    }


def _insert_listings(rng: random.Random, words: Vocabulary, count: int) -> None:
    through: Any = Listing.nodes.through
    started = time.perf_counter()
    for done in range(0, count, BATCH):
        made = listing_batch(rng, words, min(BATCH, count - done))
        with transaction.atomic():
            Listing.objects.bulk_create([m[0] for m in made])
            through.objects.bulk_create(
                [through(listing_id=m[0].pk, taxonomynode_id=pk) for m in made for pk in m[1]]
            )
            for listing, _nodes, benefit in made:
                benefit.listing_id = listing.pk
            Benefit.objects.bulk_create([m[2] for m in made])
        added = done + len(made)
        rate = added / (time.perf_counter() - started)
        progress(f"listings: {added:,} of {count:,} added ({rate:,.0f}/s)")


def _insert_needs(rng: random.Random, words: Vocabulary, count: int) -> None:
    through: Any = Need.nodes.through
    for done in range(0, count, BATCH):
        made = need_batch(rng, words, min(BATCH, count - done))
        with transaction.atomic():
            Need.objects.bulk_create([m[0] for m in made])
            through.objects.bulk_create(
                [through(need_id=m[0].pk, taxonomynode_id=pk) for m in made for pk in m[1]]
            )
        progress(f"needs: {done + len(made):,} of {count:,} added")


@contextmanager
def search_index_paused(rows: int) -> Iterator[None]:
    """Load many listings without keeping the full-text index in step (PostgreSQL's GIN index,
    SQLite's insert trigger), then build it once: as the migration defined it, read back from
    the database."""
    if rows < 50_000:
        yield
        return
    postgres = connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        if postgres:
            cursor.execute(
                "SELECT indexdef FROM pg_indexes WHERE indexname = 'market_listing_search_idx'"
            )
        else:
            cursor.execute("SELECT sql FROM sqlite_master WHERE name = 'market_listing_fts_ai'")
        row = cursor.fetchone()
        if row is None:
            raise SystemExit("The listings' full-text index is missing: run the migrations.")
        cursor.execute(
            "DROP INDEX market_listing_search_idx"
            if postgres
            else "DROP TRIGGER market_listing_fts_ai"
        )
    try:
        yield
    finally:
        progress("listings: building the full-text index")
        started = time.perf_counter()
        with connection.cursor() as cursor:
            if postgres:
                cursor.execute("SET maintenance_work_mem = '1GB'")
            else:
                cursor.execute(
                    "INSERT INTO market_listing_fts(market_listing_fts) VALUES ('rebuild')"
                )
            cursor.execute(row[0])
        progress(f"listings: full-text index built in {time.perf_counter() - started:.0f} s")


def analyse(vacuum: bool = False) -> None:
    """Statistics for every table, as autovacuum would keep them: without them, PostgreSQL
    plans the reference data freshly loaded (designations) as one row, and a facet count
    takes half a minute instead of a fifth of a second. `vacuum` also sets the visibility
    map of the market's tables after a bulk load."""
    progress("analysing")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql" and vacuum:
            for table in [
                "market_listing",
                "market_listing_nodes",
                "market_need",
                "market_benefit",
            ]:
                cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute("ANALYZE")


# Measurements -------------------------------------------------------------------------------


def timings(
    call: Callable[[], object], repeat: int, budget: float = 60.0, warmup: int = 1
) -> list[float]:
    """Milliseconds of `repeat` calls after `warmup` untimed ones; fewer (but at least three)
    when they take more than `budget` seconds in all."""
    for _ in range(warmup):
        call()
    found: list[float] = []
    deadline = time.perf_counter() + budget
    while len(found) < repeat and (len(found) < 3 or time.perf_counter() < deadline):
        start = time.perf_counter()
        call()
        found.append((time.perf_counter() - start) * 1000)
    return found


def summary(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50": round(statistics.median(ordered), 1), "p95": round(p95, 1)}


def queries() -> list[str]:
    """The fixed queries and a fragment of a published listing's title."""
    published = Listing.objects.filter(status=ListingStatus.PUBLISHED).order_by("pk")
    sample = published.values_list("title", flat=True)[published.count() // 2 :][:1]
    fragment = [title[2:6] for title in sample if len(title) >= 6]
    return [*QUERIES, *fragment]


def measure_search(texts: list[str], repeat: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """The search itself (total and first page), and the search page's whole read (with the
    facet counts, cached until the market next changes; `uncached_ms` is the first read after a
    change), per query and over all queries."""
    viewer = AnonymousUser()
    base = selectors.listing_base(viewer)
    plain: dict[str, Any] = {}
    faceted: dict[str, Any] = {}
    every_plain: list[float] = []
    every_faceted: list[float] = []
    for text in texts:
        hits = search.search(base, text)
        found = timings(lambda text=text: search.search(base, text, 0, 20), repeat)
        plain[text] = {**summary(found), "hits": hits.total}
        every_plain += found
        query = selectors.ListingQuery(search=text)
        Revision.raise_number(Revision.MARKET)  # as after a write: the facet counts are not cached
        start = time.perf_counter()
        selectors.search_listings(viewer, query)
        cold = round((time.perf_counter() - start) * 1000, 1)
        found = timings(
            lambda query=query: selectors.search_listings(viewer, query), repeat, warmup=0
        )
        faceted[text] = {**summary(found), "uncached_ms": cold}
        every_faceted += found
        progress(f"search {text!r}: {plain[text]} with facets {faceted[text]}")
    return (
        {**summary(every_plain), "queries": plain},
        {**summary(every_faceted), "queries": faceted},
    )


def measure_matching(sample: int) -> dict[str, Any]:
    """`matching.listings_for` over public needs spread across the table (fewer, but at least
    three, when they take more than five minutes)."""
    public = Need.objects.filter(stage__in=PUBLIC_NEED_STAGES).order_by("pk")
    total = public.count()
    if not total:
        return {"skipped": "no public needs"}
    step = max(total // sample, 1)
    needs = [public[i] for i in range(0, total, step)][:sample]
    matching.listings_for(needs[0])  # loads jieba's dictionary
    found: list[float] = []
    deadline = time.perf_counter() + 300
    for need in needs:
        if len(found) >= 3 and time.perf_counter() > deadline:
            break
        start = time.perf_counter()
        matched = matching.listings_for(need)
        found.append((time.perf_counter() - start) * 1000)
        progress(f"match need {need.pk}: {found[-1]:,.0f} ms, {len(matched)} matches")
    return {**summary(found), "needs": len(found)}


def measure_pages(requests: int, seconds: float) -> dict[str, Any]:
    """Throughput of each page against the bare view, on the same database and process, for
    an anonymous visitor (the market's pages are public, and kept for visitors until the
    market changes), and the latency of the first request after a change."""
    client = Client()
    found: dict[str, Any] = {}
    with override_settings(ROOT_URLCONF="bench.market_urls"):
        for name, url, baseline in PAGES:
            url = url.format(q=PAGE_QUERY)
            status = client.get(url).status_code
            if status != 200:
                found[name] = {"url": url, "skipped": f"HTTP {status}"}
                progress(f"{name}: skipped, {url} answered {status}")
                continue
            rps, p95 = throughput(client, url, requests, seconds)
            bare_rps, _bare_p95 = throughput(client, baseline, requests, seconds)
            found[name] = {
                "url": url,
                "rps": round(rps, 2),
                "p95_ms": round(p95, 1),
                "uncached_p95_ms": uncached_p95(client, url),
                "bare_rps": round(bare_rps, 1),
                "ratio": round(rps / bare_rps, 4),
            }
            progress(f"{name}: {found[name]}")
    return found


def uncached_p95(client: Client, url: str, requests: int = 10) -> float:
    """p95 latency (ms) of the first request after a change to the market, which neither the
    visitors' page cache nor the cached counts can answer."""
    latencies = []
    for _ in range(requests):
        Revision.raise_number(Revision.MARKET)
        start = time.perf_counter()
        assert client.get(url).status_code == 200, url
        latencies.append((time.perf_counter() - start) * 1000)
    return summary(latencies)["p95"]


def throughput(client: Client, url: str, requests: int, seconds: float) -> tuple[float, float]:
    """Requests per second and p95 latency (ms): `requests` requests, or fewer if they take
    more than `seconds`."""
    client.get(url)
    latencies: list[float] = []
    deadline = time.perf_counter() + seconds
    while len(latencies) < requests and (len(latencies) < 3 or time.perf_counter() < deadline):
        start = time.perf_counter()
        response = client.get(url)
        latencies.append(time.perf_counter() - start)
        assert response.status_code == 200, (url, response.status_code)
    return len(latencies) / sum(latencies), summary([x * 1000 for x in latencies])["p95"]


def arguments() -> argparse.Namespace:
    postgres = connection.vendor == "postgresql"
    parser = argparse.ArgumentParser(prog="python -m bench.market", description=__doc__)
    parser.add_argument(
        "--listings", type=int, default=1_000_000 if postgres else 100_000, help="listings in all"
    )
    parser.add_argument("--needs", type=int, help="needs in all (default: listings / 50)")
    parser.add_argument("--search-repeat", type=int, default=20, help="timed runs per query")
    parser.add_argument("--match-sample", type=int, default=20, help="needs matched")
    parser.add_argument("--requests", type=int, default=100, help="requests per page at most")
    parser.add_argument("--seconds", type=float, default=20.0, help="seconds per page at most")
    return parser.parse_args()


def main() -> None:
    args = arguments()
    call_command("migrate", verbosity=0)
    if not TaxonomyNode.objects.filter(taxonomy__code=demo.TAXONOMY).exists():
        progress("loading the reference data")
        call_command("load-reference", stdout=sys.stderr)
    needs = args.needs if args.needs is not None else max(args.listings // 50, 100)
    generated = generate(args.listings, needs)
    if not (generated["added_listings"] or generated["added_needs"]):
        analyse()
    search_ms, search_page_ms = measure_search(queries(), args.search_repeat)
    match_ms = measure_matching(args.match_sample)
    pages = measure_pages(args.requests, args.seconds)
    ratios = [page["ratio"] for page in pages.values() if "ratio" in page]
    met = {
        "search": search_ms["p95"] <= TARGETS["search_p95_ms"],
        "match": match_ms.get("p95", float("inf")) <= TARGETS["match_p95_ms"],
        "pages": bool(ratios) and min(ratios) >= TARGETS["page_ratio"],
    }
    figures = {
        "bench": "market",
        "backend": connection.vendor,
        "listings": Listing.objects.count(),
        "published": Listing.objects.filter(status=ListingStatus.PUBLISHED).count(),
        "needs": Need.objects.count(),
        "public_needs": Need.objects.filter(stage__in=PUBLIC_NEED_STAGES).count(),
        "generation": generated,
        "search_ms": search_ms,
        "search_page_read_ms": search_page_ms,
        "match_ms": match_ms,
        "pages": pages,
        "targets": TARGETS,
        "met": met,
    }
    print(json.dumps(figures, ensure_ascii=False), flush=True)
    raise SystemExit(0 if all(met.values()) or connection.vendor != "postgresql" else 1)


if __name__ == "__main__":
    main()
