from django.urls import path

from gtis.market.views import deals, listings, needs, pages

app_name = "market"
urlpatterns = [
    path("", pages.home, name="home"),
    path("mine/", pages.mine, name="mine"),
    path("moderation/", pages.moderation, name="moderation"),
    path("rules/", pages.trading_rules, name="trading_rules"),
    path("rules/<str:code>/", pages.set_trading_rule, name="trading_rule_set"),
    path("suggest-codes/", pages.suggest_codes, name="suggest_codes"),
    path("listings/", listings.search_page, name="listing_search"),
    path("listings/new/", listings.ListingFormView.as_view(), name="listing_create"),
    path("listings/<int:pk>/", listings.detail, name="listing_detail"),
    path("listings/<int:pk>/edit/", listings.ListingFormView.as_view(), name="listing_edit"),
    path("listings/<int:pk>/submit/", listings.submit, name="listing_submit"),
    path("listings/<int:pk>/withdraw/", listings.withdraw, name="listing_withdraw"),
    path("listings/<int:pk>/moderate/", listings.moderate, name="listing_moderate"),
    path(
        "listings/<int:pk>/benefits/",
        listings.add_part,
        {"kind": "benefit"},
        name="listing_add_benefit",
    ),
    path("listings/<int:pk>/ip/", listings.add_part, {"kind": "ip"}, name="listing_add_ip"),
    path("listings/<int:pk>/attachments/", listings.attach, name="listing_attach"),
    path(
        "listings/<int:pk>/parts/<str:kind>/<int:part_pk>/remove/",
        listings.remove_part,
        name="listing_remove_part",
    ),
    path("listings/<int:pk>/disclosure/", listings.request_disclosure, name="disclosure_request"),
    path("listings/<int:pk>/inquiry/", listings.open_inquiry, name="deal_open"),
    path("deals/", deals.my_deals, name="deal_list"),
    path("deals/<int:pk>/", deals.detail, name="deal_detail"),
    path("deals/<int:pk>/<str:action>/", deals.act, name="deal_act"),
    path("certificates/<str:code>/", deals.verify_certificate, name="certificate_verify"),
    path("disclosures/<int:pk>/decide/", listings.decide_disclosure, name="disclosure_decide"),
    path("needs/", needs.list_page, name="need_list"),
    path("needs/new/", needs.NeedFormView.as_view(), name="need_create"),
    path("needs/<int:pk>/", needs.detail, name="need_detail"),
    path("needs/<int:pk>/edit/", needs.NeedFormView.as_view(), name="need_edit"),
    path("needs/<int:pk>/move/", needs.move, name="need_move"),
    path("needs/<int:pk>/calls/new/", needs.open_call, name="call_create"),
    path("calls/<int:pk>/", needs.call_detail, name="call_detail"),
    path("calls/<int:pk>/offer/", needs.submit_offer, name="offer_create"),
    path("offers/<int:pk>/decide/", needs.decide_offer, name="offer_decide"),
]
