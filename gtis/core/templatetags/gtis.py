from typing import Any

from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()

SELECT_WIDGETS = {"select", "selectmultiple", "nullboolean"}


@register.filter
def control(field: BoundField) -> SafeString:
    """Render a form field's widget with Bootstrap classes and its accessibility attributes."""
    widget_type = field.widget_type
    css = "form-select" if widget_type in SELECT_WIDGETS else "form-control"
    attrs: dict[str, Any] = {"class": css + (" is-invalid" if field.errors else "")}
    described_by = []
    if field.help_text:
        described_by.append(f"{field.auto_id}_helptext")
    if field.errors:
        attrs["aria-invalid"] = "true"
        described_by.append(f"{field.auto_id}_errors")
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    return field.as_widget(attrs=attrs)
