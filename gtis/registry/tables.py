"""Columns of the registry's list pages."""

from django.utils.translation import gettext_lazy as _

from gtis.core.tables import Column, Table


class ExpertTable(Table):
    columns = [
        Column(_("Name"), "name", link=True, order_by="name"),
        Column(_("Professional title"), "title"),
        Column(_("Affiliation"), "affiliation__name", order_by="affiliation__name"),
        Column(
            _("Fields"), lambda expert: "、".join(node.display_name for node in expert.fields.all())
        ),
        Column(_("Availability"), "availability", order_by="availability"),
    ]


class NetworkTable(Table):
    columns = [
        Column(_("Name"), "name", link=True, order_by="name"),
        Column(_("Kind"), "kind", order_by="kind"),
        Column(_("Leading organisation"), "leader__name"),
        Column(_("Members"), "member_count", order_by="member_count"),
        Column(_("Founded on"), "founded_on", order_by="founded_on"),
    ]


class SiteTable(Table):
    columns = [
        Column(_("Name"), "name", link=True, order_by="name"),
        Column(_("Kind"), "kind", order_by="kind"),
        Column(_("Host organisation"), "host__name"),
        Column(_("Province"), "province", order_by="province"),
        Column(_("City"), "city"),
        Column(_("Status"), "status", order_by="status"),
    ]


class EventTable(Table):
    columns = [
        Column(_("Name"), "name", link=True, order_by="name"),
        Column(_("Kind"), "kind", order_by="kind"),
        Column(_("Starts on"), "starts_on", order_by="starts_on"),
        Column(_("Place"), "place"),
        Column(_("Organisers"), lambda event: "、".join(o.name for o in event.organisers.all())),
    ]
