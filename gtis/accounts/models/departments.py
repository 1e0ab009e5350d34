from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.core.querysets import RestrictedQuerySet


class Department(models.Model):
    """A ministry or agency of the State Council named in the roadmap (reference data)."""

    code = models.SlugField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("official name"), max_length=100, unique=True)
    short_name = models.CharField(
        _("short name"),
        max_length=30,
        unique=True,
        help_text=_("The short form the roadmap uses, e.g. 科技部."),
    )
    name_en = models.CharField(_("English name"), max_length=150)
    abbreviation_en = models.CharField(_("English abbreviation"), max_length=20, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("accounts:department_detail", args=[self.code])

    @property
    def display_name(self) -> str:
        return self.name_en if (get_language() or "").startswith("en") else self.short_name

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return None
