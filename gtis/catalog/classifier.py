"""Suggest taxonomy nodes for a text, with the words that led to each.

A TF-IDF model over each leaf node's name (weighted most), its explanatory text, keywords, and
the catalogue entries already filed under it; a text is scored against every node by cosine
similarity. Trained by `gtis train-classifier`, kept in the database, cached per process.
"""

import math
from collections import Counter, defaultdict
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from gtis.catalog.models import CatalogueEntry, ClassifierModel, Taxonomy, TaxonomyNode
from gtis.catalog.text import BIGRAM, terms

NAME_WEIGHT, KEYWORD_WEIGHT, TEXT_WEIGHT, ENTRY_WEIGHT = 4, 2, 1, 2
_loaded: dict[int, tuple[int, dict[str, Any]]] = {}


@dataclass(frozen=True)
class Suggestion:
    code: str
    name: str
    score: float
    reasons: list[str]


def training_documents(taxonomy: Taxonomy) -> dict[str, Counter[str]]:
    """Each leaf node's weighted terms, from its own text and the entries filed under it."""
    documents: dict[str, Counter[str]] = {}
    leaves = TaxonomyNode.objects.filter(taxonomy=taxonomy, numchild=0)
    for node in leaves:
        bag: Counter[str] = Counter()
        for ancestor in TaxonomyNode.objects.get_ancestors(node):
            bag.update({t: TEXT_WEIGHT for t in terms(f"{ancestor.name} {ancestor.name_en}")})
        bag.update({t: NAME_WEIGHT for t in terms(f"{node.name} {node.name_en}")})
        for keyword in node.keywords:
            bag.update({t: KEYWORD_WEIGHT for t in terms(keyword)})
        bag.update({t: TEXT_WEIGHT for t in terms(node.description)})
        documents[node.code] = bag
    entries = CatalogueEntry.objects.filter(nodes__taxonomy=taxonomy).prefetch_related("nodes")
    for entry in entries:
        for node in entry.nodes.all():
            if node.code in documents:
                text = f"{entry.title} {entry.description} {entry.scope}"
                documents[node.code].update({t: ENTRY_WEIGHT for t in terms(text)})
    return documents


def train(taxonomy: Taxonomy) -> ClassifierModel:
    """Fit the model on the taxonomy's current nodes and entries and store it."""
    documents = training_documents(taxonomy)
    frequency: Counter[str] = Counter()
    for bag in documents.values():
        frequency.update(bag.keys())
    count = len(documents)
    idf = {term: math.log((1 + count) / (1 + df)) + 1 for term, df in frequency.items()}
    vectors = {}
    for code, bag in documents.items():
        vector = {term: (1 + math.log(tf)) * idf[term] for term, tf in bag.items()}
        norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
        vectors[code] = {term: round(v / norm, 5) for term, v in vector.items()}
    names = dict(
        TaxonomyNode.objects.filter(taxonomy=taxonomy, code__in=vectors).values_list("code", "name")
    )
    with transaction.atomic():
        model = ClassifierModel.objects.create(
            taxonomy=taxonomy,
            documents=count,
            vocabulary=len(idf),
            data={
                "idf": {t: round(v, 5) for t, v in idf.items()},
                "vectors": vectors,
                "names": names,
            },
        )
    return model


def classify(taxonomy: Taxonomy, text: str, k: int = 5) -> list[Suggestion]:
    """The `k` best nodes for `text`, each with its score and the terms that matched most."""
    data = _model(taxonomy)
    idf = data["idf"]
    bag = Counter(t for t in terms(text) if t in idf)
    if not bag:
        return []
    query = {t: (1 + math.log(tf)) * idf[t] for t, tf in bag.items()}
    norm = math.sqrt(sum(v * v for v in query.values())) or 1.0
    query = {t: v / norm for t, v in query.items()}
    postings: dict[str, list[tuple[str, float]]] = data["postings"]
    scores: dict[str, float] = defaultdict(float)
    contributions: dict[str, Counter[str]] = defaultdict(Counter)
    for term, weight in query.items():
        for code, node_weight in postings.get(term, ()):
            share = weight * node_weight
            scores[code] += share
            contributions[code][term] += share
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)[:k]
    return [
        Suggestion(
            code, data["names"].get(code, code), round(score, 4), _reasons(contributions[code])
        )
        for code, score in ranked
    ]


def _reasons(contribution: Counter[str]) -> list[str]:
    """The matched words, longest first among near-equal weights, without overlapping bigrams."""
    chosen: list[str] = []
    for term, _weight in contribution.most_common(12):
        if term.startswith(BIGRAM):
            continue
        if not any(term in other or other in term for other in chosen):
            chosen.append(term)
    return chosen[:4]


def _model(taxonomy: Taxonomy) -> dict[str, Any]:
    latest = (
        ClassifierModel.objects.filter(taxonomy=taxonomy)
        .only("id")
        .order_by("-trained_at", "-id")
        .first()
    )
    if latest is None:
        latest = train(taxonomy)
    cached = _loaded.get(taxonomy.pk)
    if cached is None or cached[0] != latest.pk:
        data = ClassifierModel.objects.get(pk=latest.pk).data
        postings: dict[str, list[tuple[str, float]]] = defaultdict(list)
        for code, vector in data["vectors"].items():
            for term, weight in vector.items():
                postings[term].append((code, weight))
        data["postings"] = dict(postings)
        _loaded[taxonomy.pk] = (latest.pk, data)
    return _loaded[taxonomy.pk][1]
