from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from gtis.catalog import classifier, exchange, forms, selectors, services
from gtis.catalog.choices import EditionStatus
from gtis.catalog.models import (
    CatalogueEdition,
    CatalogueEntry,
    Objection,
    Taxonomy,
    TaxonomyNode,
)
from gtis.core import links
from gtis.core.generic import apply_service_errors, require_permission


def taxonomy_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "catalog/taxonomy_list.html", {"taxonomies": selectors.taxonomies(request.user)}
    )


def taxonomy_detail(request: HttpRequest, code: str) -> HttpResponse:
    taxonomy = get_object_or_404(Taxonomy, code=code)
    search = request.GET.get("q", "").strip()
    nodes = selectors.nodes(request.user, taxonomy, search)
    return render(
        request,
        "catalog/taxonomy_detail.html",
        {"taxonomy": taxonomy, "nodes": nodes, "search": search},
    )


def node_detail(request: HttpRequest, code: str, node: str) -> HttpResponse:
    item = get_object_or_404(selectors.nodes(request.user), taxonomy__code=code, code=node)
    entries = (
        CatalogueEntry.objects.restrict(request.user).filter(nodes=item).select_related("edition")
    )
    return render(
        request,
        "catalog/node_detail.html",
        {
            "node": item,
            "ancestors": TaxonomyNode.objects.get_ancestors(item),
            "children": TaxonomyNode.objects.get_children(item),
            "entries": entries,
            "linked": links.linked_to(request.user, item),
        },
    )


def edition_list(request: HttpRequest) -> HttpResponse:
    form = forms.EditionFilterForm(request.GET or None)
    editions = selectors.editions(request.user)
    if form.is_valid():
        for name in ("kind", "status"):
            if form.cleaned_data[name]:
                editions = editions.filter(**{name: form.cleaned_data[name]})
    return render(
        request,
        "catalog/edition_list.html",
        {
            "editions": editions,
            "filter_form": form,
            "can_add": request.user.has_perm(
                "catalog.add_catalogueedition", getattr(request.user, "department", None)
            ),
        },
    )


def _edition(request: HttpRequest, pk: int, action: str = "view") -> CatalogueEdition:
    return get_object_or_404(CatalogueEdition.objects.restrict(request.user, action), pk=pk)


