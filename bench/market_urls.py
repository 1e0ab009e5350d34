"""The benchmark's URLs plus a bare view of market listings: the baseline of the market's list
page and API list (`python -m bench.market`)."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path

from gtis.market.choices import ListingStatus
from gtis.market.models import Listing

PAGE = 20


def bare_listings(request: HttpRequest) -> JsonResponse:
    rows = list(
        Listing.objects.filter(status=ListingStatus.PUBLISHED)
        .order_by("-published_at", "-id")
        .values("id", "title", "owner__name", "province", "trl", "published_at")[:PAGE]
    )
    return JsonResponse({"results": rows})


urlpatterns = [
    path("bare/market-listings/", bare_listings),
    path("", include("bench.urls")),
]
