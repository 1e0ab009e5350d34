from django.urls import path

from gtis.assessment import duty_views, round_views, tier_views, verification_views, views

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
    path("campaigns/<int:pk>/tier/", tier_views.campaign_tier_settings, name="campaign_tier"),
    path("campaigns/<int:pk>/quotas/", tier_views.campaign_quota, name="campaign_quota"),
    path("campaigns/<int:pk>/<str:action>/", views.campaign_act, name="campaign_act"),
    path("objections/<int:pk>/answer/", views.answer_objection, name="objection_answer"),
    path("certificates/<int:pk>/revoke/", views.revoke_certificate, name="certificate_revoke"),
    path("certificates/<int:pk>/re-review/", duty_views.re_review, name="certificate_re_review"),
    path("certificates/<int:pk>/renewal/", duty_views.request_renewal, name="renewal_request"),
    path("certificates/<str:code>/", views.verify_certificate, name="certificate_verify"),
    path("renewals/<int:pk>/decide/", duty_views.decide_renewal, name="renewal_decide"),
    path("obligations/", duty_views.obligation_list, name="obligation_list"),
    path("obligations/<int:pk>/", duty_views.obligation_detail, name="obligation_detail"),
    path(
        "obligations/<int:pk>/<str:action>/",
        duty_views.obligation_act,
        name="obligation_act",
    ),
    path("designation-actions/", duty_views.designation_actions, name="designation_actions"),
    path("certificates/<str:code>/pdf/", views.download_certificate, name="certificate_pdf"),
    path("applications/", views.my_applications, name="my_applications"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path(
        "applications/<int:pk>/edit/",
        views.ApplicationFormView.as_view(),
        name="application_edit",
    ),
    path("applications/<int:pk>/materials/", views.attach_material, name="application_attach"),
    path("applications/<int:pk>/claim/", verification_views.claim_edit, name="verification_claim"),
    path(
        "applications/<int:pk>/claims/",
        verification_views.claim_versions,
        name="verification_claims",
    ),
    path(
        "applications/<int:pk>/verification/plan/",
        verification_views.plan_edit,
        name="verification_plan",
    ),
    path(
        "applications/<int:pk>/verification/data/",
        verification_views.data_set_add,
        name="verification_data_add",
    ),
    path(
        "applications/<int:pk>/verification/<str:action>/",
        verification_views.verification_act,
        name="verification_act",
    ),
    path(
        "verification-data/<int:pk>/review/",
        verification_views.data_set_review,
        name="verification_data_review",
    ),
    path("verifications/<str:code>/", verification_views.statement, name="verification_statement"),
    path("applications/<int:pk>/recommend/", tier_views.recommend, name="recommend"),
    path(
        "applications/<int:pk>/evaluator/", tier_views.name_evaluator, name="application_evaluator"
    ),
    path(
        "applications/<int:pk>/liability-pledge/",
        tier_views.sign_liability_pledge,
        name="liability_pledge",
    ),
    path(
        "applications/<int:pk>/resolution/",
        round_views.record_resolution,
        name="application_resolve",
    ),
    path("applications/<int:pk>/<str:action>/", views.application_act, name="application_act"),
    path("evaluations/", tier_views.my_evaluations, name="my_evaluations"),
    path("reviews/<int:pk>/score/", views.score, name="score"),
    path("assignments/", views.my_assignments, name="my_assignments"),
    path(
        "assignments/<int:pk>/<str:answer>/",
        views.assignment_answer,
        name="assignment_answer",
    ),
]
