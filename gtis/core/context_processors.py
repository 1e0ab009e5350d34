from typing import Any

from django.conf import settings
from django.http import HttpRequest

from gtis.core import navigation
from gtis.core.models import Notification
from gtis.core.pagecache import CSRF_PLACEHOLDER


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page: the menu and the language switch (and, on a
    page cached for visitors, a placeholder for the CSRF token: see `pagecache`)."""
    user = getattr(request, "user", None)
    authenticated = getattr(user, "is_authenticated", False)
    placeholder = (
        {"csrf_token": CSRF_PLACEHOLDER} if getattr(request, "csrf_placeholder", 0) else {}
    )
    return {
        **placeholder,
        "menu": navigation.menu_for(user),
        "debug_mode": settings.DEBUG,
        "unread_notifications": (
            Notification.objects.restrict(user).unread().count() if authenticated else 0
        ),
    }
