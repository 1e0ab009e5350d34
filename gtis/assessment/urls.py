from django.urls import path

from gtis.assessment import round_views, views

app_name = "assessment"
urlpatterns = [
    path("", views.scheme_list, name="scheme_list"),
    path("schemes/new/", views.SchemeVersionCreateView.as_view(), name="scheme_version_create"),
    path("schemes/<slug:code>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<slug:code>/<int:pk>/", views.scheme_detail, name="scheme_version"),
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/new/", views.CampaignCreateView.as_view(), name="campaign_create"),
    path("campaigns/<int:pk>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:campaign>/apply/", views.ApplicationFormView.as_view(), name="apply"),
    path("campaigns/<int:pk>/objections/", views.object_to, name="object"),
    path("campaigns/<int:pk>/<str:action>/", views.campaign_act, name="campaign_act"),
    path("objections/<int:pk>/answer/", views.answer_objection, name="objection_answer"),
    path("certificates/<int:pk>/revoke/", views.revoke_certificate, name="certificate_revoke"),
    path("certificates/<str:code>/", views.verify_certificate, name="certificate_verify"),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/edit/",
        views.ApplicationFormView.as_view(),
        name="application_edit",
    ),
    path("applications/<int:pk>/materials/", views.attach_material, name="application_attach"),
    path(
        "applications/<int:pk>/resolution/",
        round_views.record_resolution,
        name="application_resolve",
    ),
    path("applications/<int:pk>/<str:action>/", views.application_act, name="application_act"),
    path("reviews/<int:pk>/score/", views.score, name="score"),
    path("assignments/", views.my_assignments, name="my_assignments"),
    path(
        "assignments/<int:pk>/<str:answer>/",
        views.assignment_answer,
        name="assignment_answer",
    ),
]
