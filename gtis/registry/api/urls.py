from rest_framework.routers import DefaultRouter

from gtis.registry.api import views

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("programmes", views.ProgrammeViewSet)
router.register("designations", views.DesignationViewSet)
router.register("credit-records", views.CreditRecordViewSet)
router.register("experts", views.ExpertViewSet)
router.register("networks", views.NetworkViewSet)
router.register("sites", views.SiteViewSet)
router.register("events", views.EventViewSet)
router.register("policies", views.PolicyViewSet)
router.register("standards", views.StandardViewSet)
urlpatterns = router.urls
