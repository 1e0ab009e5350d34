from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_fsm import FSMField, transition
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Department
from gtis.core.querysets import NOTHING, RestrictedQuerySet
from gtis.core.roles import STAFF_ROLES
from gtis.roadmap.choices import (
    ClaimedStatus,
    Completion,
    EscalationLevel,
    ReportState,
    Results,
)
from gtis.roadmap.models.plans import Deliverable, DeliverableDepartment


class ProgressReportQuerySet(RestrictedQuerySet):
    def accepted(self) -> "ProgressReportQuerySet":
        return self.filter(state=ReportState.ACCEPTED)


class ProgressReport(models.Model):
    """A department's account of progress on a deliverable, reviewed by the coordinating office."""

    deliverable = models.ForeignKey(Deliverable, on_delete=models.CASCADE, related_name="reports")
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("department")
    )
    period_label = models.CharField(
        _("reporting period"), max_length=40, help_text=_("For example 2020年第二季度.")
    )
    reported_on = models.DateField(_("as of"), help_text=_("The date this report describes."))
    claimed_status = models.CharField(
        _("claimed status"), max_length=16, choices=ClaimedStatus.choices
    )
    percent = models.PositiveSmallIntegerField(
        _("percent complete"), validators=[MaxValueValidator(100)]
    )
    narrative = models.TextField(_("progress"))
    evidence_links = models.JSONField(_("evidence links"), default=list, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted"))
    state = FSMField(
        _("state"),
        max_length=16,
        choices=ReportState.choices,
        default=ReportState.SUBMITTED,
        protected=False,
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    review_comment = models.TextField(_("review comment"), blank=True)
    completion = models.CharField(
        _("completion (assessed)"), max_length=16, choices=Completion.choices, blank=True
    )
    results = models.CharField(
        _("results (assessed)"), max_length=16, choices=Results.choices, blank=True
    )

    objects = ProgressReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        ordering = ["deliverable", "-reported_on", "-id"]
        indexes = [
            models.Index(fields=["deliverable", "state", "reported_on"], name="report_status_idx")
        ]
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="report_percent_max_100"),
        ]

    def __str__(self) -> str:
        return f"{self.deliverable.number} · {self.period_label}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:report_detail", args=[self.pk])

    @transition(field=state, source=ReportState.SUBMITTED, target=ReportState.ACCEPTED)
    def accept(self) -> None:
        """Coordinating office: the report is verified (side effects in services.review_report)."""

    @transition(field=state, source=ReportState.SUBMITTED, target=ReportState.RETURNED)
    def return_for_changes(self) -> None:
        """Coordinating office: sent back to the department with a comment."""

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        if not getattr(user, "is_authenticated", False):
            return Q(state=ReportState.ACCEPTED, deliverable__plan__is_published=True)
        if user.role in STAFF_ROLES:
            return None
        visible = Q(state=ReportState.ACCEPTED, deliverable__plan__is_published=True)
        if user.department_id:
            # A subquery, not a join: a join would repeat a report once per department link.
            visible |= Q(
                deliverable__in=DeliverableDepartment.objects.filter(
                    department_id=user.department_id
                ).values("deliverable_id")
            )
        return visible


class EscalationEvent(models.Model):
    """One step of 督查督办 on a deliverable: reminder, warning, 约谈 or 通报."""

    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.CASCADE, related_name="escalations"
    )
    level = models.CharField(_("level"), max_length=16, choices=EscalationLevel.choices)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="+", verbose_name=_("addressed to")
    )
    occurred_on = models.DateField(_("date"))
    note = models.TextField(_("note"), blank=True)
    respond_by = models.DateField(_("respond by"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("escalation")
        verbose_name_plural = _("escalations")
        ordering = ["deliverable", "occurred_on", "id"]

    def __str__(self) -> str:
        return f"{self.get_level_display()} · {self.deliverable.number}"

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        if not getattr(user, "is_authenticated", False):
            return NOTHING
        if user.role in STAFF_ROLES:
            return None
        return Q(department_id=user.department_id)
