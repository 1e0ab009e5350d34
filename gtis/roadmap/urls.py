from django.urls import path

from gtis.roadmap import views

app_name = "roadmap"
urlpatterns = [
    path("", views.plan_list, name="plan_list"),
    path("my-department/", views.my_department, name="my_department"),
    path("reviews/", views.review_queue, name="review_queue"),
    path("meetings/", views.meeting_list, name="meeting_list"),
    path("meetings/<int:pk>/", views.meeting_detail, name="meeting_detail"),
    path("decisions/<int:pk>/done/", views.decision_done, name="decision_done"),
    path("reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("<slug:code>/", views.plan_detail, name="plan_detail"),
    path("<slug:code>/gantt/", views.plan_gantt, name="plan_gantt"),
    path("<slug:code>/gantt.json", views.plan_gantt_data, name="plan_gantt_data"),
    path("<slug:code>/baselines/", views.baselines, name="baselines"),
    path("<slug:code>/rules/", views.status_rules, name="status_rules"),
    path("<slug:code>/indicator-values/", views.indicator_value, name="indicator_value"),
    path("<slug:code>/meetings/new/", views.meeting_create, name="meeting_create"),
    path("<slug:code>/ledger.<str:fmt>", views.ledger_export, name="ledger_export"),
    path("<slug:code>/ledger/import/", views.ledger_import, name="ledger_import"),
    path(
        "<slug:code>/departments/<slug:department>/",
        views.department_detail,
        name="department_detail",
    ),
    path("<slug:code>/d/<int:number>/", views.deliverable_detail, name="deliverable_detail"),
    path("<slug:code>/d/<int:number>/report/", views.report_create, name="report_create"),
    path("<slug:code>/d/<int:number>/close/", views.deliverable_close, name="deliverable_close"),
    path(
        "<slug:code>/d/<int:number>/participants/",
        views.deliverable_participants,
        name="deliverable_participants",
    ),
    path(
        "<slug:code>/d/<int:number>/escalate/",
        views.deliverable_escalate,
        name="deliverable_escalate",
    ),
]
