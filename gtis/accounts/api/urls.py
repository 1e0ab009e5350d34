from django.urls import path
from rest_framework.authtoken.views import obtain_auth_token
from rest_framework.routers import DefaultRouter

from gtis.accounts.api import views

router = DefaultRouter()
router.register("departments", views.DepartmentViewSet)
router.register("users", views.UserViewSet)
urlpatterns = [path("token/", obtain_auth_token, name="api-token"), *router.urls]
