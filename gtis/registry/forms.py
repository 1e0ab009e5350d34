"""Forms of the registry's pages: plain forms built from the models' fields, whose cleaned data
goes to a service (a model form would change the record before the service sees it)."""

from typing import Any

from django import forms
from django.db import models
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from gtis.accounts.fields import OrganisationField, OrganisationsField
from gtis.accounts.models import Organisation
from gtis.core.forms import AttachmentForm
from gtis.core.widgets import DateInput
from gtis.registry import selectors, services
from gtis.registry.models import (
    CreditRecord,
    DeclaredRelationship,
    Designation,
    Event,
    Expert,
    Network,
    NetworkMembership,
    PastAffiliation,
    Site,
    Standard,
)


def _form_field(field: Any, **kwargs: Any) -> forms.Field | None:
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)  # type: ignore[no-any-return]


def record_form(model: type[Model], field_names: list[str], **overrides: Any) -> type[forms.Form]:
    """A form with the model's own labels, choices and validators for `field_names`."""
    fields = forms.fields_for_model(
        model,
        fields=field_names,
        formfield_callback=_form_field,  # type: ignore[arg-type]
        widgets={
            field.name: DateInput()
            for field in model._meta.concrete_fields
            if field.get_internal_type() == "DateField"
        },
    )
    for name, field in list(fields.items()):
        queryset = getattr(field, "queryset", None)
        if queryset is not None and queryset.model is Organisation:
            chooser = (
                OrganisationsField
                if isinstance(field, forms.ModelMultipleChoiceField)
                else OrganisationField
            )
            fields[name] = chooser(
                label=field.label, required=field.required, help_text=field.help_text or ""
            )
    fields.update(overrides)
    return type(f"{model.__name__}Form", (forms.Form,), fields)


ExpertForm = record_form(
    Expert,
    [name for name in services.EXPERT_FIELDS if name != "user"],
    fields_of_work=forms.ModelMultipleChoiceField(
        label=_("Fields"),
        queryset=selectors.field_nodes(),
        required=False,
        help_text=_("Categories of the 2019 Green Industry Guidance Catalogue."),
    ),
)
PastAffiliationForm = record_form(
    PastAffiliation, ["organisation", "position", "started_on", "ended_on"]
)
RelationshipForm = record_form(
    DeclaredRelationship, ["organisation", "kind", "description", "ends_on"]
)
NetworkForm = record_form(Network, services.NETWORK_FIELDS)
MemberForm = record_form(NetworkMembership, ["organisation", "role", "joined_on"])
SiteForm = record_form(Site, services.SITE_FIELDS)
EventForm = record_form(Event, [*services.EVENT_FIELDS, "organisers", "participants"])
StandardForm = record_form(Standard, [*services.STANDARD_FIELDS, "deliverables"])
DesignateForm = record_form(
    Designation, ["programme", "title", "batch", "designated_on", "valid_until", "source_document"]
)
DesignateForm.base_fields["designated_on"].required = True
RenewForm = record_form(Designation, ["valid_until", "source_document"])
RenewForm.base_fields["renewed_on"] = forms.DateField(label=_("Renewed on"), widget=DateInput())
RenewForm.base_fields["valid_until"].required = False
RenewForm.base_fields["valid_until"].help_text = _(
    "Empty: the programme's validity from the renewal date."
)


class RevokeForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


CREDIT_RECORD_FIELDS = [
    "kind",
    "authority",
    "document_number",
    "decided_on",
    "in_force_until",
    "summary",
]
CreditRecordForm = record_form(CreditRecord, CREDIT_RECORD_FIELDS)
CreditRecordForm.base_fields["summary"].widget.attrs["rows"] = 2


class RepairCreditRecordForm(forms.Form):
    repaired_on = forms.DateField(label=_("Repaired or withdrawn on"), widget=DateInput())
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("The decision or the circumstance that repairs or withdraws the record."),
    )


class CharterForm(AttachmentForm):
    file = forms.FileField(label=_("Charter"))
