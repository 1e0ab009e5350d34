from django.utils.translation import gettext_lazy as _

from gtis.accounts.models import Department, Organisation, User
from gtis.core.metrics import Metric, register

register(
    Metric(
        key="accounts.departments",
        label=_("Departments in the coordination mechanism"),
        compute=lambda: Department.objects.filter(is_active=True).count(),
        headline=True,
        order=10,
    )
)
register(
    Metric(
        key="accounts.organisations",
        label=_("Organisations on the platform"),
        compute=lambda: Organisation.objects.filter(is_active=True).count(),
        headline=True,
        order=20,
    )
)
register(
    Metric(
        key="accounts.active_users",
        label=_("Active users"),
        compute=lambda: User.objects.filter(is_active=True).count(),
        headline=True,
        order=30,
    )
)
