from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from gtis.accounts import services
from gtis.accounts.models import (
    Department,
    Organisation,
    OrganisationKind,
    OrganisationRole,
    OrganisationSize,
    User,
)
from gtis.accounts.regions import Province
from gtis.core.roles import Role


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        **auth_forms.AuthenticationForm.error_messages,
        "locked": _(
            "This account is locked after repeated failed sign-ins until %(until)s. "
            "Try again then, or ask a platform administrator to unlock it."
        ),
    }

    def clean(self) -> dict[str, Any]:
        username = self.cleaned_data.get("username")
        user = User.objects.filter(username=username).first() if username else None
        try:
            return super().clean()
        except forms.ValidationError:
            if user is not None:
                user.refresh_from_db(fields=["locked_until"])
                if user.is_locked:
                    until = formats.date_format(
                        timezone.localtime(user.locked_until), "DATETIME_FORMAT"
                    )
                    raise forms.ValidationError(
                        self.error_messages["locked"], code="locked", params={"until": until}
                    ) from None
            raise


class PasswordChangeForm(auth_forms.PasswordChangeForm):
    def save(self, commit: bool = True) -> Any:
        return services.set_password(
            actor=self.user,
            user=self.user,
            password=self.cleaned_data["new_password1"],
            reason="change",
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    def save(self, commit: bool = True) -> Any:
        return services.set_password(
            actor=None, user=self.user, password=self.cleaned_data["new_password1"], reason="reset"
        )


class ProfileForm(forms.Form):
    full_name = forms.CharField(label=_("Full name"), max_length=100)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)


class UserForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name = forms.CharField(label=_("Full name"), max_length=100)
    email = forms.EmailField(label=_("Email"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    department = forms.ModelChoiceField(
        label=_("Department"), queryset=Department.objects.filter(is_active=True), required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
    )
    organisation_role = forms.ChoiceField(
        label=_("Role in the organisation"),
        choices=[("", "---------"), *OrganisationRole.choices],
        required=False,
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class UserCreateForm(UserForm):
    password = forms.CharField(
        label=_("Initial password"),
        widget=forms.PasswordInput(render_value=False),
        help_text=password_validators_help_text_html(),
    )


class OrganisationForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    credit_code = forms.CharField(
        label=_("Unified social credit code"),
        max_length=30,
        required=False,
        help_text=_("18 characters, as printed on the business licence."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=OrganisationKind.choices)
    province = forms.ChoiceField(
        label=_("Province"), required=False, choices=[("", "---------"), *Province.choices]
    )
    city = forms.CharField(label=_("City"), max_length=50, required=False)
    industry = forms.CharField(label=_("Industry"), max_length=100, required=False)
    size = forms.ChoiceField(
        label=_("Size"), required=False, choices=[("", "---------"), *OrganisationSize.choices]
    )
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    public_contact = forms.CharField(label=_("Public contact"), max_length=200, required=False)
    private_contact = forms.CharField(
        label=_("Private contact"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)
