from django.urls import path
from rest_framework.routers import DefaultRouter

from gtis.market.api import views

router = DefaultRouter()
router.register("listings", views.ListingViewSet)
router.register("needs", views.NeedViewSet)
router.register("disclosures", views.DisclosureViewSet)
router.register("calls", views.SolutionCallViewSet)
router.register("offers", views.OfferViewSet)
router.register("deals", views.DealViewSet)
router.register("sales", views.SaleViewSet)
router.register("brokers", views.BrokerViewSet)
urlpatterns = [
    path("statistics/", views.StatisticsView.as_view(), name="market-statistics"),
    *router.urls,
]
