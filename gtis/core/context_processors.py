from typing import Any

from django.conf import settings
from django.http import HttpRequest

from gtis.core import navigation


def shell(request: HttpRequest) -> dict[str, Any]:
    """What the base layout needs on every page: the menu and the language switch."""
    return {
        "menu": navigation.menu_for(getattr(request, "user", None)),
        "debug_mode": settings.DEBUG,
    }
