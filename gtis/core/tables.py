"""Declarative tables for list pages: columns name what is shown, selectors prefetch it."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise


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


@dataclass(frozen=True)
class Cell:
    value: Any
    url: str | None


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

    def rows(self) -> list[list[Cell]]:
        rows = []
        for obj in self.rows_source:
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
            rows.append([Cell(col.value(obj), url if col.link else None) for col in self.columns])
        return rows

    @classmethod
    def orderable(cls) -> set[str]:
        return {col.order_by for col in cls.columns if col.order_by}
