"""Background jobs of the market: matches recomputed after a listing or need changes."""

from typing import Any

from django_tasks import task


@task()
def recompute_matches(kind: str, pk: int) -> dict[str, Any]:
    """Re-rank the matches of one listing or need."""
    from gtis.market import matching

    return matching.recompute(kind, pk)
