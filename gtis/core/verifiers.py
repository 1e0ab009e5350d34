"""Where anyone can check a record against the document another engine issued for it, found
without the reading engine importing the issuer: the assessment engine registers that a
registry designation is proven by its certificate, and the market links each designation badge
to the certificate's verification page.

An issuer registers, for a kind of record (`registry.designation`), an expression over that
record's table giving the key of its proof (a certificate's code) and how a key becomes a URL.
A reader annotates its queryset with `verifiable()`, so lists cost no extra query, and asks
`verification_url()` of each record."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Verifier:
    key: Callable[[], Any]  # an expression, built when asked (it names the issuer's models)
    url: Callable[[str], str]


_verifiers: dict[str, list[Verifier]] = defaultdict(list)


def register(target: str, *, key: Callable[[], Any], url: Callable[[str], str]) -> None:
    """Records of `target` are proven where `url(key)` points, `key()` annotating them."""
    verifier = Verifier(key=key, url=url)
    if verifier not in _verifiers[target]:
        _verifiers[target].append(verifier)


def _label(model: type[models.Model]) -> str:
    return f"{model._meta.app_label}.{model._meta.model_name}"


def _annotation(index: int) -> str:
    return f"verification_key_{index}"


def verifiable(queryset: models.QuerySet[M]) -> models.QuerySet[M]:
    """`queryset` annotated with the keys every registered issuer proves its records by."""
    verifiers = _verifiers[_label(queryset.model)]
    return queryset.annotate(**{_annotation(i): v.key() for i, v in enumerate(verifiers)})


def verification_url(record: models.Model) -> str:
    """The page verifying `record` (read from `verifiable()`'s annotations), or ""."""
    for index, verifier in enumerate(_verifiers[_label(type(record))]):
        key = getattr(record, _annotation(index), None)
        if key:
            return verifier.url(key)
    return ""
