import functools
from typing import Any

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.assessment import schemes
from gtis.assessment.choices import SubjectKind


class Scheme(models.Model):
    """An assessment scheme (a recognition, an evaluation, a certification, a selection): the
    stable identity of its versions."""

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    name_en = models.CharField(_("name in English"), max_length=200)
    subject = models.CharField(_("subject"), max_length=20, choices=SubjectKind.choices)
    deliverables = models.JSONField(_("roadmap deliverables"), default=list)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment scheme")
        verbose_name_plural = _("assessment schemes")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("assessment:scheme_detail", args=[self.code])


class SchemeVersion(models.Model):
    """One version of a scheme, kept as the YAML it was written in; a campaign keeps the version
    it opened with, so versions are added, never rewritten once in use."""

    scheme = models.ForeignKey(Scheme, on_delete=models.CASCADE, related_name="versions")
    label = models.CharField(_("version"), max_length=80)
    source = models.TextField(_("definition (YAML)"))
    file_name = models.CharField(_("shipped file"), max_length=100, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scheme version")
        verbose_name_plural = _("scheme versions")
        ordering = ["scheme", "created_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["scheme", "label"], name="scheme_version_label_unique")
        ]

    def __str__(self) -> str:
        return f"{self.scheme.code} {self.label}"

    def get_absolute_url(self) -> str:
        return reverse("assessment:scheme_version", args=[self.scheme.code, self.pk])

    @property
    def definition(self) -> schemes.Scheme:
        """The version as its YAML defines it (parsed once per text)."""
        return _parsed(self.source, self.file_name or str(self))


@functools.lru_cache(maxsize=64)
def _parsed(source: str, name: str) -> Any:
    return schemes.parse(source, name)
