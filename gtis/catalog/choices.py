from django.db import models
from django.utils.translation import gettext_lazy as _


class EditionKind(models.TextChoices):
    INDUSTRY_GUIDANCE = "industry_guidance", _("Green technology industry guidance catalogue")
    PROMOTION = "promotion", _("Green technology promotion catalogue")
    ELIMINATION = "elimination", _("Technologies and equipment to eliminate")
    GREEN_PROCUREMENT = "green_procurement", _("Green government procurement list")
    ECO_DESIGN = "eco_design", _("Eco-design product specifications")
    TYPICAL_CASES = "typical_cases", _("Typical cases")
    TOP_TEN = "top_ten", _("Top-ten selection")


class EditionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    IN_REVIEW = "in_review", _("In review")
    PUBLIC_NOTICE = "public_notice", _("Public notice")
    PUBLISHED = "published", _("Published")
    SUPERSEDED = "superseded", _("Superseded")


class ObjectionStatus(models.TextChoices):
    OPEN = "open", _("Open")
    UPHELD = "upheld", _("Upheld")
    REJECTED = "rejected", _("Rejected")
