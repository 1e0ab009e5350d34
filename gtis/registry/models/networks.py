from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Organisation
from gtis.core.querysets import RestrictedQuerySet


class NetworkKind(models.TextChoices):
    ALLIANCE = "alliance", _("Technology innovation alliance")
    CONSORTIUM = "consortium", _("Innovation consortium")
    UNION = "union", _("Innovation union")
    INTERNATIONAL = "international", _("International alliance")
    OTHER = "other", _("Other network")


class MemberRole(models.TextChoices):
    """The 产学研金介用 roles of a network's members."""

    INDUSTRY = "industry", pgettext_lazy("network role", "Industry")
    ACADEMIA = "academia", _("Academia")
    RESEARCH = "research", _("Research")
    FINANCE = "finance", pgettext_lazy("network role", "Finance")
    INTERMEDIARY = "intermediary", _("Intermediary")
    USER = "user", _("User")


class Network(models.Model):
    """An alliance, consortium or union of organisations led by one of them."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=16, choices=NetworkKind.choices)
    leader = models.ForeignKey(
        Organisation,
        verbose_name=_("leading organisation"),
        on_delete=models.PROTECT,
        related_name="led_networks",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    members: "models.ManyToManyField[Organisation, NetworkMembership]" = models.ManyToManyField(
        Organisation, through="NetworkMembership", related_name="networks", blank=True
    )

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("network")
        verbose_name_plural = _("networks")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("registry:network_detail", args=[self.pk])

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return None


class NetworkMembership(models.Model):
    network = models.ForeignKey(Network, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="network_memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices)
    joined_on = models.DateField(_("joined on"), null=True, blank=True)
    left_on = models.DateField(_("left on"), null=True, blank=True)

    class Meta:
        verbose_name = _("network member")
        verbose_name_plural = _("network members")
        ordering = ["role", "organisation__name"]
        constraints = [
            models.UniqueConstraint(fields=["network", "organisation"], name="network_member_once")
        ]

    def __str__(self) -> str:
        return f"{self.network}: {self.organisation}"

    def clean(self) -> None:
        if self.joined_on and self.left_on and self.left_on < self.joined_on:
            raise ValidationError({"left_on": _("The member left before joining.")})
