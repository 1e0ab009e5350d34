from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from gtis.core import audit
from gtis.core.models import AuditEvent

Handler = Callable[[HttpRequest], HttpResponse]


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault(
            "Content-Security-Policy", settings.GTIS_CONTENT_SECURITY_POLICY
        )
        return response


def allow_inline_styles(view: Handler) -> Handler:
    """Allow inline styles on one third-party page (Swagger UI); scripts stay strict."""

    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = view(request, *args, **kwargs)
        response.headers["Content-Security-Policy"] = settings.GTIS_CONTENT_SECURITY_POLICY.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'"
        )
        return response

    return wrapped


class LanguageMiddleware:
    """Chinese unless the user chose otherwise: their saved preference, else the cookie.

    The browser's Accept-Language is deliberately ignored: the platform speaks Chinese first.
    """

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        language = self.language_for(request)
        translation.activate(language)
        request.LANGUAGE_CODE = language  # type: ignore[attr-defined]
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        patch_vary_headers(response, ("Cookie",))
        return response

    @staticmethod
    def language_for(request: HttpRequest) -> str:
        supported = {code for code, _ in settings.LANGUAGES}
        user = getattr(request, "user", None)
        preferred = (
            getattr(user, "language", "") if getattr(user, "is_authenticated", False) else ""
        )
        if preferred in supported:
            return preferred
        cookie = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        return cookie if cookie in supported else settings.LANGUAGE_CODE


class AuditContextMiddleware:
    """Tags audit events with the request they came from; records permission denials."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        context = audit.RequestContext(
            ip_address=client_ip(request), path=request.path, request_id=audit.new_request_id()
        )
        with audit.request_context(context):
            return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> Any:
        if isinstance(exception, PermissionDenied):
            record_permission_denied(request, str(exception))
        return None


def record_permission_denied(request: HttpRequest, reason: str) -> None:
    audit.record(
        actor=getattr(request, "user", None),
        action="permission_denied",
        category=AuditEvent.Category.ACCESS,
        message=f"{request.method} {request.path}" + (f": {reason}" if reason else ""),
    )


def client_ip(request: HttpRequest) -> str | None:
    if getattr(settings, "USE_X_FORWARDED_HOST", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR") or None
