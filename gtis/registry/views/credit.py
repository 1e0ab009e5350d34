"""Recording and repairing an organisation's credit records (staff), from its registry page."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from gtis.accounts.models import Organisation
from gtis.core.generic import ServiceFormView, apply_service_errors, require_permission
from gtis.registry import services
from gtis.registry.forms import CreditRecordForm, RepairCreditRecordForm
from gtis.registry.models import CreditRecord


@login_required
@require_POST
def record_credit_event(request: HttpRequest, pk: int) -> HttpResponse:
    """Record a credit decision against the organisation of the page (staff)."""
    require_permission(request, "registry.add_creditrecord")
    organisation = get_object_or_404(Organisation, pk=pk)
    form = CreditRecordForm(request.POST)
    if form.is_valid():
        try:
            services.record_credit_event(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(organisation)
    return render(
        request,
        "core/object_form.html",
        {"form": form, "object": organisation, "title": _("Record a credit decision")},
        status=400,
    )


class RepairCreditRecordView(ServiceFormView):
    """Repair or withdraw a credit record (staff); back to the organisation's
    page."""

    permission = "registry.change_creditrecord"
    form_class = RepairCreditRecordForm
    title = gettext_lazy("Repair or withdraw a credit record")

    def get_object(self, request: HttpRequest, **kwargs: Any) -> CreditRecord:
        return get_object_or_404(
            CreditRecord.objects.select_related("organisation"), pk=kwargs["pk"]
        )

    def perform(self, request: HttpRequest, form: Form, obj: Any) -> Any:
        return services.repair_credit_record(actor=request.user, record=obj, **form.cleaned_data)
