from django import forms
from django.utils.translation import gettext_lazy


class SchemeVersionForm(forms.Form):
    source = forms.CharField(
        label=gettext_lazy("Definition (YAML)"),
        help_text=gettext_lazy(
            "In the format of the shipped schemes: a new version label for an existing scheme's "
            "code, or a new code for a new scheme. Errors name the line."
        ),
        widget=forms.Textarea(attrs={"rows": 30, "class": "font-monospace", "spellcheck": "false"}),
    )
