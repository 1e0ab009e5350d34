from rest_framework.routers import DefaultRouter

from gtis.assessment.api import duty_views, views

router = DefaultRouter()
router.register("schemes", views.SchemeViewSet)
router.register("campaigns", views.CampaignViewSet)
router.register("applications", views.ApplicationViewSet)
router.register("certificates", views.CertificateViewSet)
router.register("obligations", duty_views.ObligationViewSet)
router.register("designation-actions", duty_views.DesignationActionViewSet)
urlpatterns = router.urls
