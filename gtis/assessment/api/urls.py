from rest_framework.routers import DefaultRouter

from gtis.assessment.api import views

router = DefaultRouter()
router.register("schemes", views.SchemeViewSet)
router.register("campaigns", views.CampaignViewSet)
router.register("applications", views.ApplicationViewSet)
router.register("assignments", views.AssignmentViewSet)
router.register("objections", views.ObjectionViewSet)
router.register("certificates", views.CertificateViewSet)
urlpatterns = router.urls
