from rest_framework.routers import DefaultRouter

from gtis.core.api import views

router = DefaultRouter()
router.register("audit-events", views.AuditEventViewSet)
router.register("jobs", views.BackgroundJobViewSet)
urlpatterns = router.urls
