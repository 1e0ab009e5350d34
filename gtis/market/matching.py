"""Matching needs and listings: a score from text, taxonomy, budget, mode, region and
readiness, and for each match the reasons in words.

Candidates come from the full-text index (any of the need's key terms) and from the need's
taxonomy categories; each candidate is then scored in Python, so the cost stays bounded."""

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from gtis.catalog.text import BIGRAM, terms
from gtis.market import search
from gtis.market.choices import PUBLIC_NEED_STAGES, ListingStatus, PriceKind, TransferMode
from gtis.market.models import Listing, Match, Need

CANDIDATES = 300
KEPT = 30
FLOOR = 0.2
STRONG = 0.6
WEIGHTS = {"text": 0.35, "taxonomy": 0.25, "budget": 0.15, "mode": 0.1, "region": 0.1, "trl": 0.05}


@dataclass
class Scored:
    listing: Listing
    need: Need
    score: float
    reasons: list[dict[str, Any]] = field(default_factory=list)


def score(need: Need, listing: Listing, need_terms: Counter[str] | None = None) -> Scored:
    """How well `listing` answers `need`, with the reasons."""
    reasons: list[dict[str, Any]] = []
    parts = {}
    wanted = need_terms if need_terms is not None else _terms(need)
    offered = _terms(listing)
    parts["text"] = _cosine(wanted, offered)
    shared = [t for t, _n in (wanted & offered).most_common() if not t.startswith(BIGRAM)][:5]
    if shared:
        reasons.append({"code": "terms", "terms": shared})
    parts["taxonomy"], node = _taxonomy(need, listing)
    if node:
        reasons.append({"code": "node", "node": node})
    parts["budget"], budget = _budget(need, listing)
    if budget:
        reasons.append({"code": budget})
    common_modes = [m for m in listing.transfer_modes if m in need.acceptable_modes]
    parts["mode"] = 1.0 if common_modes else (0.5 if not need.acceptable_modes else 0.0)
    if common_modes:
        reasons.append({"code": "mode", "modes": common_modes})
    parts["region"] = 1.0 if need.province and need.province == listing.province else 0.0
    if parts["region"]:
        reasons.append({"code": "region", "province": need.province})
    parts["trl"] = listing.trl / 9
    if listing.trl >= 7:
        reasons.append({"code": "mature", "trl": listing.trl})
    total = sum(WEIGHTS[name] * value for name, value in parts.items())
    return Scored(listing=listing, need=need, score=round(total, 4), reasons=reasons)


def _terms(record: Listing | Need) -> Counter[str]:
    title, body = record.search_texts()
    return Counter(terms(" ".join([*title, *title, *body])))


def _cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(count * b[term] for term, count in a.items() if term in b)
    norm = math.sqrt(sum(c * c for c in a.values())) * math.sqrt(sum(c * c for c in b.values()))
    return dot / norm if norm else 0.0


def _taxonomy(need: Need, listing: Listing) -> tuple[float, str]:
    """1 for a shared node, less for a shared parent or category; the closest node's name."""
    best, name = 0.0, ""
    for a in need.nodes.all():
        for b in listing.nodes.all():
            if a.taxonomy_id != b.taxonomy_id:
                continue
            left, right = a.code.split("."), b.code.split(".")
            common = 0
            for x, y in zip(left, right, strict=False):
                if x != y:
                    break
                common += 1
            closeness = common / max(len(left), len(right))
            if closeness > best:
                best = closeness
                name = ".".join(left[:common])
                if name in (a.code, b.code):
                    name = str(a if name == a.code else b)
    return best, name


def _budget(need: Need, listing: Listing) -> tuple[float, str]:
    if need.budget_max is None:
        return 0.5, ""
    if listing.price_kind == PriceKind.NEGOTIABLE or listing.price_min is None:
        return 0.5, "negotiable"
    low = listing.price_min
    if low <= need.budget_max:
        high = listing.price_max or low
        return (1.0, "budget_fits") if high <= need.budget_max else (0.8, "budget_overlaps")
    return 0.0, "over_budget"


