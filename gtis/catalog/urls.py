from django.urls import path

from gtis.catalog import views

app_name = "catalog"
urlpatterns = [
    path("", views.taxonomy_list, name="taxonomy_list"),
    path("classify/", views.classify, name="classify"),
    path("elimination-check/", views.elimination_check, name="elimination_check"),
    path("editions/", views.edition_list, name="edition_list"),
    path("editions/new/", views.edition_create, name="edition_create"),
    path("editions/diff/", views.edition_diff, name="edition_diff"),
    path("editions/<int:pk>/", views.edition_detail, name="edition_detail"),
    path("editions/<int:pk>/entries/new/", views.entry_form, name="entry_create"),
    path("editions/<int:pk>/entries/<int:entry>/", views.entry_form, name="entry_edit"),
    path("editions/<int:pk>/import/", views.edition_import, name="edition_import"),
    path("editions/<int:pk>/objections/", views.objection_create, name="objection_create"),
    path("editions/<int:pk>/export.<str:fmt>", views.edition_export, name="edition_export"),
    path("editions/<int:pk>/<slug:action>/", views.edition_action, name="edition_action"),
    path("objections/<int:pk>/answer/", views.objection_answer, name="objection_answer"),
    path("<slug:code>/", views.taxonomy_detail, name="taxonomy_detail"),
    path("<slug:code>/<path:node>/", views.node_detail, name="node_detail"),
]
