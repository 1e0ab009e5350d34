"""Records of one engine shown on another's pages, without the page's engine importing the
other: an engine registers a provider for a kind of record (`roadmap.deliverable`), and the
page asks for whatever is linked to its record."""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils.functional import Promise


@dataclass(frozen=True)
class LinkedRecord:
    kind: str | Promise
    title: str
    url: str
    note: str = ""


Provider = Callable[[Any, models.Model], list[LinkedRecord]]
_providers: dict[str, list[Provider]] = defaultdict(list)


def register(target: str, provider: Provider) -> None:
    """`provider(viewer, record)` lists what its engine links to records of `target`."""
    if provider not in _providers[target]:
        _providers[target].append(provider)


def linked_to(viewer: Any, record: models.Model) -> list[LinkedRecord]:
    meta = record._meta
    found: list[LinkedRecord] = []
    for provider in _providers[f"{meta.app_label}.{meta.model_name}"]:
        found.extend(provider(viewer, record))
    return found
