"""Public sales: a listed sale (挂牌) takes registrations with deposits, qualifies buyers, goes
to bidding with two or more and sells directly to one; an auction's bids strictly rise by the
increment, late bids extend it, the reserve must be met; the winner gets a deal and the other
deposits are marked for refund."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from gtis.core.models import AuditEvent
from gtis.market import sales
from gtis.market.choices import DealState, DepositStatus, SaleState
from gtis.market.models import Bid, Sale, SaleRegistration
from tests.factories import OrganisationFactory, UserFactory
from tests.market.test_listings import published

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
HOUR = datetime.timedelta(hours=1)
MINUTE = datetime.timedelta(minutes=1)


@pytest.fixture
def listing(seller, office, organisation, green_fields):
    return published(seller, office, organisation, [green_fields["1.1.1"]])


def open_sale(seller, listing, method="listed", **extra):
    now = timezone.now()
    values = {
        "method": method,
        "mode": "ordinary_licence",
        "price": "1000000",
        "increment": "50000",
        "deposit": "100000",
        "notice_ends_at": now + HOUR,
        "bidding_ends_at": now + 2 * HOUR,
    } | extra
    return sales.open_sale(actor=seller, listing=listing, **values)


def bidder(name):
    return UserFactory(username=name, organisation=OrganisationFactory(name=f"{name}有限公司"))


def register(user, sale):
    return sales.register_intent(
        actor=user, sale=sale, statement="用于本公司余热发电改造。", deposit_reference=f"DEP-{user}"
    )


def qualified(sale, seller, *users):
    for user in users:
        registration = register(user, sale)
        sales.decide_registration(
            actor=seller, sale=sale, registration=registration, qualified=True
        )


def close_registration(sale):
    """Registration closed two minutes ago."""
    Sale.objects.filter(pk=sale.pk).update(notice_ends_at=timezone.now() - 2 * MINUTE)
    sale.refresh_from_db()
    return sales.advance(sale)


def end_bidding(sale):
    Sale.objects.filter(pk=sale.pk).update(bidding_ends_at=timezone.now() - MINUTE)
    sale.refresh_from_db()
    return sales.advance(sale)


def test_a_listed_sale_with_two_qualified_buyers_goes_to_bidding_and_sells_to_the_highest(
    seller, buyer, listing
):
    other = bidder("other")
    sale = open_sale(seller, listing)
    qualified(sale, seller, buyer, other)
    assert close_registration(sale).state == SaleState.BIDDING
    sales.place_bid(actor=buyer, sale=sale, amount="1000000")
    sales.place_bid(actor=other, sale=sale, amount="1100000")
    sale = end_bidding(sale)
    assert sale.state == SaleState.SOLD
    assert (sale.deal.buyer_id, sale.deal.price, sale.deal.state) == (
        other.organisation_id,
        Decimal("1100000.00"),
        DealState.AGREED,
    )
    deposits = dict(sale.registrations.values_list("organisation__name", "deposit_status"))
    assert deposits == {
        buyer.organisation.name: DepositStatus.REFUND_DUE,
        other.organisation.name: DepositStatus.APPLIED,
    }


def test_a_listed_sale_with_one_qualified_buyer_sells_at_the_listed_price(seller, buyer, listing):
    sale = open_sale(seller, listing)
    qualified(sale, seller, buyer)
    refused = register(bidder("late"), sale)
    sales.decide_registration(
        actor=seller, sale=sale, registration=refused, qualified=False, reason="资质不符。"
    )
    sale = close_registration(sale)
    assert sale.state == SaleState.SOLD
    assert (sale.deal.buyer_id, sale.deal.price) == (buyer.organisation_id, Decimal("1000000"))
    refused.refresh_from_db()
    assert refused.deposit_status == DepositStatus.REFUND_DUE


def test_a_sale_nobody_qualified_for_fails_and_refunds(seller, buyer, listing):
    sale = open_sale(seller, listing)
    register(buyer, sale)
    sale = close_registration(sale)
    assert (sale.state, sale.state_reason, sale.deal) == (
        SaleState.UNSOLD,
        "No buyer qualified.",
        None,
    )
    assert SaleRegistration.objects.get().deposit_status == DepositStatus.REFUND_DUE


def test_an_auction_with_one_qualified_bidder_still_goes_to_bidding(seller, buyer, listing):
    sale = open_sale(seller, listing, method="auction", reserve="1200000")
    qualified(sale, seller, buyer)
    assert close_registration(sale).state == SaleState.BIDDING


def test_an_auction_below_its_reserve_does_not_sell(seller, buyer, listing):
    sale = open_sale(seller, listing, method="auction", reserve="1200000")
    qualified(sale, seller, buyer)
    close_registration(sale)
    sales.place_bid(actor=buyer, sale=sale, amount="1150000")
    sale = end_bidding(sale)
    assert (sale.state, sale.state_reason) == (
        SaleState.UNSOLD,
        "The highest bid did not reach the reserve.",
    )


def test_a_bid_below_the_increment_is_refused_and_changes_nothing(seller, buyer, listing):
    other = bidder("other")
    sale = open_sale(seller, listing, method="auction")
    qualified(sale, seller, buyer, other)
    close_registration(sale)
    with pytest.raises(ValidationError) as error:
        sales.place_bid(actor=buyer, sale=sale, amount="999999.99")
    assert error.value.message_dict == {"amount": ["Bid at least 1,000,000.00 yuan."]}
    sales.place_bid(actor=buyer, sale=sale, amount="1000000")
    for amount in ("1000000", "1049999.99"):
        with pytest.raises(ValidationError) as error:
            sales.place_bid(actor=other, sale=sale, amount=amount)
        assert error.value.message_dict == {"amount": ["Bid at least 1,050,000.00 yuan."]}
    sale.refresh_from_db()
    assert (sale.current_price, sale.bid_count, Bid.objects.count()) == (
        Decimal("1000000"),
        1,
        1,
    )


def test_a_late_bid_extends_the_auction(seller, buyer, listing):
    sale = open_sale(seller, listing, method="auction", extension_minutes=5)
    qualified(sale, seller, buyer)
    close_registration(sale)
    Sale.objects.filter(pk=sale.pk).update(bidding_ends_at=timezone.now() + 2 * MINUTE)
    bid = sales.place_bid(actor=buyer, sale=sale, amount="1000000")
    sale.refresh_from_db()
    assert sale.bidding_ends_at == bid.placed_at + 5 * MINUTE
    early = sales.place_bid(actor=buyer, sale=sale, amount="1050000")
    sale.refresh_from_db()
    assert sale.bidding_ends_at == early.placed_at + 5 * MINUTE


def test_a_bid_after_the_end_is_refused_and_the_sale_closes(seller, buyer, listing):
    sale = open_sale(seller, listing, method="auction")
    qualified(sale, seller, buyer)
    close_registration(sale)
    sales.place_bid(actor=buyer, sale=sale, amount="1000000")
    Sale.objects.filter(pk=sale.pk).update(bidding_ends_at=timezone.now() - MINUTE)
    with pytest.raises(ValidationError) as error:
        sales.place_bid(actor=buyer, sale=sale, amount="2000000")
    assert error.value.messages == ["This cannot be done while the record is “Sold”."]
    sale.refresh_from_db()
    assert (sale.state, sale.current_price) == (SaleState.SOLD, Decimal("1000000"))


def test_only_qualified_buyers_bid(seller, buyer, listing):
    other = bidder("other")
    sale = open_sale(seller, listing, method="auction")
    qualified(sale, seller, buyer)
    register(other, sale)
    close_registration(sale)
    with pytest.raises(ValidationError) as error:
        sales.place_bid(actor=other, sale=sale, amount="1000000")
    assert error.value.messages == ["Only buyers qualified for this sale may bid."]
    with pytest.raises(PermissionDenied):
        sales.place_bid(actor=seller, sale=sale, amount="1000000")
    assert not Bid.objects.exists()


def test_registration_is_once_per_organisation_and_only_during_the_notice(seller, buyer, listing):
    sale = open_sale(seller, listing)
    register(buyer, sale)
    with pytest.raises(ValidationError) as error:
        register(buyer, sale)
    assert error.value.messages == ["Your organisation has already registered for this sale."]
    Sale.objects.filter(pk=sale.pk).update(notice_ends_at=timezone.now() - HOUR)
    with pytest.raises(ValidationError):
        register(bidder("late"), sale)
    assert SaleRegistration.objects.count() == 1


def test_a_registration_without_deposit_reference_names_the_field(seller, buyer, listing):
    sale = open_sale(seller, listing)
    with pytest.raises(ValidationError) as error:
        sales.register_intent(actor=buyer, sale=sale, statement="", deposit_reference=" ")
    assert set(error.value.message_dict) == {"statement", "deposit_reference"}
    assert not SaleRegistration.objects.exists()


def test_only_the_seller_or_staff_decide_registrations(seller, buyer, office, listing):
    sale = open_sale(seller, listing)
    registration = register(buyer, sale)
    with pytest.raises(PermissionDenied):
        sales.decide_registration(actor=buyer, sale=sale, registration=registration, qualified=True)
    with pytest.raises(ValidationError) as error:
        sales.decide_registration(
            actor=office, sale=sale, registration=registration, qualified=False
        )
    assert error.value.message_dict == {"reason": ["Give the reason the buyer will see."]}
    registration.refresh_from_db()
    assert registration.status == "registered"


def test_opening_a_sale_validates_each_field(seller, buyer, listing):
    now = timezone.now()
    with pytest.raises(ValidationError) as error:
        open_sale(
            seller,
            listing,
            mode="assignment",
            price="abc",
            increment="0",
            reserve="10",
            notice_ends_at=now - HOUR,
            bidding_ends_at=now - 2 * HOUR,
        )
    assert set(error.value.message_dict) == {
        "mode",
        "price",
        "increment",
        "reserve",
        "notice_ends_at",
        "bidding_ends_at",
    }
    with pytest.raises(PermissionDenied):
        open_sale(buyer, listing)
    assert not Sale.objects.exists()


def test_a_listing_runs_one_sale_at_a_time(seller, listing):
    open_sale(seller, listing)
    with pytest.raises(ValidationError) as error:
        open_sale(seller, listing)
    assert error.value.message_dict == {
        "listing": ["This listing is already offered in a sale that is running."]
    }


def test_cancelling_during_the_notice_marks_deposits_for_refund_then_refunded(
    seller, buyer, listing
):
    sale = open_sale(seller, listing)
    registration = register(buyer, sale)
    sales.cancel_sale(actor=seller, sale=sale, reason="权属需重新确认。")
    registration.refresh_from_db()
    assert registration.deposit_status == DepositStatus.REFUND_DUE
    with pytest.raises(PermissionDenied):
        sales.refund_deposit(actor=buyer, sale=sale, registration=registration, reference="R1")
    sales.refund_deposit(actor=seller, sale=sale, registration=registration, reference="R1")
    registration.refresh_from_db()
    assert (registration.deposit_status, registration.refund_reference) == ("refunded", "R1")
    actions = list(
        AuditEvent.objects.for_object(sale).order_by("pk").values_list("action", flat=True)
    )
    assert actions == ["create", "register_intent", "cancel", "refund_deposit"]


def test_advance_due_moves_only_sales_whose_time_has_come(seller, buyer, listing):
    sale = open_sale(seller, listing)
    qualified(sale, seller, buyer)
    assert sales.advance_due() == 0
    assert sales.advance_due(now=sale.notice_ends_at) == 1
    sale.refresh_from_db()
    assert sale.state == SaleState.SOLD


def test_a_deal_won_in_an_auction_counts_under_its_trading_method(seller, buyer, listing):
    from gtis.market import deals, statistics

    sale = open_sale(seller, listing, method="auction")
    qualified(sale, seller, buyer)
    close_registration(sale)
    sales.place_bid(actor=buyer, sale=sale, amount="1000000")
    deal = end_bidding(sale).deal
    today = datetime.date.today()
    deals.sign_contract(
        actor=seller, deal=deal, contract_type="transfer", signed_on=today, key_terms="拍卖成交。"
    )
    milestone = deals.add_milestone(
        actor=seller, deal=deal, title="全款", amount="1000000", due_on=today
    )
    deals.pay_milestone(actor=buyer, deal=deal, milestone=milestone, paid_on=today, evidence="回单")
    deals.accept_delivery(actor=buyer, deal=deal)
    deals.close_deal(actor=seller, deal=deal)
    rows = statistics.deal_statistics().by_method
    assert [(row.key, row.label, row.deals, row.value) for row in rows] == [
        ("auction", "Auction (拍卖)", 1, Decimal("1000000.00"))
    ]


def test_the_market_rules_are_part_of_qualification_and_bidding(seller, buyer, listing):
    sale = open_sale(seller, listing, method="auction")
    registration = register(buyer, sale)
    buyer.organisation.verification = "unverified"
    buyer.organisation.save()
    with pytest.raises(ValidationError) as error:
        sales.decide_registration(
            actor=seller, sale=sale, registration=registration, qualified=True
        )
    assert error.value.messages[0].startswith(
        "Refused by the market rule “The organisation is verified”"
    )
    registration.refresh_from_db()
    assert registration.status == "registered"
    buyer.organisation.verification = "verified"
    buyer.organisation.save()
    sales.decide_registration(actor=seller, sale=sale, registration=registration, qualified=True)
    close_registration(sale)
    buyer.organisation.verification = "unverified"
    buyer.organisation.save()
    with pytest.raises(ValidationError):
        sales.place_bid(actor=buyer, sale=sale, amount="1000000")
    assert not Bid.objects.exists()
