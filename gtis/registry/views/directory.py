from typing import Any

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from gtis.accounts.models import Organisation, OrganisationKind
from gtis.accounts.regions import Province
from gtis.core.models import AuditEvent
from gtis.registry import selectors
from gtis.registry.models import Policy, Programme

# The roadmap's deliverables, reached through the policy's relation rather than an import:
# the registry and the roadmap are sibling engines.
Deliverable: Any = Policy.deliverables.field.related_model


def directory(request: HttpRequest) -> HttpResponse:
    params = {
        name: request.GET.get(name, "").strip()
        for name in ("search", "kind", "province", "programme")
    }
    organisations = selectors.directory(request.user, **params)
    page = Paginator(organisations, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "registry/directory.html",
        {
            "page": page,
            "params": params,
            "facets": selectors.facets(organisations),
            "kinds": dict(OrganisationKind.choices),
            "provinces": dict(Province.choices),
            "programmes": Programme.objects.order_by("code"),
            "query": query.urlencode(),
        },
    )


def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_or_404(Organisation.objects.restrict(request.user), pk=pk)
    user = request.user
    return render(
        request,
        "registry/organisation_detail.html",
        {
            "organisation": organisation,
            "designations": organisation.designations.select_related("programme").order_by(
                "-designated_on"
            ),
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