def edition_detail(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    search = request.GET.get("q", "").strip()
    entries = selectors.entries(edition)
    if search:
        entries = entries.filter(title__icontains=search) | entries.filter(
            nodes__code__startswith=search
        )
        entries = entries.distinct()
    previous = (
        CatalogueEdition.objects.restrict(request.user)
        .filter(kind=edition.kind, year__lt=edition.year)
        .order_by("-year")
        .first()
    )
    user = request.user
    return render(
        request,
        "catalog/edition_detail.html",
        {
            "edition": edition,
            "entries": entries,
            "search": search,
            "previous": previous,
            "can_edit": edition.is_editable
            and user.has_perm("catalog.change_catalogueedition", edition),
            "can_review": user.has_perm("catalog.review_catalogueedition", edition),
            "objections": edition.objections.select_related("entry"),
            "notice_form": forms.NoticeForm(),
            "publish_form": forms.PublishForm(),
            "objection_form": forms.ObjectionForm(),
            "answer_form": forms.AnswerForm(),
            "status": EditionStatus,
        },
    )


@login_required
def edition_create(request: HttpRequest) -> HttpResponse:
    department = getattr(request.user, "department", None)
    require_permission(request, "catalog.add_catalogueedition", department)
    form = forms.EditionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = services.create_edition(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            return redirect(edition)
    return render(
        request, "core/object_form.html", {"form": form, "title": _("New catalogue edition")}
    )


@login_required
def entry_form(request: HttpRequest, pk: int, entry: int | None = None) -> HttpResponse:
    edition = _edition(request, pk)
    require_permission(request, "catalog.change_catalogueedition", edition)
    item = get_object_or_404(edition.entries, pk=entry) if entry else None
    initial = {}
    if item is not None:
        initial = {
            name: getattr(item, name)
            for name in ("key", "title", "description", "scope", "banned_from", "replacement")
        }
        initial["node_codes"] = ", ".join(n.code for n in item.nodes.all())
        initial["refers_to"] = item.reference_label
    form = forms.EntryForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_entry(
                actor=request.user, edition=edition, entry=item, **form.cleaned_data
            )
        except ValidationError as error:
            apply_service_errors(form, error)
        else:
            messages.success(request, _("The entry was saved."))
            return redirect(edition)
    return render(
        request,
        "core/object_form.html",
        {"form": form, "object": edition, "title": _("Catalogue entry")},
    )


@login_required
def edition_import(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    require_permission(request, "catalog.change_catalogueedition", edition)
    form = forms.UploadForm(request.POST or None, request.FILES or None)
    errors: list[tuple[str, str]] = []
    if request.method == "POST" and form.is_valid():
        try:
            count = exchange.import_entries(
                actor=request.user, edition=edition, handle=form.cleaned_data["file"]
            )
        except exchange.EditionImportError as error:
            errors = error.errors
        except ValidationError as error:
            errors = [("", message) for message in error.messages]
        else:
            messages.success(request, _("%(n)d entries imported.") % {"n": count})
            return redirect(edition)
    return render(
        request, "catalog/edition_import.html", {"edition": edition, "form": form, "errors": errors}
    )


@require_POST
def edition_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """The edition's life: submit, return, open the public notice, publish."""
    edition = _edition(request, pk)
    steps: dict[str, Any] = {
        "submit": (
            None,
            lambda data: services.submit_for_review(actor=request.user, edition=edition),
        ),
        "return": (
            None,
            lambda data: services.return_to_draft(actor=request.user, edition=edition),
        ),
        "notice": (
            forms.NoticeForm,
            lambda data: services.open_public_notice(actor=request.user, edition=edition, **data),
        ),
        "publish": (
            forms.PublishForm,
            lambda data: services.publish_edition(actor=request.user, edition=edition, **data),
        ),
    }
    if action not in steps:
        raise Http404
    form_class, run = steps[action]
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(edition)
    try:
        run(form.cleaned_data if form else {})
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Done: the edition is now %(status)s.") % {"status": edition.get_status_display()},
        )
    return redirect(edition)


@require_POST
def objection_create(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition(request, pk)
    form = forms.ObjectionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        entry = edition.entries.filter(key=data.pop("entry")).first() if data["entry"] else None
        data.pop("entry", None)
        try:
            services.file_objection(actor=request.user, edition=edition, entry=entry, **data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Your objection was received."))
    else:
        messages.error(request, _("Fill in your name, a contact and the objection."))
    return redirect(edition)


@require_POST
def objection_answer(request: HttpRequest, pk: int) -> HttpResponse:
    objection = get_object_or_404(Objection.objects.select_related("edition"), pk=pk)
    require_permission(request, "catalog.review_catalogueedition", objection.edition)
    form = forms.AnswerForm(request.POST)
    if form.is_valid():
        services.answer_objection(actor=request.user, objection=objection, **form.cleaned_data)
        messages.success(request, _("The objection was answered."))
    else:
        messages.error(request, _("Give the reasons for the answer."))
    return redirect(objection.edition)


def edition_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    edition = _edition(request, pk)
    if fmt == "print":
        return render(
            request,
            "catalog/edition_print.html",
            {"edition": edition, "entries": selectors.entries(edition)},
        )
    exports = {
        "xlsx": (
            exchange.export_xlsx,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "csv": (exchange.export_csv, "text/csv; charset=utf-8"),
        "json": (exchange.export_json, "application/json; charset=utf-8"),
    }
    if fmt not in exports:
        raise Http404
    build, content_type = exports[fmt]
    response = HttpResponse(build(edition), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="catalogue-{edition.pk}.{fmt}"'
    return response


def edition_diff(request: HttpRequest) -> HttpResponse:
    editions = CatalogueEdition.objects.restrict(request.user)
    old = get_object_or_404(editions, pk=request.GET.get("old") or 0)
    new = get_object_or_404(editions, pk=request.GET.get("new") or 0)
    if old.kind != new.kind:
        messages.error(request, _("Compare editions of the same kind."))
    changes = selectors.differences(old, new)
    if request.GET.get("format") == "csv":
        return HttpResponse(
            exchange.diff_csv(changes),
            content_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="diff.csv"'},
        )
    return render(
        request, "catalog/edition_diff.html", {"old": old, "new": new, "changes": changes}
    )


def classify(request: HttpRequest) -> HttpResponse:
    form = forms.ClassifyForm(request.POST or None)
    taxonomy = get_object_or_404(Taxonomy, code=request.GET.get("taxonomy", "gic-2019"))
    suggestions = []
    if request.method == "POST" and form.is_valid():
        suggestions = classifier.classify(taxonomy, form.cleaned_data["text"], k=5)
    return render(
        request,
        "catalog/classify.html",
        {"form": form, "taxonomy": taxonomy, "suggestions": suggestions},
    )


def elimination_check(request: HttpRequest) -> HttpResponse:
    form = forms.EliminationCheckForm(request.POST or None)
    matches = None
    if request.method == "POST" and form.is_valid():
        matches = selectors.elimination_check(
            on=form.cleaned_data["on"], text=form.cleaned_data["text"]
        )
    return render(request, "catalog/elimination_check.html", {"form": form, "matches": matches})
