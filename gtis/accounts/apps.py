from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "gtis.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from gtis.accounts import metrics, receivers  # noqa: F401
        from gtis.core.navigation import MenuItem, add_items

        add_items(
            "directory",
            MenuItem(_("Departments"), "accounts:department_list", public=True),
        )
        add_items(
            "administration",
            MenuItem(_("Users"), "accounts:user_list", permission="accounts.view_user"),
        )
