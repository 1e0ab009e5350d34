"""Choosing organisations in forms by typing: a name or a credit code, with suggestions as the
user types (an <input> with a <datalist> that htmx fills), never a select of thousands."""

import re
from typing import Any

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gtis.accounts.models import Organisation
from gtis.accounts.regions import Province, province_code
from gtis.accounts.validators import normalise_uscc

LABELLED = re.compile(r"^(?P<name>.+?)\s*[（(](?P<key>[^（）()]+)[）)]$")


def label(organisation: Organisation) -> str:
    """How an organisation is written in a chooser: its name and credit code (or province)."""
    key = organisation.credit_code or (
        str(Province(organisation.province).label) if organisation.province else ""
    )
    return f"{organisation.name}（{key}）" if key else organisation.name


def resolve(text: str, queryset: Any = None) -> Organisation:
    """The organisation `text` names: a credit code, "name（credit code or province）" as the
    suggestions write it, or a name only one organisation has."""
    queryset = queryset if queryset is not None else Organisation.objects.all()
    text = text.strip()
    code = normalise_uscc(text)
    if len(code) == 18 and (found := queryset.filter(credit_code=code).first()):
        return found  # type: ignore[no-any-return]
    match = LABELLED.match(text)
    if match:
        name, key = match["name"].strip(), match["key"].strip()
        candidates = queryset.filter(name=name)
        by_key = candidates.filter(credit_code=normalise_uscc(key)) or candidates.filter(
            province=province_code(key) or _province_by_label(key)
        )
        if len(by_key) == 1:
            return by_key[0]  # type: ignore[no-any-return]
        text = name
    named = list(queryset.filter(name=text)[:2])
    if len(named) == 1:
        return named[0]
    if named:
        raise forms.ValidationError(
            _("Several organisations are called “%(name)s”: pick one from the suggestions.")
            % {"name": text},
            code="ambiguous",
        )
    raise forms.ValidationError(
        _("No organisation “%(name)s” is registered: check the name or credit code.")
        % {"name": text},
        code="unknown",
    )


def _province_by_label(text: str) -> str:
    return next((code for code, name in Province.choices if str(name) == text), "")


class OrganisationInput(forms.TextInput):
    template_name = "accounts/widgets/organisation_input.html"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(
            {
                "autocomplete": "off",
                "hx-get": reverse_lazy("accounts:organisation_suggest"),
                "hx-trigger": "input changed delay:250ms",
                "hx-swap": "innerHTML",
                **(attrs or {}),
            }
        )

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        widget_attrs = context["widget"]["attrs"]
        options = f"{widget_attrs.get('id', name)}-options"
        widget_attrs.update({"list": options, "hx-target": f"#{options}"})
        context["widget"]["options_id"] = options
        return context

    def format_value(self, value: Any) -> str | None:
        if isinstance(value, Organisation):
            return label(value)
        if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
            found = Organisation.objects.filter(pk=value).first()
            return label(found) if found else str(value)
        return super().format_value(value)


class OrganisationField(forms.Field):
    """An organisation typed by name or credit code."""

    widget = OrganisationInput
    default_error_messages = {"required": gettext_lazy("Name the organisation.")}

    def __init__(self, *, queryset: Any = None, **kwargs: Any) -> None:
        self.queryset = queryset
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Organisation | None:
        if isinstance(value, Organisation):
            return value
        if value in self.empty_values:
            return None
        return resolve(str(value), self.queryset)


class OrganisationsField(forms.Field):
    """Several organisations, one per line (name or credit code)."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, queryset: Any = None, **kwargs: Any) -> None:
        self.queryset = queryset
        kwargs.setdefault(
            "help_text", gettext_lazy("One organisation per line: its name or credit code.")
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, list | tuple) or hasattr(value, "all"):
            items = value.all() if hasattr(value, "all") else value
            return "\n".join(label(o) if isinstance(o, Organisation) else str(o) for o in items)
        return value

    def to_python(self, value: Any) -> list[Organisation]:
        if isinstance(value, list):
            return value
        found, errors = [], []
        for line in str(value or "").splitlines():
            if line.strip():
                try:
                    found.append(resolve(line, self.queryset))
                except forms.ValidationError as error:
                    errors.extend(error.messages)
        if errors:
            raise forms.ValidationError(errors)
        return list(dict.fromkeys(found))
