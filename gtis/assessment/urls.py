from django.urls import path

from gtis.assessment import views

app_name = "assessment"
urlpatterns = [
    path("", views.scheme_list, name="scheme_list"),
    path("schemes/new/", views.SchemeVersionCreateView.as_view(), name="scheme_version_create"),
    path("schemes/<slug:code>/", views.scheme_detail, name="scheme_detail"),
    path("schemes/<slug:code>/<int:pk>/", views.scheme_detail, name="scheme_version"),
]
