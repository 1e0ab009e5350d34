from django.db import models
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    """Where a deliverable stands on a given date."""

    NOT_STARTED = "not_started", _("Not started")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OVERDUE = "overdue", _("Overdue")
    REPORTED_DONE = "reported_done", _("Reported done")
    CLOSED = "closed", _("Verified and closed")
    CLOSED_LATE = "closed_late", _("Closed late")


class Rag(models.TextChoices):
    NONE = "none", _("Not yet due")
    GREEN = "green", _("Green")
    AMBER = "amber", _("Amber")
    RED = "red", _("Red")


class Completion(models.TextChoices):
    """OGP Independent Reporting Mechanism: how much of the commitment was done."""

    NO_EVIDENCE = "no_evidence", _("No evidence available")
    NOT_STARTED = "not_started", _("Not started")
    LIMITED = "limited", _("Limited")
    SUBSTANTIAL = "substantial", _("Substantial")
    COMPLETE = "complete", _("Complete")


class Results(models.TextChoices):
    """OGP Independent Reporting Mechanism: what the commitment changed."""

    WORSENED = "worsened", _("Worsened")
    NO_CHANGE = "no_change", _("Did not change")
    MARGINAL = "marginal", _("Marginal")
    MAJOR = "major", _("Major")
    OUTSTANDING = "outstanding", _("Outstanding")


class ClaimedStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")


class ReportState(models.TextChoices):
    SUBMITTED = "submitted", _("Submitted")
    ACCEPTED = "accepted", _("Accepted")
    RETURNED = "returned", _("Returned")


class ResultForm(models.TextChoices):
    POLICY = "policy", _("Policy or rules")
    CATALOGUE = "catalogue", _("Catalogue or list")
    STANDARD = "standard", _("Standards")
    DESIGNATION = "designation", _("Designated bases, centres or zones")
    PROGRAMME = "programme", _("Programme, action or projects")
    EVENT = "event", _("Event, competition or selection")
    MECHANISM = "mechanism", _("Mechanism or system")
    OTHER = "other", _("Other")


class Precision(models.TextChoices):
    YEAR = "year", _("Year")
    MONTH = "month", _("Month")
    DAY = "day", _("Day")


class EscalationLevel(models.TextChoices):
    """督查督办 steps, mildest first."""

    REMINDER = "reminder", _("Reminder")
    WARNING = "warning", _("Warning")
    INTERVIEW = "interview", _("Interview of the unit head (约谈)")
    CIRCULAR = "circular", _("Circular (通报)")
