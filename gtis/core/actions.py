"""An action on a record as its page and the API offer it (a deal's, a sale's…)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Action:
    """Its service (which takes the actor, the record and the action's data), the permission
    it needs on the record and the states it may be taken in."""

    service: Callable[..., Any]
    permission: str
    states: tuple[str, ...]
