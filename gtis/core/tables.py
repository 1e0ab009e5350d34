"""Declarative tables for list pages: columns name what is shown, selectors prefetch it."""

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Column:
    label: str | Promise
    accessor: str | Callable[[Any], Any]
    link: bool = False
    order_by: str | None = None

    def value(self, obj: Any) -> Any:
        if callable(self.accessor):
            return self.accessor(obj)
        value = obj
        for part in self.accessor.split("__"):
            value = getattr(value, part, None)
            if value is None:
                return None
        display = getattr(obj, f"get_{self.accessor}_display", None)
        return display() if display and "__" not in self.accessor else value


def display(value: Any) -> str:
    """A value as a table shows it: empty, yes/no, local dates and numbers alike everywhere."""
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value)
    return str(formats.localize(value, use_l10n=True))


class Table:
    columns: list[Column] = []

    def __init__(self, rows: Iterable[Any], ordering: str = "") -> None:
        self.rows_source = rows
        self.ordering = ordering

    @property
    def headers(self) -> list[dict[str, Any]]:
        headers = []
        for column in self.columns:
            sort = None
            if column.order_by:
                sort = (
                    f"-{column.order_by}" if self.ordering == column.order_by else column.order_by
                )
            headers.append(
                {
                    "label": column.label,
                    "sort": sort,
                    "active": self.ordering.lstrip("-") == column.order_by,
                }
            )
        return headers

    def render_rows(self) -> SafeString:
        """The <tr> elements of the body, rendered in Python: tables are the hot path of lists."""
        rows = []
        for obj in self.rows_source:
            cells = []
            for column in self.columns:
                text = conditional_escape(display(column.value(obj)))
                if column.link and hasattr(obj, "get_absolute_url"):
                    text = format_html('<a href="{}">{}</a>', obj.get_absolute_url(), text)
                cells.append(f"<td>{text}</td>")
            rows.append(f"<tr>{''.join(cells)}</tr>")
        if not rows:
            empty = conditional_escape(_("Nothing matches."))
            rows.append(
                f'<tr><td colspan="{len(self.columns)}" class="text-muted">{empty}</td></tr>'
            )
        return mark_safe("".join(rows))

    @classmethod
    def orderable(cls) -> set[str]:
        return {col.order_by for col in cls.columns if col.order_by}
