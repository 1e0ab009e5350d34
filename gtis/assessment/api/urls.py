from rest_framework.routers import DefaultRouter

from gtis.assessment.api import views

router = DefaultRouter()
router.register("schemes", views.SchemeViewSet)
urlpatterns = router.urls
