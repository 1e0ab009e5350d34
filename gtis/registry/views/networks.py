"""Pages of alliances, consortia and unions: members by role, the charter."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gtis.core.generic import (
    ObjectListView,
    RecordFormView,
    apply_service_errors,
    attach_posted_file,
    require_permission,
)
from gtis.core.models import Attachment
from gtis.registry import selectors, services
from gtis.registry.filtersets import NetworkFilterSet
from gtis.registry.forms import CharterForm, MemberForm, NetworkForm
from gtis.registry.models import Network, NetworkMembership
from gtis.registry.tables import NetworkTable


class NetworkListView(ObjectListView):
    login_required = False
    filterset_class = NetworkFilterSet
    table_class = NetworkTable
    title = gettext_lazy("Networks and alliances")
    actions_template = "registry/_network_actions.html"

    def get_queryset(self, request: HttpRequest) -> Any:
        return selectors.networks()


def network_detail(request: HttpRequest, pk: int) -> HttpResponse:
    network = get_object_or_404(Network.objects.select_related("leader"), pk=pk)
    return render(request, "registry/network_detail.html", _context(request, network))


def _context(request: HttpRequest, network: Network, **forms: Form) -> dict[str, Any]:
    return {
        "network": network,
        "members": selectors.network_members(network),
        "charters": Attachment.objects.for_object(network),
        "can_change": request.user.has_perm("registry.change_network", network),
        "member_form": forms.get("member_form") or MemberForm(),
        "charter_form": forms.get("charter_form") or CharterForm(),
    }


class NetworkFormView(RecordFormView):
    model = Network
    form_class = NetworkForm
    save = staticmethod(services.save_network)
    record_argument = "network"
    title = gettext_lazy("Network")


@login_required
@require_POST
def network_set_member(request: HttpRequest, pk: int) -> HttpResponse:
    network = get_object_or_404(Network, pk=pk)
    require_permission(request, "registry.change_network", network)
    form = MemberForm(request.POST)
    if form.is_valid():
        try:
            services.set_network_member(actor=request.user, network=network, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(network)
    context = _context(request, network, member_form=form)
    return render(request, "registry/network_detail.html", context, status=400)


@login_required
@require_POST
def network_remove_member(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    membership = get_object_or_404(NetworkMembership, pk=member_pk, network=pk)
    try:
        services.remove_network_member(actor=request.user, membership=membership)
    except ValidationError as error:
        context = _context(request, membership.network)
        context["error"] = error.messages[0]
        return render(request, "registry/network_detail.html", context, status=400)
    return redirect(membership.network)


@login_required
@require_POST
def network_attach_charter(request: HttpRequest, pk: int) -> HttpResponse:
    network = get_object_or_404(Network, pk=pk)
    form = CharterForm(request.POST, request.FILES)
    if attach_posted_file(request, network, form, "registry.change_network"):
        return redirect(network)
    context = _context(request, network, charter_form=form)
    return render(request, "registry/network_detail.html", context, status=400)
