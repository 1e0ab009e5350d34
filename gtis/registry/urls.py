from django.urls import path

from gtis.registry import views

app_name = "registry"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("organisations/<int:pk>/", views.organisation_detail, name="organisation_detail"),
    path("import/", views.import_start, name="import_start"),
    path("import/<uuid:pk>/", views.import_detail, name="import_detail"),
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/new/", views.policy_form, name="policy_create"),
    path("policies/<int:pk>/", views.policy_detail, name="policy_detail"),
    path("policies/<int:pk>/edit/", views.policy_form, name="policy_edit"),
    path("standards/", views.standard_list, name="standard_list"),
    path("standards/<int:pk>/", views.standard_detail, name="standard_detail"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<slug:code>/", views.programme_detail, name="programme_detail"),
]
