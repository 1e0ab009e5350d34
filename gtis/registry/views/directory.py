"""The directory of organisations, their pages, programmes, and designating, renewing and
revoking."""

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gtis.accounts.models import Organisation, OrganisationKind
from gtis.accounts.regions import Province
from gtis.core import links
from gtis.core.generic import ServiceFormView, apply_service_errors, require_permission
from gtis.core.models import AuditEvent
from gtis.registry import selectors, services
from gtis.registry.forms import CreditRecordForm, DesignateForm, RenewForm, RevokeForm
from gtis.registry.models import Designation, Programme, Site

DIRECTORY_FILTERS = ("search", "kind", "province", "programme", "industry")


def directory(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET.get(name, "").strip() for name in DIRECTORY_FILTERS}
    organisations = selectors.directory(request.user, **params)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    counts = selectors.facets(organisations)
    labels: dict[str, dict[str, Any]] = {
        "kind": dict(OrganisationKind.choices),
        "province": dict(Province.choices),
        "programme": dict(Programme.objects.values_list("code", "name")),
    }
    return render(
        request,
        "registry/directory.html",
        {
            "page": page,
            "params": params,
            "facets": [
                (name, title, _facet_links(params, name, counts[name], labels.get(name, {})))
                for name, title in (
                    ("province", _("Province")),
                    ("kind", _("Kind")),
                    ("programme", _("Designation")),
                    ("industry", _("Industry")),
                )
            ],
            "query": query.urlencode(),
        },
    )


def _facet_links(
    params: dict[str, str], name: str, counts: list[tuple[str, int]], labels: dict[str, Any]
) -> list[dict[str, Any]]:
    """One link per value of a facet: the current filters with this value set (or unset when
    it is the current one)."""
    links_ = []
    for value, count in counts:
        active = params[name] == value
        query = {**params, name: "" if active else value}
        links_.append(
            {
                "label": labels.get(value, value),
                "count": count,
                "active": active,
                "url": "?" + urlencode({k: v for k, v in query.items() if v}),
            }
        )
    return links_


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.restrict(request.user), pk=pk)
    user = request.user
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "organisation": organisation,
            "designations": selectors.designations_of(organisation),
            "related": selectors.related_to_organisation(user, organisation),
            "linked": links.linked_to(user, organisation),
            "can_designate": user.has_perm("registry.add_designation"),
            "designate_form": DesignateForm(),
            "credit_records": selectors.credit_records_of(organisation),
            "can_record_credit": user.has_perm("registry.add_creditrecord"),
            "can_repair_credit": user.has_perm("registry.change_creditrecord"),
            "credit_form": CreditRecordForm(),
            "can_change": user.has_perm("accounts.change_organisation", organisation),
            "show_private": user.has_perm("accounts.view_private_contact", organisation),
            "history": AuditEvent.objects.for_object(organisation)[:20]
            if user.has_perm("core.view_auditevent")
            else None,
        },
    )


def programme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "registry/programme_list.html", {"programmes": selectors.programmes()})


def programme_detail(request: HttpRequest, code: str) -> HttpResponse:
    programme = get_object_or_404(Programme, code=code)
    batches = (
        programme.designations.values_list("batch", "designated_on")
        .distinct()
        .order_by("designated_on")
    )
    return render(
        request,
        "registry/programme_detail.html",
        {
            "programme": programme,
            "batches": batches,
            "count": programme.designations.count(),
        },
    )


@login_required
@require_POST
def designate(request: HttpRequest, subject: str, pk: int) -> HttpResponse:
    """Designate the organisation or site of the page under a programme (staff)."""
    require_permission(request, "registry.add_designation")
    model: Any = Organisation if subject == "organisation" else Site
    record: Any = get_object_or_404(model, pk=pk)
    form = DesignateForm(request.POST)
    if form.is_valid():
        try:
            services.designate(actor=request.user, **{subject: record}, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(record)
    return render(
        request,
        "core/object_form.html",
        {"form": form, "object": record, "title": _("Designate")},
        status=400,
    )


class DesignationChangeView(ServiceFormView):
    """Renew or revoke a designation (staff); back to the designated record's page."""

    permission = "registry.change_designation"
    action: str

    def get_object(self, request: HttpRequest, **kwargs: Any) -> Designation:
        return get_object_or_404(
            Designation.objects.select_related("programme", "organisation", "site"),
            pk=kwargs["pk"],
        )

    def perform(self, request: HttpRequest, form: Form, obj: Any) -> Any:
        action = services.renew if self.action == "renew" else services.revoke
        return action(actor=request.user, designation=obj, **form.cleaned_data)

    def success_url(self, obj: Any) -> str:
        return obj.subject.get_absolute_url()  # type: ignore[no-any-return]


class RenewView(DesignationChangeView):
    form_class = RenewForm
    action = "renew"
    title = gettext_lazy("Renew designation")


class RevokeView(DesignationChangeView):
    form_class = RevokeForm
    action = "revoke"
    title = gettext_lazy("Revoke designation")
