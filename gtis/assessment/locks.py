"""The assessment engine's row locks, taken in one place and one order (by pk)."""

from gtis.accounts.models import Department
from gtis.assessment.models import Campaign, RecommendationQuota


def quota_for_update(campaign: Campaign, unit: Department) -> RecommendationQuota | None:
    """The unit's quota in the campaign, locked until the transaction ends: recommendations
    against one quota are counted one at a time."""
    return (
        RecommendationQuota.objects.select_for_update()
        .filter(campaign=campaign, unit=unit)
        .order_by("pk")
        .first()
    )
