"""Forms of the after-designation pages: an obligation's submission and review, a re-review
(复核) and a renewal request and its decision."""

from django import forms
from django.utils.translation import gettext_lazy

from gtis.assessment.duties import RE_REVIEW_OUTCOMES


class ObligationSubmitForm(forms.Form):
    report = forms.CharField(
        label=gettext_lazy("Report"),
        help_text=gettext_lazy("What was done in the period, as the duty asks."),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )
    figures = forms.CharField(
        label=gettext_lazy("Figures"),
        help_text=gettext_lazy("One per line: name = number, e.g. energy_per_output = 0.82"),
        widget=forms.Textarea(attrs={"rows": 4, "class": "font-monospace"}),
        required=False,
    )
    file = forms.FileField(label=gettext_lazy("Form or report file"), required=False)

    def clean_figures(self) -> dict[str, str]:
        figures: dict[str, str] = {}
        for number, line in enumerate(self.cleaned_data["figures"].splitlines(), start=1):
            if not line.strip():
                continue
            name, equals, value = line.partition("=")
            if not equals or not name.strip():
                raise forms.ValidationError(
                    gettext_lazy("Line %(line)d: write name = number.") % {"line": number}
                )
            figures[name.strip()] = value.strip()
        return figures


class CommentForm(forms.Form):
    comment = forms.CharField(
        label=gettext_lazy("Comments"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


class ReReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"),
        choices=list(
            zip(
                RE_REVIEW_OUTCOMES,
                [
                    gettext_lazy("Suspend the designation"),
                    gettext_lazy("Lift the suspension"),
                    gettext_lazy("Remove: revoke the certificate and the designation"),
                ],
                strict=True,
            )
        ),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason (public)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )


class RenewalRequestForm(forms.Form):
    statement = forms.CharField(
        label=gettext_lazy("Statement"),
        help_text=gettext_lazy("How the subject still meets the scheme; the re-review reads it."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
    )


class RenewalDecisionForm(forms.Form):
    grant = forms.TypedChoiceField(
        label=gettext_lazy("Re-review"),
        choices=[("1", gettext_lazy("Grant the renewal")), ("0", gettext_lazy("Refuse"))],
        coerce=lambda value: value == "1",
    )
    decision = forms.CharField(
        label=gettext_lazy("Conclusion"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )
