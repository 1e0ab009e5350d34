from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from rest_framework.authtoken.models import Token

from gtis.accounts import demo, forms, selectors, services
from gtis.accounts.fields import label
from gtis.accounts.filtersets import DepartmentFilterSet, UserFilterSet
from gtis.accounts.models import Organisation, User
from gtis.core.generic import (
    ObjectListView,
    PermissionView,
    ServiceFormView,
    apply_service_errors,
    require_permission,
)
from gtis.core.models import AuditEvent
from gtis.core.tables import Column, Table


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    form_class = forms.LoginForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["demo_accounts"] = demo.DEMO_USERS if settings.DEBUG else []
        context["demo_password"] = demo.DEMO_PASSWORD if settings.DEBUG else ""
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        _remember_language(response, form.get_user().language)
        return response


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_form.html"
    form_class = forms.PasswordChangeForm
    success_url = reverse_lazy("accounts:profile")

    def form_valid(self, form: Any) -> HttpResponse:
        messages.success(self.request, _("Your password was changed."))
        return super().form_valid(form)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    form_class = forms.SetPasswordForm
    success_url = reverse_lazy("accounts:password_reset_complete")


@require_POST
def switch_language(request: HttpRequest) -> HttpResponse:
    """Switch the interface language; a signed-in user's choice is kept on their account."""
    language = request.POST.get("language", "")
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = redirect(next_url)
    if language not in dict(settings.LANGUAGES):
        messages.error(request, _("That language is not available."))
        return response
    if request.user.is_authenticated:
        services.set_preferred_language(actor=request.user, language=language)
    _remember_language(response, language)
    return response


def _remember_language(response: HttpResponse, language: str) -> None:
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=False,
        samesite="Lax",
    )


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = cast(User, request.user)
    if request.method == "POST":
        form = forms.ProfileForm(request.POST)
        if form.is_valid():
            try:
                services.update_own_profile(actor=user, **form.cleaned_data)
            except ValidationError as error:
                apply_service_errors(form, error)
            else:
                messages.success(request, _("Your profile was saved."))
                return redirect("accounts:profile")
    else:
        form = forms.ProfileForm(
            initial={"full_name": user.full_name, "email": user.email, "phone": user.phone}
        )
    token = Token.objects.filter(user=user).first()
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "token": token},
    )


@login_required
@require_POST
def issue_token(request: HttpRequest) -> HttpResponse:
    token = services.issue_api_token(actor=request.user)
    messages.success(
        request, _("Your new API token: %(key)s. Keep it secret.") % {"key": token.key}
    )
    return redirect("accounts:profile")


# Departments and organisations ---------------------------------------------------------------


class DepartmentTable(Table):
    columns = [
        Column(gettext_lazy("Short name"), "short_name", link=True, order_by="short_name"),
        Column(gettext_lazy("Official name"), "name"),
        Column(gettext_lazy("English name"), "name_en", order_by="name_en"),
        Column(gettext_lazy("Officers"), "officer_count"),
    ]


class DepartmentListView(ObjectListView):
    login_required = False
    filterset_class = DepartmentFilterSet
    table_class = DepartmentTable
    title = gettext_lazy("Departments")

    def get_queryset(self, request: HttpRequest) -> Any:
        return selectors.departments(request.user)


def department_detail(request: HttpRequest, code: str) -> HttpResponse:
    department = get_object_or_404(selectors.departments(request.user), code=code)
    officers = (
        department.users.filter(is_active=True)
        if request.user.has_perm("accounts.view_user")
        else None
    )
    return render(
        request, "accounts/department_detail.html", {"department": department, "officers": officers}
    )


class OrganisationCreateView(ServiceFormView):
    permission = "accounts.add_organisation"
    form_class = forms.OrganisationForm
    title = gettext_lazy("New organisation")

    def perform(self, request: HttpRequest, form: Form, obj: Model | None) -> Model:
        return services.create_organisation(actor=request.user, **form.cleaned_data)


class OrganisationEditView(ServiceFormView):
    form_class = forms.OrganisationForm
    title = gettext_lazy("Edit organisation")

    def get_object(self, request: HttpRequest, **kwargs: Any) -> Organisation:
        organisation = get_object_or_404(Organisation, pk=kwargs["pk"])
        require_permission(request, "accounts.change_organisation", organisation)
        return organisation

    def get_form(self, request: HttpRequest, obj: Any, data: Any = None) -> Form:
        initial = {name: getattr(obj, name) for name in services.ORGANISATION_FIELDS}
        return self.form_class(data, initial=initial)

    def perform(self, request: HttpRequest, form: Form, obj: Any) -> Model:
        return services.update_organisation(
            actor=request.user, organisation=obj, **form.cleaned_data
        )


# Users -----------------------------------------------------------------------------------------


class UserTable(Table):
    columns = [
        Column(gettext_lazy("Username"), "username", link=True, order_by="username"),
        Column(gettext_lazy("Full name"), "full_name", order_by="full_name"),
        Column(gettext_lazy("Role"), "role", order_by="role"),
        Column(gettext_lazy("Department or organisation"), lambda u: u.affiliation or ""),
        Column(gettext_lazy("Active"), "is_active"),
        Column(gettext_lazy("Locked until"), "locked_until"),
        Column(gettext_lazy("Last sign-in"), "last_login", order_by="last_login"),
    ]


class UserListView(ObjectListView):
    permission = "accounts.view_user"
    filterset_class = UserFilterSet
    table_class = UserTable
    title = gettext_lazy("Users")
    actions_template = "accounts/_user_actions.html"

    def get_queryset(self, request: HttpRequest) -> Any:
        return selectors.users(request.user)


class UserDetailView(PermissionView):
    def get(self, request: HttpRequest, pk: int) -> HttpResponse:
        user = get_object_or_404(selectors.users(request.user), pk=pk)
        require_permission(request, "accounts.view_user", user)
        history = (
            AuditEvent.objects.for_object(user).select_related("object_type")[:30]
            if request.user.has_perm("core.view_auditevent")
            else None
        )
        return render(
            request,
            "accounts/user_detail.html",
            {
                "subject": user,
                "history": history,
                "can_change": request.user.has_perm("accounts.change_user", user),
            },
        )


class UserCreateView(ServiceFormView):
    permission = "accounts.add_user"
    form_class = forms.UserCreateForm
    title = gettext_lazy("New user")

    def perform(self, request: HttpRequest, form: Form, obj: Model | None) -> Model:
        return services.create_user(actor=request.user, **form.cleaned_data)


class UserEditView(ServiceFormView):
    permission = "accounts.change_user"
    form_class = forms.UserForm
    title = gettext_lazy("Edit user")

    def get_object(self, request: HttpRequest, **kwargs: Any) -> User:
        return get_object_or_404(User, pk=kwargs["pk"])

    def get_form(self, request: HttpRequest, obj: Any, data: Any = None) -> Form:
        initial = {name: getattr(obj, name) for name in services.USER_FIELDS}
        return self.form_class(data, initial=initial)

    def perform(self, request: HttpRequest, form: Form, obj: Any) -> Model:
        return services.update_user(actor=request.user, user=obj, **form.cleaned_data)


@require_POST
def user_unlock(request: HttpRequest, pk: int) -> HttpResponse:
    user = get_object_or_404(User, pk=pk)
    require_permission(request, "accounts.unlock_user", user)
    services.unlock_user(actor=request.user, user=user)
    messages.success(request, _("The account was unlocked."))
    return redirect(reverse("accounts:user_detail", args=[user.pk]))


def organisation_suggest(request: HttpRequest) -> HttpResponse:
    """Up to 15 organisations whose name or credit code contains what the user typed: the
    <option>s of an organisation chooser's datalist."""
    text = next((str(v).strip() for v in request.GET.values() if str(v).strip()), "")
    found = selectors.organisation_suggestions(request.user, text) if len(text) >= 2 else []
    return render(
        request,
        "accounts/_organisation_options.html",
        {
            "organisations": [
                {"label": label(o), "detail": o.get_province_display() or ""} for o in found
            ]
        },
    )
