"""Named live figures that engines register and pages and roadmap indicators read.

An engine registers a metric in its AppConfig.ready(); `headline` metrics show on the home page.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise

Number = int | Decimal


@dataclass(frozen=True)
class Metric:
    key: str
    label: str | Promise
    compute: Callable[[], Number]
    unit: str | Promise = ""
    description: str | Promise = ""
    headline: bool = False
    order: int = 100
    # The figure as it stood on a past date, where the engine can work that out.
    compute_on: Callable[[datetime.date], Number] | None = None

    def value_on(self, day: datetime.date, today: datetime.date) -> Number | None:
        if day >= today:
            return self.compute()
        return self.compute_on(day) if self.compute_on is not None else None


_metrics: dict[str, Metric] = {}


def register(metric: Metric) -> Metric:
    if metric.key in _metrics and _metrics[metric.key] != metric:
        raise ValueError(f"A metric named {metric.key!r} is already registered")
    _metrics[metric.key] = metric
    return metric


def get(key: str) -> Metric:
    try:
        return _metrics[key]
    except KeyError:
        raise LookupError(f"No metric is registered as {key!r}") from None


def all_metrics() -> list[Metric]:
    return sorted(_metrics.values(), key=lambda m: (m.order, m.key))


def headline_figures() -> list[tuple[Metric, Number]]:
    """The home page's key figures, computed now."""
    return [(metric, metric.compute()) for metric in all_metrics() if metric.headline]
