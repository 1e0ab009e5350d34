"""Django's sign-in signals, handed to the services that count failures and audit them."""

from typing import Any

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from gtis.accounts import services


@receiver(user_login_failed, dispatch_uid="gtis_login_failed")
def on_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    username = credentials.get("username") or ""
    if username:
        services.register_failed_login(username=username)


@receiver(user_logged_in, dispatch_uid="gtis_logged_in")
def on_logged_in(sender: Any, user: Any, **kwargs: Any) -> None:
    services.register_successful_login(user=user)


@receiver(user_logged_out, dispatch_uid="gtis_logged_out")
def on_logged_out(sender: Any, user: Any, **kwargs: Any) -> None:
    services.register_logout(user=user)
