import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from gtis.accounts.models import Department
from gtis.core.querysets import RestrictedQuerySet

# GB 24500-2020, GB/T 36132-2018, HJ 2.1-2016, HJ/T 192-2006, JB/T 10395-2019, T/CECA 20011-2021
STANDARD_CODE = re.compile(
    r"^(?P<prefix>GB/T|GB/Z|GB|HJ/T|HJ|JB/T|[A-Z]{2,4}/T|T/[A-Z0-9]{2,12})\s?"
    r"(?P<number>\d+(?:\.\d+)*)-(?P<year>(19|20)\d{2})$"
)


def validate_standard_code(value: str) -> None:
    if not STANDARD_CODE.match(value.strip()):
        raise ValidationError(
            _(
                "“%(code)s” is not a standard code: write the prefix, the number and the year, "
                "e.g. GB 24500-2020, GB/T 36132-2018, HJ 2.1-2016 or T/CECA 20011-2021."
            )
            % {"code": value},
            code="standard_code",
        )


class StandardStatus(models.TextChoices):
    PLANNED = "planned", gettext_lazy("Planned")
    DRAFTING = "drafting", gettext_lazy("Drafting")
    PUBLISHED = "published", gettext_lazy("Published")
    REVISED = "revised", gettext_lazy("Revised")
    WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")


class Standard(models.Model):
    """A national, sector or group standard (GB, GB/T, HJ, JB/T, T/…), mandatory or not."""

    code = models.CharField(
        gettext_lazy("code"), max_length=40, unique=True, validators=[validate_standard_code]
    )
    title = models.CharField(gettext_lazy("title"), max_length=300)
    is_mandatory = models.BooleanField(gettext_lazy("mandatory"), default=False)
    status = models.CharField(
        gettext_lazy("status"),
        max_length=10,
        choices=StandardStatus.choices,
        default=StandardStatus.PUBLISHED,
    )
    department = models.ForeignKey(
        Department,
        verbose_name=gettext_lazy("competent department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    revision_due = models.DateField(gettext_lazy("revision due"), null=True, blank=True)
    revision_plan = models.TextField(gettext_lazy("revision plan"), blank=True)
    deliverables = models.ManyToManyField(
        "roadmap.Deliverable",
        verbose_name=gettext_lazy("roadmap deliverables"),
        blank=True,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[deliverables])

    class Meta:
        verbose_name = gettext_lazy("standard")
        verbose_name_plural = gettext_lazy("standards")
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("registry:standard_detail", args=[self.pk])

    def clean(self) -> None:
        match = STANDARD_CODE.match(self.code.strip())
        if match and match["prefix"] in {"GB", "HJ"} and not self.is_mandatory:
            raise ValidationError(
                {
                    "is_mandatory": _(
                        "%(prefix)s standards are mandatory; recommended ones carry /T (e.g. GB/T)."
                    )
                    % {"prefix": match["prefix"]}
                }
            )
        if match and "/T" in match["prefix"] and self.is_mandatory:
            raise ValidationError(
                {"is_mandatory": _("A /T standard is recommended, not mandatory.")}
            )

    @classmethod
    def restriction(cls, user: Any, action: str) -> Q | None:
        return None
