from rest_framework.routers import DefaultRouter

from gtis.assessment.api import duty_views, verification, views

router = DefaultRouter()
router.register("schemes", views.SchemeViewSet)
router.register("campaigns", views.CampaignViewSet)
router.register("applications", views.ApplicationViewSet)
router.register("assignments", views.AssignmentViewSet)
router.register("objections", views.ObjectionViewSet)
router.register("certificates", views.CertificateViewSet)
router.register("obligations", duty_views.ObligationViewSet)
router.register("designation-actions", duty_views.DesignationActionViewSet)
router.register("verification-claims", verification.PerformanceClaimViewSet)
router.register("verification-plans", verification.VerificationPlanViewSet)
router.register("verification-data-sets", verification.VerificationDataSetViewSet)
router.register("verification-statements", verification.VerificationStatementViewSet)
urlpatterns = router.urls
