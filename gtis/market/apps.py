from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "gtis.market"
    label = "market"
    verbose_name = _("Market")

    def ready(self) -> None:
        from gtis.core import links
        from gtis.core.navigation import MenuItem, add_items
        from gtis.market import metrics, signals, tasks  # noqa: F401  (registers metrics and jobs)
        from gtis.market.selectors import market_records_of

        links.register("accounts.organisation", market_records_of)
        signals.connect()

        add_items(
            "market",
            MenuItem(_("Market home"), "market:home", public=True),
            MenuItem(_("Search technologies"), "market:listing_search", public=True),
            MenuItem(_("Technology needs"), "market:need_list", public=True),
            MenuItem(_("Listed sales and auctions"), "market:sale_list", public=True),
            MenuItem(_("Technology brokers"), "market:broker_list", public=True),
            MenuItem(
                _("Offer a technology"), "market:listing_create", permission="market.add_listing"
            ),
            MenuItem(_("My listings and needs"), "market:mine", permission="market.add_listing"),
            MenuItem(_("My deals"), "market:deal_list", permission="market.add_listing"),
            MenuItem(
                _("Moderation queue"), "market:moderation", permission="market.moderate_listing"
            ),
            MenuItem(_("Trade statistics"), "market:statistics", public=True),
            MenuItem(_("Model contracts"), "market:contract_templates", public=True),
            MenuItem(_("Disputed deals"), "market:disputes", permission="market.decide_dispute"),
            MenuItem(
                _("Broker certification"),
                "market:broker_queue",
                permission="market.certify_broker",
            ),
            MenuItem(
                _("Market rules"), "market:trading_rules", permission="market.view_tradingrule"
            ),
        )
