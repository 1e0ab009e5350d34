from django.db import models
from django.db.models import F


class Revision(models.Model):
    """A number that every change to the market's listings and needs raises, in the same
    transaction: the key of cached reads over them (facet counts, statistics), which stay
    valid until the next change."""

    name = models.CharField(max_length=40, primary_key=True)
    number = models.PositiveBigIntegerField(default=0)

    MARKET = "market"

    class Meta:
        verbose_name = "cache revision"

    def __str__(self) -> str:
        return f"{self.name} #{self.number}"

    @classmethod
    def current(cls, name: str) -> int:
        return cls.objects.filter(name=name).values_list("number", flat=True).first() or 0

    @classmethod
    def raise_number(cls, name: str) -> None:
        if not cls.objects.filter(name=name).update(number=F("number") + 1):
            cls.objects.get_or_create(name=name, defaults={"number": 1})
