"""Matching needs and listings: a score from text, taxonomy, budget, mode, region and
readiness, and for each match the reasons in words.

Candidates come from the full-text index (titles with the most of the record's key words, then
bodies with any) and from the record's catalogue codes; each candidate is then scored in Python
from its stored search terms, so the cost stays bounded whatever the size of the market."""

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import QuerySet, prefetch_related_objects
from django.utils.translation import gettext as _

from gtis.catalog.text import is_word
from gtis.market import search
from gtis.market.choices import PUBLIC_NEED_STAGES, ListingStatus, PriceKind, TransferMode
from gtis.market.models import Listing, Match, Need

CANDIDATES = 150
SAME_CODE = 100
KEY_WORDS = 6
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
    shared = [t for t, _n in (wanted & offered).most_common() if is_word(t)][:5]
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
    """The record's search terms (jieba words, character bigrams, English stems), its title's
    twice; as stored by `services.reindex`, or computed if it has not run."""
    if record.search_title or record.search_body:
        title, body = record.search_title.split(), record.search_body.split()
    else:
        texts = record.search_texts()
        title, body = search.document(*texts[0]).split(), search.document(*texts[1]).split()
    return Counter([*title, *title, *body])


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


def _key_words(record: Listing | Need, counter: Counter[str]) -> list[str]:
    """The record's title words, then its most frequent other words."""
    title = [term for term in record.search_title.split() if is_word(term)]
    body = [term for term, _n in counter.most_common() if is_word(term)]
    return list(dict.fromkeys([*title, *body]))[:KEY_WORDS]


def _candidates(queryset: QuerySet[Any], record: Listing | Need, wanted: Counter[str]) -> set[int]:
    """Records of `queryset` sharing key words with `record`, and the newest sharing one of
    its catalogue codes."""
    ids = set(search.candidates(queryset, _key_words(record, wanted), CANDIDATES))
    codes = [node.pk for node in record.nodes.all()]
    if codes:
        same_code = queryset.filter(nodes__in=codes).order_by("-pk").values_list("pk", flat=True)
        ids |= set(same_code[:SAME_CODE])
    return ids


def _best(scored: list[Scored]) -> list[Scored]:
    kept = [s for s in scored if s.score >= FLOOR]
    return sorted(kept, key=lambda s: (-s.score, -s.listing.pk, -s.need.pk))[:KEPT]


def listings_for(need: Need) -> list[Scored]:
    """Published listings ranked for `need`, best first."""
    wanted = _terms(need)
    prefetch_related_objects([need], "nodes")
    ids = _candidates(Listing.objects.published(), need, wanted)
    listings = Listing.objects.filter(pk__in=ids).prefetch_related("nodes")
    return _best([score(need, listing, wanted) for listing in listings])


def needs_for(listing: Listing) -> list[Scored]:
    """Public needs ranked for `listing`, best first."""
    offered = _terms(listing)
    prefetch_related_objects([listing], "nodes")
    ids = _candidates(Need.objects.filter(stage__in=PUBLIC_NEED_STAGES), listing, offered)
    needs = Need.objects.filter(pk__in=ids).prefetch_related("nodes")
    return _best([score(need, listing) for need in needs])


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
