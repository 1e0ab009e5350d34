from django.contrib.auth import views as auth_views
from django.urls import path

from gtis.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("language/", views.switch_language, name="switch_language"),
    path("profile/", views.profile, name="profile"),
    path("profile/token/", views.issue_token, name="issue_token"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="accounts/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path("departments/", views.DepartmentListView.as_view(), name="department_list"),
    path("departments/<slug:code>/", views.department_detail, name="department_detail"),
    path("organisations/suggest/", views.organisation_suggest, name="organisation_suggest"),
    path("organisations/new/", views.OrganisationCreateView.as_view(), name="organisation_create"),
    path(
        "organisations/<int:pk>/edit/",
        views.OrganisationEditView.as_view(),
        name="organisation_edit",
    ),
    path("users/", views.UserListView.as_view(), name="user_list"),
    path("users/new/", views.UserCreateView.as_view(), name="user_create"),
    path("users/<int:pk>/", views.UserDetailView.as_view(), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path("users/<int:pk>/unlock/", views.user_unlock, name="user_unlock"),
]
