from typing import Any

from django import forms
from django.utils.translation import gettext_lazy
from django.utils.translation import gettext_lazy as _

from gtis.accounts.models import Department
from gtis.assessment.models import Application, SchemeVersion, Tier
from gtis.catalog.choices import EditionKind
from gtis.core.widgets import DateInput
from gtis.market.forms import CodesField


class SchemeVersionForm(forms.Form):
    source = forms.CharField(
        label=gettext_lazy("Definition (YAML)"),
        help_text=gettext_lazy(
            "In the format of the shipped schemes: a new version label for an existing scheme's "
            "code, or a new code for a new scheme. Errors name the line."
        ),
        widget=forms.Textarea(attrs={"rows": 30, "class": "font-monospace", "spellcheck": "false"}),
    )


class CampaignForm(forms.Form):
    version = forms.ModelChoiceField(
        label=gettext_lazy("Scheme version"),
        queryset=SchemeVersion.objects.select_related("scheme").order_by("scheme__code", "pk"),
    )
    title = forms.CharField(label=gettext_lazy("Title"), max_length=200)
    organiser = forms.ModelChoiceField(
        label=gettext_lazy("Organising department"), queryset=Department.objects.all()
    )
    tier = forms.ChoiceField(label=gettext_lazy("Tier"), choices=Tier.choices)
    opens_on = forms.DateField(label=gettext_lazy("Applications open"), widget=DateInput())
    closes_on = forms.DateField(label=gettext_lazy("Applications close"), widget=DateInput())
    publishes_catalogue = forms.ChoiceField(
        label=gettext_lazy("The decision publishes a catalogue"),
        help_text=gettext_lazy(
            "The passed applications become an edition of this catalogue, an entry each."
        ),
        choices=[("", gettext_lazy("No catalogue")), *EditionKind.choices],
        required=False,
    )


