from rest_framework.routers import DefaultRouter

from gtis.registry.api import views

router = DefaultRouter()
router.register("organisations", views.OrganisationViewSet, basename="organisation")
router.register("programmes", views.ProgrammeViewSet)
router.register("designations", views.DesignationViewSet)
urlpatterns = router.urls
