from gtis.accounts.models.departments import Department
from gtis.accounts.models.organisations import (
    Organisation,
    OrganisationKind,
    OrganisationSize,
    Verification,
)
from gtis.accounts.models.users import OrganisationRole, User

__all__ = [
    "Department",
    "Organisation",
    "OrganisationKind",
    "OrganisationRole",
    "OrganisationSize",
    "User",
    "Verification",
]
