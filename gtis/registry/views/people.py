"""Pages of the expert pool: list with fields, profile with affiliations and declared ties."""

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
    require_permission,
)
from gtis.core.models import AuditEvent
from gtis.registry import selectors, services
from gtis.registry.filtersets import ExpertFilterSet
from gtis.registry.forms import ExpertForm, PastAffiliationForm, RelationshipForm
from gtis.registry.models import DeclaredRelationship, Expert, PastAffiliation
from gtis.registry.tables import ExpertTable


class ExpertListView(ObjectListView):
    login_required = False
    filterset_class = ExpertFilterSet
    table_class = ExpertTable
    title = gettext_lazy("Expert pool")
    actions_template = "registry/_expert_actions.html"

    def get_queryset(self, request: HttpRequest) -> Any:
        return selectors.experts(request.user)


def expert_detail(request: HttpRequest, pk: int) -> HttpResponse:
    expert = get_object_or_404(selectors.experts(request.user), pk=pk)
    return render(request, "registry/expert_detail.html", _profile_context(request, expert))


def _profile_context(request: HttpRequest, expert: Expert, **forms: Form) -> dict[str, Any]:
    user = request.user
    can_change = user.has_perm("registry.change_expert", expert)
    return {
        "expert": expert,
        "can_change": can_change,
        "show_contact": user.has_perm("registry.view_expert_contact", expert),
        "past_affiliations": expert.past_affiliations.select_related("organisation"),
        "relationships": expert.relationships.select_related("organisation")
        if can_change
        else None,
        "past_form": forms.get("past_form") or PastAffiliationForm(),
        "relationship_form": forms.get("relationship_form") or RelationshipForm(),
        "history": AuditEvent.objects.for_object(expert)[:20]
        if user.has_perm("core.view_auditevent")
        else None,
    }


class ExpertFormView(RecordFormView):
    model = Expert
    form_class = ExpertForm
    save = staticmethod(services.save_expert)
    record_argument = "expert"
    title = gettext_lazy("Expert")

    def get_form(self, request: HttpRequest, obj: Any, data: Any = None) -> Form:
        form = super().get_form(request, obj, data)
        if obj is not None:
            form.initial["fields_of_work"] = list(obj.fields.all())
        return form


@login_required
@require_POST
def expert_add_tie(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """Record a past affiliation or declare a relationship from the profile page."""
    expert = get_object_or_404(Expert, pk=pk)
    require_permission(request, "registry.change_expert", expert)
    choices: dict[str, tuple[Any, Any, str]] = {
        "past": (PastAffiliationForm, services.record_past_affiliation, "past_form"),
        "relationship": (RelationshipForm, services.declare_relationship, "relationship_form"),
    }
    form_class, service, key = choices[kind]
    form = form_class(request.POST)
    if form.is_valid():
        try:
            service(actor=request.user, expert=expert, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(expert)
    context = _profile_context(request, expert, **{key: form})
    return render(request, "registry/expert_detail.html", context, status=400)


@login_required
@require_POST
def expert_remove_tie(request: HttpRequest, pk: int, kind: str, tie_pk: int) -> HttpResponse:
    model: Any = PastAffiliation if kind == "past" else DeclaredRelationship
    tie = get_object_or_404(model, pk=tie_pk, expert=pk)
    services.remove_expert_tie(actor=request.user, tie=tie)
    return redirect(tie.expert)
