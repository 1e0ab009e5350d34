"""Whole responses kept for anonymous visitors until the data behind them changes.

A page is cached per revision of its data (the caller's `revision()`), language, URL and the
headers that choose the representation (Accept, HX-Request). Each visitor still gets their own
CSRF token: the cached page is rendered with a placeholder (see `context_processors.shell`) that
is replaced on every response."""

import hashlib
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.middleware.csrf import get_token
from django.utils.translation import get_language

CSRF_PLACEHOLDER = "gtis-csrf-token-placeholder"
TTL = 600  # seconds: bounds how long a change the revision does not follow takes to show

View = Callable[..., HttpResponse]


def for_visitors(revision: Callable[[], object]) -> Callable[[View], View]:
    """Serve `view`'s successful GET responses to anonymous visitors from the cache, until
    `revision()` changes."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            return respond(request, revision, lambda: view(request, *args, **kwargs))

        return wrapped

    return decorate


def respond(
    request: Any, revision: Callable[[], object], make: Callable[[], HttpResponseBase]
) -> Any:
    """`make()`'s response, or for an anonymous visitor's GET the one kept since `revision()`
    last changed. `request` may be Django's or the API's (whose user the API authenticated)."""
    if not _cacheable(request):
        return make()
    key = _key(request, revision())
    kept = cache.get(key)
    if kept is None:
        request.csrf_placeholder = True
        response: Any = make()
        if callable(getattr(response, "render", None)):
            response.render()
        if response.streaming:
            return response
        if response.status_code != 200:
            response.content = _with_token(request, response.content)
            return response
        kept = (response.content, response["Content-Type"])
        cache.set(key, kept, TTL)
    content, content_type = kept
    return HttpResponse(_with_token(request, content), content_type=content_type)


def _cacheable(request: Any) -> bool:
    user = getattr(request, "user", None)
    return (
        request.method == "GET"
        and not getattr(user, "is_authenticated", False)
        and not len(get_messages(request))
    )


def _key(request: Any, revision: object) -> str:
    parts = [
        str(revision),
        get_language() or "",
        request.get_full_path(),
        request.headers.get("Accept", ""),
        request.headers.get("HX-Request", ""),
    ]
    return "page:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def _with_token(request: Any, content: bytes) -> bytes:
    if CSRF_PLACEHOLDER.encode() not in content:
        return content
    return content.replace(CSRF_PLACEHOLDER.encode(), get_token(request).encode())
