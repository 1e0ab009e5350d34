from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gtis.accounts.models import Department
from gtis.core import links
from gtis.core.generic import RecordFormView, apply_service_errors, require_permission
from gtis.registry import selectors, services
from gtis.registry.forms import StandardForm
from gtis.registry.models import Policy, PolicyLevel, PolicyStatus, Standard

# The roadmap's deliverables, reached through the policy's relation rather than an import:
# the registry and the roadmap are sibling engines.
Deliverable: Any = Policy.deliverables.field.related_model


class PolicyForm(forms.Form):
    title = forms.CharField(label=gettext_lazy("Title"), max_length=300)
    document_number = forms.CharField(
        label=gettext_lazy("Document number"), max_length=80, required=False
    )
    issued_on = forms.DateField(
        label=gettext_lazy("Issued on"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    issuing_departments = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Issuing departments"), queryset=Department.objects.all(), required=False
    )
    issuer_other = forms.CharField(
        label=gettext_lazy("Other issuers"), max_length=200, required=False
    )
    level = forms.ChoiceField(label=gettext_lazy("Level"), choices=PolicyLevel.choices)
    status = forms.ChoiceField(label=gettext_lazy("Status"), choices=PolicyStatus.choices)
    link = forms.URLField(label=gettext_lazy("Link"), required=False, assume_scheme="https")
    text = forms.CharField(
        label=gettext_lazy("Text"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    deliverables = forms.ModelMultipleChoiceField(
        label=gettext_lazy("Roadmap deliverables it fulfils"),
        queryset=Deliverable.objects.select_related("plan").order_by("plan", "number"),
        required=False,
    )


def policy_list(request: HttpRequest) -> HttpResponse:
    params = {name: request.GET.get(name, "").strip() for name in ("search", "level", "status")}
    return render(
        request,
        "registry/policy_list.html",
        {
            "policies": selectors.policies(**params),
            "params": params,
            "levels": PolicyLevel.choices,
            "statuses": PolicyStatus.choices,
            "can_add": request.user.has_perm("registry.change_policy"),
        },
    )


def policy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(
        Policy.objects.prefetch_related("issuing_departments", "deliverables__plan"), pk=pk
    )
    return render(
        request,
        "registry/policy_detail.html",
        {"policy": policy, "can_change": request.user.has_perm("registry.change_policy", policy)},
    )


@login_required
def policy_form(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    policy = get_object_or_404(Policy, pk=pk) if pk else None
    require_permission(request, "registry.change_policy", policy)
    initial = {}
    if policy is not None:
        initial = {
            name: getattr(policy, name)
            for name in (
                "title",
                "document_number",
                "issued_on",
                "issuer_other",
                "level",
                "status",
                "link",
                "text",
            )
        }
        initial["issuing_departments"] = list(policy.issuing_departments.all())
        initial["deliverables"] = list(policy.deliverables.all())
    form = PolicyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_policy(actor=request.user, policy=policy, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(saved)
    return render(
        request, "core/object_form.html", {"form": form, "object": policy, "title": _("Policy")}
    )


def standard_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("search", "").strip()
    return render(
        request,
        "registry/standard_list.html",
        {
            "standards": selectors.standards(search),
            "search": search,
            "can_add": request.user.has_perm("registry.add_standard"),
        },
    )


def standard_detail(request: HttpRequest, pk: int) -> HttpResponse:
    standard = get_object_or_404(Standard.objects.prefetch_related("deliverables__plan"), pk=pk)
    return render(
        request,
        "registry/standard_detail.html",
        {
            "standard": standard,
            "can_change": request.user.has_perm("registry.change_standard", standard),
            "linked": links.linked_to(request.user, standard),
        },
    )


class StandardFormView(RecordFormView):
    model = Standard
    form_class = StandardForm
    save = staticmethod(services.save_standard)
    record_argument = "standard"
    title = gettext_lazy("Standard")
