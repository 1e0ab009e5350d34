"""Fifty buyers bid on one auction at the same moment (PostgreSQL, real threads and
connections): bids are taken one at a time on the sale's row lock, so every accepted bid beats
the one before by the increment, no two are equal, the final price is the highest bid, and
every bidder then sees the same result."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from itertools import pairwise

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from gtis.market import sales
from gtis.market.models import Bid
from tests.market.test_sales import bidder, close_registration, end_bidding, open_sale, qualified
from tests.market.test_sales_api import api

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("english"),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks are PostgreSQL's; CI runs it there"
    ),
]
BIDDERS = 50
INCREMENT = Decimal("1000")


@pytest.fixture
def listing(seller, office, organisation, green_fields):
    from tests.market.test_listings import published

    return published(seller, office, organisation, [green_fields["1.1.1"]])


def test_fifty_concurrent_bids_are_serialised(seller, listing):
    sale = open_sale(seller, listing, method="auction", price="1000000", increment=INCREMENT)
    users = [bidder(f"bidder{n:02}") for n in range(BIDDERS)]
    qualified(sale, seller, *users)
    close_registration(sale)
    # Two bidders offer each amount, so equal bids really do race.
    offered = [Decimal(1_000_000) + INCREMENT * (n // 2) for n in range(BIDDERS)]
    random.Random(7).shuffle(offered)
    start = threading.Barrier(BIDDERS)

    def bid(user, amount):
        start.wait()
        try:
            sales.place_bid(actor=user, sale=sale, amount=amount)
            return True
        except ValidationError:
            return False
        finally:
            connection.close()

    with ThreadPoolExecutor(BIDDERS) as pool:
        outcomes = list(pool.map(bid, users, offered))

    accepted = list(Bid.objects.filter(sale=sale).order_by("pk").values_list("amount", flat=True))
    assert len(accepted) == sum(outcomes) >= 1
    # Both bidders of the highest amount raced: exactly one of them got it.
    assert accepted.count(max(offered)) == 1
    assert all(later - earlier >= INCREMENT for earlier, later in pairwise(accepted))
    assert len(set(accepted)) == len(accepted)
    sale.refresh_from_db()
    assert sale.current_price == accepted[-1] == max(offered)
    assert sale.bid_count == len(accepted)

    end_bidding(sale)
    winner = sale.leader.organisation_id
    for user in users:
        seen = api(user).get(f"/api/market/sales/{sale.pk}/").json()
        assert (seen["state"], seen["result"]["price"]) == ("sold", f"{max(offered):.2f}")
        assert seen["you"]["won"] == (user.organisation_id == winner)
        assert seen["you"]["deposit"] == ("applied" if seen["you"]["won"] else "refund_due")
