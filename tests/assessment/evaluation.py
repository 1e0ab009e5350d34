"""Third-party evaluation in tests: a verified evaluation agency with one member, named by an
application and signing its liability pledge."""

from gtis.accounts.models import OrganisationKind
from gtis.assessment import evaluators
from gtis.core.roles import Role
from tests.factories import OrganisationFactory, UserFactory


def evaluation_agency(name="中环绿色制造评价中心"):
    """A verified evaluation agency and one of its staff."""
    agency = OrganisationFactory(name=name, kind=OrganisationKind.INTERMEDIARY)
    staff = UserFactory(role=Role.ORGANISATION_MEMBER, organisation=agency)
    return agency, staff


def evaluated(member, application, agency=None, staff=None):
    """The application names `agency` (a new one unless given) as its evaluator, whose staff
    sign the liability pledge; nothing is done when the scheme asks for no evaluator."""
    if not evaluators.needs_evaluator(application.campaign):
        return application
    if agency is None:
        agency, staff = evaluation_agency(f"评价机构{application.pk}")
    evaluators.name_evaluator(actor=member, application=application, evaluator=agency)
    return evaluators.sign_liability_pledge(actor=staff, application=application, pledge=True)
