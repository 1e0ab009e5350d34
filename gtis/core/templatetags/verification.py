from django import template
from django.db import models

from gtis.core import verifiers

register = template.Library()


@register.filter
def verification_url(record: models.Model) -> str:
    """The page that verifies `record` (see `gtis.core.verifiers`), or ""."""
    return verifiers.verification_url(record)
