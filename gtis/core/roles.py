"""The platform's roles (DESIGN.md, "Who uses it"): one per user."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    COORDINATING_OFFICE = "coordinating_office", _("Coordinating office")
    DEPARTMENT_OFFICER = "department_officer", _("Department officer")
    ORGANISATION_MEMBER = "organisation_member", _("Organisation member")
    BROKER = "broker", _("Broker")
    FINANCIAL_INSTITUTION = "financial_institution", _("Financial institution")
    EXPERT = "expert", _("Expert")
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")


# Roles that act for a department, and roles that act for an organisation.
DEPARTMENT_ROLES = frozenset({Role.DEPARTMENT_OFFICER})
ORGANISATION_ROLES = frozenset({Role.ORGANISATION_MEMBER, Role.BROKER, Role.FINANCIAL_INSTITUTION})
STAFF_ROLES = frozenset({Role.COORDINATING_OFFICE, Role.PLATFORM_ADMIN})
