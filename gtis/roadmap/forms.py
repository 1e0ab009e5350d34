from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gtis.accounts.models import Department
from gtis.core.widgets import DateInput
from gtis.roadmap.choices import ClaimedStatus, Completion, EscalationLevel, Results, Status
from gtis.roadmap.models import Deliverable, Indicator, StatusRules


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        if not data:
            return []
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files]


class AsOfForm(forms.Form):
    """The as-of date every roadmap page replays, plus the plan page's filters."""

    as_of = forms.DateField(label=_("As of"), required=False, widget=DateInput)
    department = forms.ModelChoiceField(
        label=_("Department"),
        queryset=Department.objects.all(),
        required=False,
        to_field_name="code",
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "---------"), *Status.choices]
    )
    year = forms.IntegerField(
        label=_("Due in year"), required=False, min_value=2000, max_value=2100
    )


class ReportForm(forms.Form):
    period_label = forms.CharField(
        label=_("Reporting period"), max_length=40, help_text=_("For example 2020年第二季度.")
    )
    reported_on = forms.DateField(label=_("As of"), widget=DateInput, initial=timezone.localdate)
    claimed_status = forms.ChoiceField(label=_("Status"), choices=ClaimedStatus.choices)
    percent = forms.IntegerField(label=_("Percent complete"), min_value=0, max_value=100)
    narrative = forms.CharField(label=_("Progress"), widget=forms.Textarea(attrs={"rows": 5}))
    evidence_links = forms.CharField(
        label=_("Evidence links"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("One web address per line."),
    )
    evidence_files = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, Word, Excel, WPS, OFD, images or ZIP; at most 20 MB each."),
    )

    def clean_evidence_links(self) -> list[str]:
        return [
            line.strip()
            for line in self.cleaned_data["evidence_links"].splitlines()
            if line.strip()
        ]


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        widget=forms.RadioSelect,
        choices=[("accept", _("Accept")), ("return", _("Return for changes"))],
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    completion = forms.ChoiceField(
        label=_("Completion (assessed)"),
        required=False,
        choices=[("", _("From the report")), *Completion.choices],
    )
    results = forms.ChoiceField(
        label=_("Results (assessed)"), required=False, choices=[("", "---------"), *Results.choices]
    )


class CloseForm(forms.Form):
    closed_on = forms.DateField(
        label=_("Closed (销号) on"), widget=DateInput, initial=timezone.localdate
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ParticipantsForm(forms.Form):
    departments = forms.ModelMultipleChoiceField(
        label=_("Participating departments"),
        queryset=Department.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class EscalationForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=EscalationLevel.choices)
    department = forms.ModelChoiceField(label=_("Addressed to"), queryset=Department.objects.all())
    occurred_on = forms.DateField(label=_("Date"), widget=DateInput, initial=timezone.localdate)
    respond_by = forms.DateField(label=_("Respond by"), widget=DateInput, required=False)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MeetingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput)
    title = forms.CharField(label=_("Title"), max_length=200)
    departments_present = forms.ModelMultipleChoiceField(
        label=_("Departments present"),
        queryset=Department.objects.all(),
        widget=forms.CheckboxSelectMultiple,
    )
    minutes = forms.CharField(
        label=_("Minutes"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 2}))
    owner = forms.ModelChoiceField(label=_("Owner department"), queryset=Department.objects.all())
    due_on = forms.DateField(label=_("Due"), widget=DateInput)
    deliverables = forms.ModelMultipleChoiceField(
        label=_("Deliverables"), queryset=Deliverable.objects.none(), required=False
    )

    def __init__(self, *args: Any, plan: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if plan is not None:
            field = self.fields["deliverables"]
            assert isinstance(field, forms.ModelMultipleChoiceField)
            field.queryset = plan.deliverables.order_by("number")


class BaselineForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    reason = forms.CharField(
        label=_("Reason"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required for every baseline after the first."),
    )


class StatusRulesForm(forms.ModelForm):
    class Meta:
        model = StatusRules
        fields = [
            "due_soon_days",
            "behind_points",
            "reporting_interval_days",
            "stale_after_days",
            "reminder_lead_days",
        ]


class IndicatorValueForm(forms.Form):
    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    measured_on = forms.DateField(
        label=_("Measured on"), widget=DateInput, initial=timezone.localdate
    )
    value = forms.DecimalField(label=_("Value"), max_digits=18, decimal_places=4)
    source = forms.CharField(label=_("Source"), max_length=200, required=False)

    def __init__(self, *args: Any, plan: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["indicator"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = plan.indicators.filter(metric_key="")


class LedgerUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Ledger (.xlsx)"),
        help_text=_("The ledger exported from this page, with the progress columns filled in."),
    )
