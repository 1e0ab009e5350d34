from django.urls import path
from rest_framework.routers import DefaultRouter

from gtis.catalog.api import views

router = DefaultRouter()
router.register("taxonomies", views.TaxonomyViewSet)
router.register("nodes", views.NodeViewSet)
router.register("editions", views.EditionViewSet)
router.register("entries", views.EntryViewSet)
urlpatterns = [
    path("classify/", views.ClassifyView.as_view(), name="catalog-classify"),
    path(
        "elimination-check/", views.EliminationCheckView.as_view(), name="catalog-elimination-check"
    ),
    *router.urls,
]
