"""An action on a record as its page and the API offer it (a deal's, a sale's…)."""

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Action:
    """Its service (which takes the actor, the record and the action's data), the permission
    it needs on the record, the states it may be taken in and any further condition on the
    record (`when`)."""

    service: Callable[..., Any]
    permission: str
    states: tuple[str, ...]
    when: Callable[[Any], bool] | None = None

    def open_to(self, user: Any, record: Any) -> bool:
        """Whether `user` may take it on `record` now (the service checks again)."""
        return (
            record.state in self.states
            and (self.when is None or self.when(record))
            and user.has_perm(self.permission, record)
        )


def available(actions: Mapping[str, Action], user: Any, record: Any) -> list[str]:
    """The names of the actions `user` may take on `record` now."""
    return [name for name, action in actions.items() if action.open_to(user, record)]
