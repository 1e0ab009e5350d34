from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from gtis.core.middleware import allow_inline_styles
from gtis.core.views import healthz

api_patterns: list[URLPattern | URLResolver] = [
    path("core/", include("gtis.core.api.urls")),
    path("accounts/", include("gtis.accounts.api.urls")),
    path("registry/", include("gtis.registry.api.urls")),
    path("roadmap/", include("gtis.roadmap.api.urls")),
    path("catalog/", include("gtis.catalog.api.urls")),
    path("market/", include("gtis.market.api.urls")),
    path("assessment/", include("gtis.assessment.api.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "docs/",
        allow_inline_styles(SpectacularSwaggerSplitView.as_view(url_name="api-schema")),
        name="api-docs",
    ),
]

urlpatterns = [
    path("", include("gtis.core.urls")),
    path("accounts/", include("gtis.accounts.urls")),
    path("registry/", include("gtis.registry.urls")),
    path("roadmap/", include("gtis.roadmap.urls")),
    path("catalog/", include("gtis.catalog.urls")),
    path("market/", include("gtis.market.urls")),
    path("assessment/", include("gtis.assessment.urls")),
    path("api/", include(api_patterns)),
    path("healthz", healthz, name="healthz"),
]

handler403 = "gtis.core.views.error_403"
handler404 = "gtis.core.views.error_404"
handler500 = "gtis.core.views.error_500"
