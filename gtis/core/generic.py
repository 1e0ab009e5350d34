"""Declarative page views, configured by queryset, filterset, table and form (as in NetBox)."""

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.core.paginator import Paginator
from django.db.models import Model, QuerySet
from django.forms import Form
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.views import View

from gtis.core.permissions import require
from gtis.core.tables import Table


def require_permission(request: HttpRequest, permission: str | None, obj: Any = None) -> None:
    """Raise PermissionDenied (recorded) unless the user holds `permission` (on `obj`)."""
    if permission:
        require(request.user, permission, obj)


def apply_service_errors(form: Form, error: ValidationError) -> None:
    """Show a service's ValidationError on the form, each message on its field."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


class PermissionView(View):
    permission: str | None = None
    login_required = True

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if self.login_required and not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        require_permission(request, self.permission)
        return super().dispatch(request, *args, **kwargs)


class ObjectListView(PermissionView):
    """A filtered, sorted, paginated table; an HTMX request gets just the table."""

    queryset: QuerySet
    filterset_class: Any = None
    table_class: type[Table]
    template_name = "core/object_list.html"
    title: Any = ""
    paginate_by = 50
    actions_template: str | None = None

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return self.queryset.restrict(request.user, "view")  # type: ignore[attr-defined]

    def get(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        queryset = self.get_queryset(request)
        filterset = None
        if self.filterset_class is not None:
            filterset = self.filterset_class(
                request.GET or None, queryset=queryset, request=request
            )
            queryset = filterset.qs if filterset.is_bound else queryset
        ordering = request.GET.get("sort", "")
        if ordering.lstrip("-") in self.table_class.orderable():
            queryset = queryset.order_by(ordering, "-pk")
        page = Paginator(queryset, self.paginate_by).get_page(request.GET.get("page"))
        context = {
            "title": self.title,
            "filterset": filterset,
            "table": self.table_class(page.object_list, ordering=ordering),
            "page": page,
            "query": _query_without(request, "page"),
            "sort_query": _query_without(request, "page", "sort"),
            "actions_template": self.actions_template,
        }
        context.update(self.extra_context(request))
        template = (
            "core/_object_table.html" if getattr(request, "htmx", False) else self.template_name
        )
        return render(request, template, context)

    def extra_context(self, request: HttpRequest) -> dict[str, Any]:
        return {}


class ServiceFormView(PermissionView):
    """A form whose valid data goes to one service function; its errors come back on the form."""

    form_class: type[Form]
    template_name = "core/object_form.html"
    title: Any = ""

    def get_object(self, request: HttpRequest, **kwargs: Any) -> Model | None:
        return None

    def get_form(self, request: HttpRequest, obj: Model | None, data: Any = None) -> Form:
        return self.form_class(data)

    def perform(self, request: HttpRequest, form: Form, obj: Model | None) -> Model:
        raise ImproperlyConfigured(f"{type(self).__name__} must say which service perform() calls")

    def success_url(self, obj: Model) -> str:
        return obj.get_absolute_url()  # type: ignore[attr-defined]

    def get(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object(request, **kwargs)
        return self.render_form(request, self.get_form(request, obj), obj)

    def post(self, request: HttpRequest, **kwargs: Any) -> HttpResponse:
        obj = self.get_object(request, **kwargs)
        form = self.get_form(request, obj, request.POST)
        if form.is_valid():
            try:
                saved = self.perform(request, form, obj)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                return redirect(self.success_url(saved))
        return self.render_form(request, form, obj)

    def render_form(self, request: HttpRequest, form: Form, obj: Model | None) -> HttpResponse:
        context = {"form": form, "object": obj, "title": self.title}
        return render(request, self.template_name, context)


class RecordFormView(ServiceFormView):
    """Create (no pk) or edit (pk) a record through its save service, which takes the record
    as `record_argument` and the form's cleaned data as keyword arguments."""

    model: type[Model]
    save: Callable[..., Model]
    record_argument: str

    def get_object(self, request: HttpRequest, **kwargs: Any) -> Model | None:
        meta = self.model._meta
        if "pk" not in kwargs:
            require_permission(request, f"{meta.app_label}.add_{meta.model_name}")
            return None
        record = get_object_or_404(self.model, pk=kwargs["pk"])
        require_permission(request, f"{meta.app_label}.change_{meta.model_name}", record)
        return record

    def get_form(self, request: HttpRequest, obj: Model | None, data: Any = None) -> Form:
        return self.form_class(data, initial=initial_of(obj, self.form_class))

    def perform(self, request: HttpRequest, form: Form, obj: Model | None) -> Model:
        return self.save(actor=request.user, **{self.record_argument: obj}, **form.cleaned_data)


def initial_of(record: Model | None, form_class: type[Form]) -> dict[str, Any]:
    """The record's current values for the form's fields (many-to-many ones as lists)."""
    if record is None:
        return {}
    initial: dict[str, Any] = {}
    for name in form_class.base_fields:
        value: Any = getattr(record, name, None)
        initial[name] = list(value.all()) if hasattr(value, "all") else value
    return initial


def attach_posted_file(request: HttpRequest, obj: Model, form: Form, permission: str) -> bool:
    """Attach the file posted in `form` to `obj` (the user needs `permission` on it); False,
    with the errors on the form, when it was refused."""
    from gtis.core.services import attach_file

    if not form.is_valid():
        return False
    try:
        attach_file(
            actor=request.user,
            obj=obj,
            upload=form.cleaned_data["file"],
            description=form.cleaned_data.get("description", ""),
            permission=permission,
        )
    except ValidationError as error:
        apply_service_errors(form, error)
        return False
    return True


def _query_without(request: HttpRequest, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return query.urlencode()
