"""Choices of the assessment engine."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SubjectKind(models.TextChoices):
    """What a scheme assesses."""

    ORGANISATION = "organisation", _("Organisation")
    SITE = "site", _("Site")
    LISTING = "listing", _("Technology listing")
    PRODUCT = "product", _("Product")
    PATENT_APPLICATION = "patent_application", _("Patent application")
    TEAM = "team", _("Team")
