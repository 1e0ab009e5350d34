"""Pages of the assessment engine: the schemes (public) and a form for staff to write a
scheme version."""

from typing import Any

from django.db.models import Model
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from gtis.assessment import selectors, services
from gtis.assessment.forms import SchemeVersionForm
from gtis.assessment.models import SchemeVersion
from gtis.core.generic import ServiceFormView, require_permission


def scheme_list(request: HttpRequest) -> HttpResponse:
    return render(request, "assessment/scheme_list.html", {"schemes": selectors.scheme_list()})


def scheme_detail(request: HttpRequest, code: str, pk: int | None = None) -> HttpResponse:
    """A scheme and one of its versions (the newest unless another is asked for)."""
    scheme = get_object_or_404(selectors.scheme_list(), code=code)
    versions = list(scheme.versions.all())
    version = next((v for v in versions if v.pk == pk), None) if pk else versions[-1]
    if version is None:
        raise Http404
    return render(
        request,
        "assessment/scheme_detail.html",
        {
            "scheme": scheme,
            "versions": versions,
            "version": version,
            "definition": version.definition,
        },
    )


class SchemeVersionCreateView(ServiceFormView):
    """Staff write a scheme version in YAML, starting from a copy of an existing one."""

    form_class = SchemeVersionForm
    title = _("Write a scheme version")

    def get_object(self, request: HttpRequest, **kwargs: Any) -> Model | None:
        require_permission(request, "assessment.change_scheme")
        return None

    def get_form(self, request: HttpRequest, obj: Model | None, data: Any = None) -> Form:
        initial = {}
        copied = request.GET.get("from", "")
        if copied.isdigit():
            version = SchemeVersion.objects.filter(pk=copied).first()
            if version is not None:
                initial["source"] = version.source
        return SchemeVersionForm(data, initial=initial)

    def perform(self, request: HttpRequest, form: Form, obj: Model | None) -> Model:
        return services.save_scheme_version(actor=request.user, **form.cleaned_data)
