"""Every change that can alter what the market counts raises its revision (see
models.Revision), whichever service made it."""

from typing import Any

from django.db.models.signals import m2m_changed, post_delete, post_save

from gtis.market.models import Benefit, Certificate, Deal, Listing, Need, Revision
from gtis.registry.models import Designation


def listings_changed(**kwargs: Any) -> None:
    if kwargs.get("action", "post_").startswith("post_"):
        Revision.raise_number(Revision.MARKET)


def connect() -> None:
    for sender in (Listing, Benefit, Need, Deal, Certificate, Designation):
        post_save.connect(listings_changed, sender=sender, dispatch_uid=f"revision-{sender}")
        post_delete.connect(listings_changed, sender=sender, dispatch_uid=f"revision-d-{sender}")
    m2m_changed.connect(listings_changed, sender=Listing.nodes.through, dispatch_uid="revision-n")
