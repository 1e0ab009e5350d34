"""The market's row locks, kept together: a write that reads a value to decide what it writes
takes the row first. On SQLite every transaction already takes the database's write lock at
its start (settings: transaction_mode IMMEDIATE), which gives the same guarantee."""

from gtis.market.models import Sale


def sale_for_update(pk: int) -> Sale:
    """The sale, locked until the transaction ends: bids and the closing of a sale are
    serialised on it."""
    queryset = Sale.objects.select_for_update(of=("self",))
    return queryset.select_related("listing", "leader").get(pk=pk)
