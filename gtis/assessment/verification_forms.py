"""Forms of ISO 14034 verification: the claim's parameters, the plan, a test data set with
its measured values, the review of a data set and the report."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from gtis.accounts.models import Organisation
from gtis.assessment.models import Application, DataOrigin, PerformanceClaim, VerificationPlan
from gtis.core.widgets import DateInput
from gtis.market.models import Benefit, Listing


class ClaimParameterForm(forms.Form):
    """One claimed parameter; a row left empty is ignored."""

    name = forms.CharField(label=_("Parameter"), max_length=100)
    unit = forms.CharField(label=_("Unit"), max_length=30)
    minimum = forms.DecimalField(label=_("Minimum"), max_digits=16, decimal_places=4)
    maximum = forms.DecimalField(label=_("Maximum"), max_digits=16, decimal_places=4)
    operating_conditions = forms.CharField(
        label=_("Operating conditions"), widget=forms.Textarea(attrs={"rows": 2})
    )
    medium = forms.CharField(label=_("Medium"), max_length=100, required=False)


ClaimParameterFormSet = forms.formset_factory(ClaimParameterForm, extra=2)


class ClaimForm(forms.Form):
    """The listing and benefit the claim stands behind, and what changed in this version."""

    listing = forms.ModelChoiceField(
        label=_("Market listing"), queryset=Listing.objects.none(), required=False
    )
    benefit = forms.ModelChoiceField(
        label=_("Green benefit the claim verifies"),
        queryset=Benefit.objects.none(),
        required=False,
    )
    note = forms.CharField(label=_("What changed"), max_length=300, required=False)

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        listings = Listing.objects.filter(owner=application.applicant_id).order_by("title", "pk")
        self.fields["listing"].queryset = listings  # type: ignore[attr-defined]
        self.fields["benefit"].queryset = Benefit.objects.filter(  # type: ignore[attr-defined]
            listing__in=listings
        ).select_related("listing")

    @staticmethod
    def initial_of(claim: PerformanceClaim | None) -> dict[str, Any]:
        if claim is None:
            return {}
        return {"listing": claim.listing_id, "benefit": claim.benefit_id}


def claim_parameters_initial(claim: PerformanceClaim | None) -> list[dict[str, Any]]:
    if claim is None:
        return []
    return [
        {
            "name": p.name,
            "unit": p.unit,
            "minimum": p.minimum_text,
            "maximum": p.maximum_text,
            "operating_conditions": p.operating_conditions,
            "medium": p.medium,
        }
        for p in claim.parameters.all()
    ]


class PlanForm(forms.Form):
    verifier = forms.ModelChoiceField(
        label=_("Verification body"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
        help_text=_(
            "An inspection body accredited to ISO/IEC 17020, independent of the applicant."
        ),
    )
    parameters = forms.MultipleChoiceField(
        label=_("Claimed parameters to verify"), widget=forms.CheckboxSelectMultiple
    )
    test_methods = forms.CharField(
        label=_("Test methods"),
        help_text=_("Sampling, measurement and calculation methods, and the baseline."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    data_requirements = forms.CharField(
        label=_("Test data needed"),
        help_text=_("Which data sets, how many values, and the data-quality requirements."),
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(
        self, *args: Any, claim: PerformanceClaim | None, appoints: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        names = [p.name for p in claim.parameters.all()] if claim else []
        self.fields["parameters"].choices = [(n, n) for n in names]  # type: ignore[attr-defined]
        if not appoints:
            del self.fields["verifier"]

    @staticmethod
    def initial_of(plan: VerificationPlan | None) -> dict[str, Any]:
        if plan is None:
            return {}
        return {
            "verifier": plan.verifier_id,
            "parameters": plan.parameters,
            "test_methods": plan.test_methods,
            "data_requirements": plan.data_requirements,
        }


class DataSetForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    origin = forms.ChoiceField(label=_("Origin"), choices=DataOrigin.choices)
    lab = forms.ModelChoiceField(
        label=_("Test body or laboratory"),
        queryset=Organisation.objects.filter(is_active=True).order_by("name"),
    )
    accreditation = forms.CharField(
        label=_("Accreditation"),
        max_length=60,
        required=False,
        help_text=_("Such as CNAS L1234 (ISO/IEC 17025); empty when the lab is not accredited."),
    )
    tested_on = forms.DateField(label=_("Tested on"), required=False, widget=DateInput())
    operating_conditions = forms.CharField(
        label=_("Operating conditions during the tests"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    file = forms.FileField(label=_("Test report (file)"), required=False)


class MeasurementForm(forms.Form):
    """One measured value of a planned parameter; a row left empty is ignored."""

    parameter = forms.ChoiceField(label=_("Parameter"))
    value = forms.DecimalField(label=_("Value"), max_digits=16, decimal_places=4)

    def __init__(self, *args: Any, parameters: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parameter"].choices = [("", "—")] + [  # type: ignore[attr-defined]
            (name, name) for name in parameters
        ]


MeasurementFormSet = forms.formset_factory(MeasurementForm, extra=6)


class DataSetReviewForm(forms.Form):
    accepted = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept against the plan")), ("0", _("Do not accept"))],
        coerce=lambda value: value == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReportForm(forms.Form):
    conclusions = forms.CharField(label=_("Conclusions"), widget=forms.Textarea(attrs={"rows": 4}))


# The form each verifier action on an application takes, on its page and in the API.
ACTION_FORMS: dict[str, type[forms.Form]] = {"report": ReportForm, "issue": forms.Form}


def filled(formset: Any) -> list[dict[str, Any]]:
    """The cleaned rows of a valid formset that were filled in."""
    return [form.cleaned_data for form in formset.forms if form.cleaned_data]
