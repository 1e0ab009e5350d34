from gtis.accounts.models.departments import Department
from gtis.accounts.models.organisations import Organisation, OrganisationKind
from gtis.accounts.models.users import OrganisationRole, User

__all__ = ["Department", "Organisation", "OrganisationKind", "OrganisationRole", "User"]
