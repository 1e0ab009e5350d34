from typing import Any

from django.conf import settings
from django.http import HttpRequest

from gtis.core import navigation
from gtis.core.models import Notification


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page: the menu and the language switch."""
    user = getattr(request, "user", None)
    authenticated = getattr(user, "is_authenticated", False)
    return {
        "menu": navigation.menu_for(user),
        "debug_mode": settings.DEBUG,
        "unread_notifications": (
            Notification.objects.restrict(user).unread().count() if authenticated else 0
        ),
    }
