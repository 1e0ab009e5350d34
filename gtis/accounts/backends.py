from typing import Any

from django.contrib.auth.backends import ModelBackend


class LockoutAwareModelBackend(ModelBackend):
    """The usual username/password check, refusing accounts locked after failed logins."""

    def user_can_authenticate(self, user: Any) -> bool:
        return super().user_can_authenticate(user) and not getattr(user, "is_locked", False)
