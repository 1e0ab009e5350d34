from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from gtis.accounts.models import Department
from gtis.catalog.choices import EditionKind, EditionStatus
from gtis.core.widgets import DateInput


class EditionFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", "---------"), *EditionKind.choices]
    )
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", "---------"), *EditionStatus.choices]
    )


class EditionForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=EditionKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    document_number = forms.CharField(label=_("Document number"), max_length=60, required=False)
    issuing_departments = forms.ModelMultipleChoiceField(
        label=_("Issuing departments"), queryset=Department.objects.all(), required=False
    )


class EntryForm(forms.Form):
    key = forms.CharField(label=_("Number"), max_length=40)
    title = forms.CharField(label=_("Title"), max_length=300)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    scope = forms.CharField(
        label=_("Conditions or scope of application"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    node_codes = forms.CharField(
        label=_("Taxonomy codes"),
        required=False,
        help_text=_(
            "Codes of the 2019 guidance catalogue, separated by commas (e.g. 1.1.8, 1.5.2)."
        ),
    )
    refers_to = forms.CharField(
        label=_("Refers to (organisation)"),
        max_length=200,
        required=False,
        help_text=_("The credit code or exact name of the organisation the entry is about."),
    )
    banned_from = forms.DateField(label=_("Banned from"), required=False, widget=DateInput)
    replacement = forms.CharField(label=_("Replaced by"), max_length=300, required=False)

    def clean_node_codes(self) -> list[str]:
        value = self.cleaned_data["node_codes"].replace("，", ",").replace("、", ",")
        return [code.strip() for code in value.split(",") if code.strip()]


class NoticeForm(forms.Form):
    starts_on = forms.DateField(
        label=_("Public notice from"), widget=DateInput, initial=timezone.localdate
    )
    days = forms.IntegerField(label=_("Days"), min_value=1, max_value=90, initial=7)


class PublishForm(forms.Form):
    published_on = forms.DateField(
        label=_("Published on"), widget=DateInput, initial=timezone.localdate
    )


class ObjectionForm(forms.Form):
    name = forms.CharField(label=_("Your name or organisation"), max_length=100)
    contact = forms.CharField(label=_("Contact"), max_length=100)
    entry = forms.CharField(label=_("Entry number (optional)"), max_length=40, required=False)
    text = forms.CharField(label=_("Objection"), widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=_("Answer"),
        coerce=lambda v: v == "yes",
        choices=[("yes", _("Upheld")), ("no", _("Rejected"))],
    )
    response = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 2}))


class UploadForm(forms.Form):
    file = forms.FileField(
        label=_("Entries (.xlsx)"),
        help_text=_("Columns: 序号, 名称, 说明, 适用范围, 分类代码, 禁止日期, 替代技术."),
    )


class ClassifyForm(forms.Form):
    text = forms.CharField(
        label=_("Text"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class EliminationCheckForm(forms.Form):
    text = forms.CharField(
        label=_("Technology, equipment or description"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    on = forms.DateField(label=_("On"), widget=DateInput, initial=timezone.localdate)