class ApplicationForm(forms.Form):
    """The form a scheme version generates: what is assessed and its fields, one field per fact
    an eligibility gate checks, a yes/no per mandatory item and the evidence per indicator."""

    subject = forms.CharField(
        label=gettext_lazy("What is assessed"),
        help_text=gettext_lazy("The factory, product, technology or team, by name."),
        max_length=200,
    )
    fields_ = CodesField(label=gettext_lazy("Technical fields"), required=False)

    def __init__(self, *args: Any, scheme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        for gate in scheme.gates:
            self.fields[f"fact_{gate.field}"] = _fact_field(gate)
        for item in scheme.mandatory:
            self.fields[f"mandatory_{item.code}"] = forms.TypedChoiceField(
                label=f"{item.code} {item.text}",
                help_text=gettext_lazy("Evidence: %(evidence)s") % {"evidence": item.evidence},
                choices=[("", "—"), ("1", gettext_lazy("Met")), ("0", gettext_lazy("Not met"))],
                coerce=lambda value: value == "1",
                empty_value=None,
                required=False,
            )
        for leaf in scheme.leaves():
            self.fields[f"evidence_{leaf.code}"] = forms.CharField(
                label=f"{leaf.code} {leaf.name}",
                help_text=str(leaf.evidence or ""),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def service_data(self) -> dict[str, Any]:
        """The cleaned data as save_application takes it."""
        data = self.cleaned_data
        return {
            "subject": data["subject"],
            "fields": data["fields_"],
            "facts": {
                g.field: data[f"fact_{g.field}"]
                for g in self.scheme.gates
                if data.get(f"fact_{g.field}") not in (None, "")
            },
            "mandatory": {
                m.code: data[f"mandatory_{m.code}"]
                for m in self.scheme.mandatory
                if data.get(f"mandatory_{m.code}") is not None
            },
            "evidence": {
                leaf.code: data[f"evidence_{leaf.code}"]
                for leaf in self.scheme.leaves()
                if data.get(f"evidence_{leaf.code}")
            },
        }

    @classmethod
    def initial_of(cls, application: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "subject": application.subject,
            "fields_": list(application.fields.all()),
        }
        initial |= {f"fact_{k}": v for k, v in application.facts.items()}
        initial |= {f"mandatory_{k}": "1" if v else "0" for k, v in application.mandatory.items()}
        initial |= {f"evidence_{k}": v for k, v in application.evidence.items()}
        return initial


def _fact_field(gate: Any) -> forms.Field:
    label = f"{gate.code} {gate.text}"
    if gate.operator == "true":
        return forms.TypedChoiceField(
            label=label,
            choices=[("", "—"), ("1", gettext_lazy("Yes")), ("0", gettext_lazy("No"))],
            coerce=lambda value: value == "1",
            empty_value=None,
            required=False,
        )
    if gate.operator == "in":
        options = [("", "—"), *((str(v), str(v)) for v in gate.threshold), ("other", _("Other"))]
        return forms.ChoiceField(label=label, choices=options, required=False)
    if gate.operator in ("gt", "gte", "lt", "lte"):
        unit = f" ({gate.unit})" if gate.unit else ""
        return forms.FloatField(label=f"{label}{unit}", required=False)
    return forms.CharField(label=label, required=False)


class PledgeForm(forms.Form):
    pledge = forms.BooleanField(
        label=gettext_lazy(
            "I pledge that everything in this application and its materials is true, and accept "
            "the consequences of any falsehood."
        ),
        required=False,
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ScoreSheetForm(forms.Form):
    """An expert's scoring sheet, generated from the scheme: for every scored indicator an
    entry of its scoring function's kind, and a comment."""

    def __init__(self, *args: Any, scheme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        for leaf in scheme.leaves():
            label = f"{leaf.code} {leaf.name}"
            self.fields[f"entry_{leaf.code}"] = _entry_field(leaf.scoring, label)
            self.fields[f"comment_{leaf.code}"] = forms.CharField(
                label=_("Comment on %(code)s") % {"code": leaf.code},
                required=False,
                widget=forms.Textarea(attrs={"rows": 1}),
            )

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        leaves = self.scheme.leaves()
        return {
            "entries": {
                leaf.code: data[f"entry_{leaf.code}"]
                for leaf in leaves
                if data.get(f"entry_{leaf.code}") not in (None, "")
            },
            "comments": {leaf.code: data.get(f"comment_{leaf.code}", "") for leaf in leaves},
        }

    @staticmethod
    def initial_of(sheet: Any) -> dict[str, Any]:
        initial = {f"entry_{code}": _as_initial(value) for code, value in sheet.entries.items()}
        return initial | {f"comment_{code}": text for code, text in sheet.comments.items()}


def _as_initial(value: Any) -> Any:
    if value is True or value is False:
        return "1" if value else "0"
    return value


def _entry_field(scoring: Any, label: str) -> forms.Field:
    help_text = scoring.describe()
    if scoring.kind == "pass_fail":
        return forms.TypedChoiceField(
            label=label,
            help_text=help_text,
            choices=[("", "—"), ("1", _("Pass")), ("0", _("Fail"))],
            coerce=lambda value: value == "1",
            empty_value=None,
            required=False,
        )
    if scoring.kind == "points_bands":
        choices = [("", "—")] + [
            (str(i), f"{band.label} ({band.points})") for i, band in enumerate(scoring.bands)
        ]
        return forms.TypedChoiceField(
            label=label, choices=choices, coerce=int, empty_value=None, required=False
        )
    if scoring.kind == "grade":
        return forms.ChoiceField(
            label=label,
            help_text=help_text,
            choices=[("", "—"), *((g, g) for g, _points in scoring.grade_points)],
            required=False,
        )
    if scoring.kind == "count_bands":
        return forms.IntegerField(label=label, help_text=help_text, min_value=0, required=False)
    return forms.DecimalField(label=label, help_text=help_text, required=False)


class ObjectionForm(forms.Form):
    application = forms.ModelChoiceField(
        label=gettext_lazy("Application objected to"), queryset=Application.objects.none()
    )
    name = forms.CharField(label=gettext_lazy("Your name or organisation"), max_length=100)
    contact = forms.CharField(label=gettext_lazy("Contact (phone or email)"), max_length=100)
    reasons = forms.CharField(
        label=gettext_lazy("Reasons"), widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = forms.CharField(
        label=gettext_lazy("Evidence"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, campaign: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["application"]
        field.queryset = campaign.applications.filter(proposed=True)
        field.label_from_instance = lambda application: application.subject


class ObjectionAnswerForm(forms.Form):
    answer = forms.CharField(label=gettext_lazy("Answer"), widget=forms.Textarea(attrs={"rows": 2}))
    upheld = forms.TypedChoiceField(
        label=gettext_lazy("Decision"),
        choices=[("0", gettext_lazy("Not upheld")), ("1", gettext_lazy("Upheld: off the list"))],
        coerce=lambda value: value == "1",
    )


class MaterialForm(forms.Form):
    indicator = forms.ChoiceField(label=gettext_lazy("For the item"))
    file = forms.FileField(label=gettext_lazy("File"))
    description = forms.CharField(label=gettext_lazy("Description"), max_length=150, required=False)

    def __init__(self, *args: Any, scheme: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        items = [(m.code, f"{m.code} {m.text}") for m in scheme.mandatory]
        items += [(leaf.code, f"{leaf.code} {leaf.name}") for leaf in scheme.leaves()]
        field: Any = self.fields["indicator"]
        field.choices = items


class ResolutionForm(forms.Form):
    """The organiser's record of the panel's decision on one application in the last round."""

    outcome = forms.ChoiceField(
        label=gettext_lazy("Panel's decision"),
        choices=[("passed", gettext_lazy("Passed")), ("failed", gettext_lazy("Failed"))],
    )
    reasons = forms.CharField(
        label=gettext_lazy("Reasons"),
        help_text=gettext_lazy(
            "Required to decide otherwise than the scores give; otherwise the scheme's decision "
            "in words is recorded."
        ),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
