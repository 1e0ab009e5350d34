import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gtis.core.querysets import NOTHING, RestrictedQuerySet
from gtis.core.roles import Role


class JobStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Succeeded")
    FAILED = "failed", _("Failed")
    CANCELLED = "cancelled", _("Cancelled")


class BackgroundJob(models.Model):
    """A unit of long work (an import, a recomputation, an export) a user started.

    The task backend runs it; this row carries what the user sees: progress, result,
    error, and the checkpoint from which a failed or cancelled job resumes.
    """

    FINISHED = (JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELLED)
    RESUMABLE = (JobStatus.FAILED, JobStatus.CANCELLED)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=100)
    label = models.CharField(_("description"), max_length=200)
    arguments = models.JSONField(_("arguments"), default=dict, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="background_jobs",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=JobStatus.choices, default=JobStatus.QUEUED
    )
    progress_done = models.PositiveIntegerField(_("done"), default=0)
    progress_total = models.PositiveIntegerField(_("total"), null=True, blank=True)
    progress_message = models.CharField(_("progress message"), max_length=300, blank=True)
    cancel_requested = models.BooleanField(_("cancel requested"), default=False)
    checkpoint = models.JSONField(_("checkpoint"), default=dict, blank=True)
    result = models.JSONField(_("result"), null=True, blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/", blank=True)
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    task_result_id = models.CharField(_("task id"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["started_by", "created_at"], name="job_owner_time_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_total__isnull=True)
                | Q(progress_done__lte=models.F("progress_total")),
                name="job_progress_within_total",
            )
        ]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("core:job_detail", args=[self.pk])

    @property
    def percent(self) -> int | None:
        if not self.progress_total:
            return 100 if self.status == JobStatus.SUCCEEDED else None
        return min(100, round(100 * self.progress_done / self.progress_total))

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def is_resumable(self) -> bool:
        return self.status in self.RESUMABLE

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        if not getattr(user, "is_authenticated", False):
            return NOTHING
        if user.role == Role.PLATFORM_ADMIN:
            return None
        return Q(started_by=user)
