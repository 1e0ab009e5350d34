from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Department
from gtis.core.querysets import NOTHING, RestrictedQuerySet
from gtis.roadmap.models.plans import Deliverable, Plan


class CoordinationMeeting(models.Model):
    """A meeting of the inter-ministerial coordination mechanism (deliverable 43)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=200)
    departments_present = models.ManyToManyField(
        Department, verbose_name=_("departments present"), related_name="+", blank=True
    )
    minutes = models.TextField(_("minutes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[departments_present])

    class Meta:
        verbose_name = _("coordination meeting")
        verbose_name_plural = _("coordination meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on:%Y-%m-%d} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:meeting_detail", args=[self.pk])

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return None if getattr(user, "is_authenticated", False) else NOTHING


class Decision(models.Model):
    """A decision of a meeting: an action item with an owner department and a due date."""

    meeting = models.ForeignKey(
        CoordinationMeeting, on_delete=models.CASCADE, related_name="decisions"
    )
    text = models.TextField(_("decision"))
    owner = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("owner")
    )
    due_on = models.DateField(_("due"))
    deliverables = models.ManyToManyField(
        Deliverable, verbose_name=_("deliverables"), related_name="decisions", blank=True
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)

    history = HistoricalRecords(m2m_fields=[deliverables])

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["due_on", "id"]

    def __str__(self) -> str:
        return self.text[:60]
