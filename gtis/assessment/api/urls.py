from rest_framework.routers import DefaultRouter

from gtis.assessment.api import verification, views

router = DefaultRouter()
router.register("schemes", views.SchemeViewSet)
router.register("campaigns", views.CampaignViewSet)
router.register("applications", views.ApplicationViewSet)
router.register("certificates", views.CertificateViewSet)
router.register("verification-claims", verification.PerformanceClaimViewSet)
router.register("verification-plans", verification.VerificationPlanViewSet)
router.register("verification-data-sets", verification.VerificationDataSetViewSet)
router.register("verification-statements", verification.VerificationStatementViewSet)
urlpatterns = router.urls