def reason_text(reason: dict[str, Any]) -> str:
    """A match reason in words, in the reader's language."""
    code = reason.get("code")
    if code == "terms":
        return _("Shared key terms: %(terms)s") % {"terms": "、".join(reason["terms"])}
    if code == "node":
        return _("Same catalogue category: %(node)s") % {"node": reason["node"]}
    if code == "budget_fits":
        return _("The price fits the budget")
    if code == "budget_overlaps":
        return _("The price range overlaps the budget")
    if code == "over_budget":
        return _("The price is above the budget")
    if code == "negotiable":
        return _("The price is negotiable")
    if code == "mode":
        modes = "、".join(str(TransferMode(m).label) for m in reason["modes"])
        return _("Offered as the need accepts: %(modes)s") % {"modes": modes}
    if code == "region":
        return _("In the same region")
    if code == "mature":
        return _("Proven technology (readiness level %(trl)s)") % {"trl": reason["trl"]}
    return str(reason)


def _key_terms(counter: Counter[str], n: int = 12) -> list[str]:
    words = [t for t, _c in counter.most_common() if not t.startswith(BIGRAM)][:n]
    return [term for word in words for term in search.query_terms(word)]


def listings_for(need: Need) -> list[Scored]:
    """Published listings ranked for `need`, best first."""
    wanted = _terms(need)
    published = Listing.objects.published()
    ids = set(search.candidates(published, _key_terms(wanted), CANDIDATES))
    roots = {node.path[: node.steplen] for node in need.nodes.all()}
    if roots:
        in_categories = Q()
        for root in roots:
            in_categories |= Q(nodes__path__startswith=root)
        same_category = published.filter(in_categories).values_list("pk", flat=True).distinct()
        ids |= set(same_category[:CANDIDATES])
    listings = (
        Listing.objects.filter(pk__in=ids)
        .prefetch_related("nodes", "benefits")
        .select_related("owner")
    )
    scored = [score(need, listing, wanted) for listing in listings]
    return sorted((s for s in scored if s.score >= FLOOR), key=lambda s: -s.score)[:KEPT]


def needs_for(listing: Listing) -> list[Scored]:
    """Public needs ranked for `listing`, best first."""
    offered = _terms(listing)
    public = Need.objects.filter(stage__in=PUBLIC_NEED_STAGES)
    ids = set(search.candidates(public, _key_terms(offered), CANDIDATES))
    needs = Need.objects.filter(pk__in=ids).prefetch_related("nodes")
    scored = [score(need, listing) for need in needs]
    return sorted((s for s in scored if s.score >= FLOOR), key=lambda s: -s.score)[:KEPT]


def recompute(kind: str, pk: int) -> dict[str, Any]:
    """Replace the stored matches of one need or listing; notify owners of new strong ones."""
    if kind == "need":
        need = Need.objects.filter(pk=pk).first()
        if need is None:
            return {"matches": 0}
        found = listings_for(need)
        existing = Match.objects.filter(need=need)
    else:
        listing = Listing.objects.filter(pk=pk).first()
        if listing is None:
            return {"matches": 0}
        found = needs_for(listing) if listing.status == ListingStatus.PUBLISHED else []
        existing = Match.objects.filter(listing=listing)
    with transaction.atomic():
        before = set(existing.filter(score__gte=STRONG).values_list("need_id", "listing_id"))
        existing.delete()
        Match.objects.bulk_create(
            Match(need=s.need, listing=s.listing, score=s.score, reasons=s.reasons) for s in found
        )
        strong = [s for s in found if s.score >= STRONG and (s.need.pk, s.listing.pk) not in before]
        for scored in strong:
            _notify_strong_match(scored, kind)
    return {"matches": len(found), "new_strong": len(strong)}


def _notify_strong_match(scored: Scored, changed: str) -> None:
    from gtis.market.services import notify_members

    if changed == "need":
        notify_members(
            scored.listing.owner,
            kind="market.match",
            title=_("A new need matches your listing “%(title)s”")
            % {"title": scored.listing.title},
            url=scored.need.get_absolute_url(),
        )
    else:
        notify_members(
            scored.need.seeker,
            kind="market.match",
            title=_("A new listing matches your need “%(title)s”") % {"title": scored.need.title},
            url=scored.listing.get_absolute_url(),
        )
