from django.urls import path

from gtis.registry.views import directory, documents, sheets

app_name = "registry"
urlpatterns = [
    path("", directory.directory, name="directory"),
    path("organisations/<int:pk>/", directory.organisation_detail, name="organisation_detail"),
    path("programmes/", directory.programme_list, name="programme_list"),
    path("programmes/<slug:code>/", directory.programme_detail, name="programme_detail"),
    path("policies/", documents.policy_list, name="policy_list"),
    path("policies/new/", documents.policy_form, name="policy_create"),
    path("policies/<int:pk>/", documents.policy_detail, name="policy_detail"),
    path("policies/<int:pk>/edit/", documents.policy_form, name="policy_edit"),
    path("standards/", documents.standard_list, name="standard_list"),
    path("standards/<int:pk>/", documents.standard_detail, name="standard_detail"),
    # Bulk import and export of registry sheets
    path("import/", sheets.import_start, name="import_start"),
    path("import/<uuid:pk>/", sheets.import_detail, name="import_detail"),
]
