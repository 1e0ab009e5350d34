from typing import Any

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Department
from gtis.core.querysets import RestrictedQuerySet


class PolicyLevel(models.TextChoices):
    NATIONAL = "national", _("National (State Council)")
    MINISTERIAL = "ministerial", _("Ministerial")
    PROVINCIAL = "provincial", _("Provincial")


class PolicyStatus(models.TextChoices):
    IN_FORCE = "in_force", _("In force")
    AMENDED = "amended", _("Amended")
    REPEALED = "repealed", _("Repealed")


class Policy(models.Model):
    """A policy document (文号) and the roadmap deliverables it fulfils."""

    title = models.CharField(_("title"), max_length=300)
    issuing_departments = models.ManyToManyField(
        Department, verbose_name=_("issuing departments"), blank=True, related_name="+"
    )
    issuer_other = models.CharField(_("other issuers"), max_length=200, blank=True)
    document_number = models.CharField(_("document number"), max_length=80, blank=True)
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    level = models.CharField(_("level"), max_length=12, choices=PolicyLevel.choices)
    status = models.CharField(
        _("status"), max_length=10, choices=PolicyStatus.choices, default=PolicyStatus.IN_FORCE
    )
    text = models.TextField(_("text"), blank=True)
    link = models.URLField(_("link"), max_length=400, blank=True)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    deliverables = models.ManyToManyField(
        "roadmap.Deliverable",
        verbose_name=_("roadmap deliverables it fulfils"),
        blank=True,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[issuing_departments, deliverables])

    class Meta:
        verbose_name = _("policy")
        verbose_name_plural = _("policies")
        ordering = [models.F("issued_on").desc(nulls_last=True), "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["document_number"],
                condition=~Q(document_number=""),
                name="policy_document_number_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title}（{self.document_number}）" if self.document_number else self.title

    def get_absolute_url(self) -> str:
        return reverse("registry:policy_detail", args=[self.pk])

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return None
