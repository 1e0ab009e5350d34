"""Pages of sites (bases, stations, centres, spaces, zones, parks) and their chart by province."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy

from gtis.accounts.regions import Province
from gtis.core import links
from gtis.core.generic import ObjectListView, RecordFormView
from gtis.registry import selectors, services
from gtis.registry.filtersets import SiteFilterSet
from gtis.registry.forms import DesignateForm, SiteForm
from gtis.registry.models import Site
from gtis.registry.tables import SiteTable


class SiteListView(ObjectListView):
    login_required = False
    filterset_class = SiteFilterSet
    table_class = SiteTable
    title = gettext_lazy("Sites")
    template_name = "registry/site_list.html"
    actions_template = "registry/_site_actions.html"

    def get_queryset(self, request: HttpRequest) -> Any:
        return selectors.sites()

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        filterset = SiteFilterSet(request.GET or None, queryset=selectors.sites(), request=request)
        counts = selectors.sites_by_province(filterset.qs)
        names = dict(Province.choices)
        return {
            "by_province": [
                {"code": code, "name": str(names.get(code, code)), "count": n} for code, n in counts
            ]
        }


def site_detail(request: HttpRequest, pk: int) -> HttpResponse:
    site = get_object_or_404(Site.objects.select_related("host"), pk=pk)
    user = request.user
    return render(
        request,
        "registry/site_detail.html",
        {
            "site": site,
            "designations": selectors.designations_of(site),
            "can_change": user.has_perm("registry.change_site", site),
            "can_designate": user.has_perm("registry.add_designation"),
            "designate_form": DesignateForm(),
            "linked": links.linked_to(user, site),
        },
    )


class SiteFormView(RecordFormView):
    model = Site
    form_class = SiteForm
    save = staticmethod(services.save_site)
    record_argument = "site"
    title = gettext_lazy("Site")
