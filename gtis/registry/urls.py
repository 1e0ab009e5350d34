from django.urls import path

from gtis.registry.views import (
    credit,
    directory,
    documents,
    events,
    networks,
    people,
    sheets,
    sites,
)

app_name = "registry"
urlpatterns = [
    path("", directory.directory, name="directory"),
    path("organisations/<int:pk>/", directory.organisation_detail, name="organisation_detail"),
    path("programmes/", directory.programme_list, name="programme_list"),
    path("programmes/<slug:code>/", directory.programme_detail, name="programme_detail"),
    path(
        "organisations/<int:pk>/designate/",
        directory.designate,
        {"subject": "organisation"},
        name="designate_organisation",
    ),
    path(
        "sites/<int:pk>/designate/", directory.designate, {"subject": "site"}, name="designate_site"
    ),
    path("designations/<int:pk>/renew/", directory.RenewView.as_view(), name="designation_renew"),
    path(
        "designations/<int:pk>/revoke/", directory.RevokeView.as_view(), name="designation_revoke"
    ),
    path(
        "organisations/<int:pk>/credit-records/",
        credit.record_credit_event,
        name="credit_record_create",
    ),
    path(
        "credit-records/<int:pk>/repair/",
        credit.RepairCreditRecordView.as_view(),
        name="credit_record_repair",
    ),
    path("experts/", people.ExpertListView.as_view(), name="expert_list"),
    path("experts/new/", people.ExpertFormView.as_view(), name="expert_create"),
    path("experts/<int:pk>/", people.expert_detail, name="expert_detail"),
    path("experts/<int:pk>/edit/", people.ExpertFormView.as_view(), name="expert_edit"),
    path(
        "experts/<int:pk>/past-affiliations/",
        people.expert_add_tie,
        {"kind": "past"},
        name="expert_add_past_affiliation",
    ),
    path(
        "experts/<int:pk>/relationships/",
        people.expert_add_tie,
        {"kind": "relationship"},
        name="expert_declare_relationship",
    ),
    path(
        "experts/<int:pk>/past-affiliations/<int:tie_pk>/remove/",
        people.expert_remove_tie,
        {"kind": "past"},
        name="expert_remove_past_affiliation",
    ),
    path(
        "experts/<int:pk>/relationships/<int:tie_pk>/remove/",
        people.expert_remove_tie,
        {"kind": "relationship"},
        name="expert_remove_relationship",
    ),
    path("networks/", networks.NetworkListView.as_view(), name="network_list"),
    path("networks/new/", networks.NetworkFormView.as_view(), name="network_create"),
    path("networks/<int:pk>/", networks.network_detail, name="network_detail"),
    path("networks/<int:pk>/edit/", networks.NetworkFormView.as_view(), name="network_edit"),
    path("networks/<int:pk>/members/", networks.network_set_member, name="network_set_member"),
    path(
        "networks/<int:pk>/members/<int:member_pk>/remove/",
        networks.network_remove_member,
        name="network_remove_member",
    ),
    path("networks/<int:pk>/charter/", networks.network_attach_charter, name="network_charter"),
    path("sites/", sites.SiteListView.as_view(), name="site_list"),
    path("sites/new/", sites.SiteFormView.as_view(), name="site_create"),
    path("sites/<int:pk>/", sites.site_detail, name="site_detail"),
    path("sites/<int:pk>/edit/", sites.SiteFormView.as_view(), name="site_edit"),
    path("events/", events.EventListView.as_view(), name="event_list"),
    path("events/new/", events.EventFormView.as_view(), name="event_create"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", events.EventFormView.as_view(), name="event_edit"),
    path("policies/", documents.policy_list, name="policy_list"),
    path("policies/new/", documents.policy_form, name="policy_create"),
    path("policies/<int:pk>/", documents.policy_detail, name="policy_detail"),
    path("policies/<int:pk>/edit/", documents.policy_form, name="policy_edit"),
    path("standards/", documents.standard_list, name="standard_list"),
    path("standards/new/", documents.StandardFormView.as_view(), name="standard_create"),
    path("standards/<int:pk>/", documents.standard_detail, name="standard_detail"),
    path("standards/<int:pk>/edit/", documents.StandardFormView.as_view(), name="standard_edit"),
    # Bulk import and export of registry sheets
    path("import/", sheets.import_start, name="import_start"),
    path("import/<uuid:pk>/", sheets.import_detail, name="import_detail"),
    path("import/template/<slug:kind>.xlsx", sheets.import_template, name="import_template"),
    path("export/<slug:kind>.<str:fmt>", sheets.export, name="export"),
]
