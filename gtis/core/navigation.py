"""The main menu. Its groups are the engines of DESIGN.md; each engine adds its items
in its AppConfig.ready(). A group shows once it holds an item the user may open."""

from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class MenuItem:
    label: str | Promise
    url_name: str
    permission: str | None = None
    public: bool = False

    def visible_to(self, user: Any) -> bool:
        if self.public:
            return True
        if not getattr(user, "is_authenticated", False):
            return False
        return self.permission is None or user.has_perm(self.permission)


@dataclass
class MenuGroup:
    key: str
    label: str | Promise
    description: str | Promise
    items: list[MenuItem] = field(default_factory=list)


@dataclass(frozen=True)
class VisibleItem:
    label: str | Promise
    url: str


GROUPS: dict[str, MenuGroup] = {
    group.key: group
    for group in [
        MenuGroup(
            "roadmap", _("Roadmap"), _("The 2019 roadmap: deliverables, progress, coordination")
        ),
        MenuGroup(
            "registry",
            _("Registry"),
            _("Organisations, experts, networks, sites, policies, standards"),
        ),
        MenuGroup("catalog", _("Catalogues"), _("Green taxonomies and catalogue editions")),
        MenuGroup("market", _("Market"), _("Technology listings, needs, matching and deals")),
        MenuGroup("assessment", _("Assessment"), _("Schemes, campaigns, reviews and certificates")),
        MenuGroup("ip", _("Intellectual property"), _("Green patents, infringement and credit")),
        MenuGroup("finance", _("Finance"), _("Green screening and financing products")),
        MenuGroup("insights", _("Insights"), _("Indicators, dashboards and open data")),
        MenuGroup("directory", _("Directory"), _("Departments and organisations on the platform")),
        MenuGroup(
            "administration", _("Administration"), _("Users, audit trail and background jobs")
        ),
    ]
}


def add_items(group_key: str, *items: MenuItem) -> None:
    GROUPS[group_key].items.extend(item for item in items if item not in GROUPS[group_key].items)


def menu_for(user: Any) -> list[tuple[MenuGroup, list[VisibleItem]]]:
    """The menu groups and items this user may open, in order; empty groups left out."""
    menu = []
    for group in GROUPS.values():
        items = [
            VisibleItem(item.label, reverse(item.url_name))
            for item in group.items
            if item.visible_to(user)
        ]
        if items:
            menu.append((group, items))
    return menu
