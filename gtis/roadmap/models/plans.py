import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Department
from gtis.core.querysets import RestrictedQuerySet
from gtis.core.roles import STAFF_ROLES
from gtis.roadmap.choices import Precision, ResultForm


class PlanQuerySet(RestrictedQuerySet):
    def published(self) -> "PlanQuerySet":
        return self.filter(is_published=True)


class Plan(models.Model):
    """A policy roadmap: parts, tasks and deliverables with lead departments and periods."""

    code = models.SlugField(_("code"), max_length=50, unique=True)
    title = models.CharField(_("title"), max_length=200)
    issuing_departments = models.ManyToManyField(
        Department, verbose_name=_("issuing departments"), blank=True, related_name="issued_plans"
    )
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    is_published = models.BooleanField(_("published"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    # Bumped by every write that can change a deliverable's status; keys the status cache.
    status_version = models.PositiveIntegerField(default=0, editable=False)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords(
        m2m_fields=[issuing_departments], excluded_fields=["status_version"]
    )

    class Meta:
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        ordering = ["-issued_on", "code"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("roadmap:plan_detail", args=[self.code])

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        if getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES:
            return None
        return Q(is_published=True)


class StatusRules(models.Model):
    """The thresholds behind a plan's red/amber/green warnings; staff tune them."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="status_rules")
    due_soon_days = models.PositiveSmallIntegerField(
        _("due soon (days before the end)"),
        default=60,
        help_text=_("An unfinished deliverable this close to its end date is at risk (amber)."),
    )
    behind_points = models.PositiveSmallIntegerField(
        _("behind schedule (percentage points)"),
        default=25,
        help_text=_("At risk when the reported percent trails the time elapsed by this much."),
    )
    reporting_interval_days = models.PositiveSmallIntegerField(
        _("reporting interval (days)"),
        default=90,
        help_text=_("A deliverable under way owes a progress report this often."),
    )
    stale_after_days = models.PositiveSmallIntegerField(
        _("no update for (days)"),
        default=120,
        help_text=_("At risk, and named in reminders, after this long without an accepted report."),
    )
    reminder_lead_days = models.PositiveSmallIntegerField(
        _("remind before a report is due (days)"), default=14
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("status rules")
        verbose_name_plural = _("status rules")

    def __str__(self) -> str:
        return f"{self.plan}"


class Part(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="parts")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("part")
        verbose_name_plural = _("parts")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="part_number_unique")
        ]

    def __str__(self) -> str:
        return f"{chinese_numeral(self.number)}、{self.title}"


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    part = models.ForeignKey(Part, on_delete=models.CASCADE, related_name="tasks")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=200)
    lead_departments: models.ManyToManyField[Department, "TaskLead"] = models.ManyToManyField(
        Department,
        through="TaskLead",
        related_name="led_tasks",
        verbose_name=_("lead departments"),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="task_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class TaskLead(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="leads")
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(fields=["task", "department"], name="task_lead_unique")
        ]

    def __str__(self) -> str:
        return f"{self.task.number}: {self.department}"


class Deliverable(models.Model):
    """A numbered result with a period; lead departments report on it, the office closes it."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="deliverables")
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="deliverables")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("deliverable"), max_length=300)
    result_form = models.CharField(
        _("result form"), max_length=20, choices=ResultForm.choices, default=ResultForm.OTHER
    )
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    period_precision = models.CharField(
        _("period precision"), max_length=8, choices=Precision.choices, default=Precision.YEAR
    )
    departments: models.ManyToManyField[Department, "DeliverableDepartment"] = (
        models.ManyToManyField(
            Department,
            through="DeliverableDepartment",
            related_name="deliverables",
            verbose_name=_("departments"),
        )
    )
    closed_on = models.DateField(_("closed (销号) on"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("closed by"),
    )
    closing_comment = models.TextField(_("closing comment"), blank=True)

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("deliverable")
        verbose_name_plural = _("deliverables")
        ordering = ["plan", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="deliverable_number_unique"),
            models.CheckConstraint(
                condition=Q(period_start__lte=models.F("period_end")),
                name="deliverable_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.text}"

    def get_absolute_url(self) -> str:
        return reverse("roadmap:deliverable_detail", args=[self.plan.code, self.number])

    @property
    def period_label(self) -> str:
        return period_label(self.period_start, self.period_end, self.period_precision)

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        if getattr(user, "is_authenticated", False) and user.role in STAFF_ROLES:
            return None
        return Q(plan__is_published=True)


class DeliverableDepartment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        PARTICIPATING = "participating", _("Participating")

    deliverable = models.ForeignKey(
        Deliverable, on_delete=models.CASCADE, related_name="department_links"
    )
    department = models.ForeignKey(Department, on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=16, choices=Role.choices)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["role", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["deliverable", "department"], name="deliverable_department_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.deliverable.number}: {self.department} ({self.role})"


class Baseline(models.Model):
    """A named, immutable snapshot of a plan's deliverables (numbers, texts, periods, leads)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="baselines")
    name = models.CharField(_("name"), max_length=100)
    reason = models.TextField(_("reason"), blank=True)
    snapshot = models.JSONField(_("snapshot"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("baseline")
        verbose_name_plural = _("baselines")
        ordering = ["plan", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "name"], name="baseline_name_unique")
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ValueError("Baselines are immutable")
        super().save(*args, **kwargs)


CHINESE_NUMERALS = "一二三四五六七八九十"


def chinese_numeral(number: int) -> str:
    if 1 <= number <= 10:
        return CHINESE_NUMERALS[number - 1]
    if number < 20:
        return "十" + CHINESE_NUMERALS[number - 11]
    return str(number)


def period_label(start: datetime.date, end: datetime.date, precision: str) -> str:
    if precision == Precision.YEAR:
        return f"{start.year}" if start.year == end.year else f"{start.year}–{end.year}"
    fmt = "%Y-%m" if precision == Precision.MONTH else "%Y-%m-%d"
    first, last = start.strftime(fmt), end.strftime(fmt)
    return first if first == last else f"{first} – {last}"
