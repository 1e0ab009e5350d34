"""The one permission filter every list page and API viewset applies."""

from typing import Any, Self

from django.db import models
from django.db.models import Q


class RestrictedQuerySet(models.QuerySet):
    """A queryset that knows which rows a user may see.

    A model opts in by defining `restriction(user, action) -> Q | None` as a classmethod:
    `None` means every row, a `Q` the rows the user may act on.
    """

    def restrict(self, user: Any, action: str = "view") -> Self:
        restriction = self.model.restriction(user, action)  # type: ignore[attr-defined]
        if restriction is None:
            return self
        return self.filter(restriction)


NOTHING = Q(pk__in=[])
