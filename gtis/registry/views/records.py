"""Form views shared by the registry's records: each page names its form and its service."""

from collections.abc import Callable
from typing import Any

from django.db.models import Model
from django.forms import Form
from django.http import HttpRequest
from django.shortcuts import get_object_or_404

from gtis.core.generic import ServiceFormView, require_permission
from gtis.registry.forms import initial_of


class RecordFormView(ServiceFormView):
    """Create (no pk) or edit (pk) a registry record through its save service."""

    model: type[Model]
    save: Callable[..., Model]
    record_argument: str
    relations: tuple[str, ...] = ()

    def get_object(self, request: HttpRequest, **kwargs: Any) -> Model | None:
        name = self.model._meta.model_name
        if "pk" not in kwargs:
            require_permission(request, f"registry.add_{name}")
            return None
        record = get_object_or_404(self.model, pk=kwargs["pk"])
        require_permission(request, f"registry.change_{name}", record)
        return record

    def get_form(self, request: HttpRequest, obj: Model | None, data: Any = None) -> Form:
        return self.form_class(data, initial=initial_of(obj, self.form_class))

    def perform(self, request: HttpRequest, form: Form, obj: Model | None) -> Model:
        return self.save(actor=request.user, **{self.record_argument: obj}, **form.cleaned_data)
