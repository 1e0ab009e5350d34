from rest_framework.routers import DefaultRouter

from gtis.roadmap.api import views

router = DefaultRouter()
router.register("plans", views.PlanViewSet)
router.register("deliverables", views.DeliverableViewSet)
router.register("reports", views.ProgressReportViewSet)
router.register("meetings", views.MeetingViewSet)
router.register("baselines", views.BaselineViewSet)
router.register("indicators", views.IndicatorViewSet)
router.register("escalations", views.EscalationViewSet)
urlpatterns = router.urls
