from typing import TYPE_CHECKING, Any

from rest_framework.permissions import BasePermission

if TYPE_CHECKING:  # rest_framework.views imports this module through its settings
    from rest_framework.request import Request
    from rest_framework.views import APIView

ACTION_VERBS = {
    "list": "view",
    "retrieve": "view",
    "create": "add",
    "update": "change",
    "partial_update": "change",
    "destroy": "delete",
}
METHOD_VERBS = {
    "GET": "view",
    "HEAD": "view",
    "OPTIONS": "view",
    "POST": "add",
    "PUT": "change",
    "PATCH": "change",
    "DELETE": "delete",
}


class RulesPermission(BasePermission):
    """Asks the `rules` permissions (`<app>.<verb>_<model>`) for every API call.

    A viewset names its extra actions' permissions in `permission_map`, e.g.
    `{"unlock": "accounts.unlock_user"}`; `None` there means any signed-in user.
    """

    def has_permission(self, request: "Request", view: "APIView") -> bool:
        if getattr(view, "detail", False):
            return True  # decided per object in has_object_permission, once get_object() finds it
        perm = self.permission_for(request, view)
        if perm is None:
            return bool(request.user and request.user.is_authenticated)
        return request.user.has_perm(perm)

    def has_object_permission(self, request: "Request", view: "APIView", obj: Any) -> bool:
        perm = self.permission_for(request, view)
        if perm is None:
            return bool(request.user and request.user.is_authenticated)
        return request.user.has_perm(perm, obj)

    @staticmethod
    def permission_for(request: "Request", view: "APIView") -> str | None:
        action = getattr(view, "action", None)
        explicit = getattr(view, "permission_map", {})
        if action in explicit:
            return explicit[action]
        queryset = getattr(view, "queryset", None)
        if queryset is None:
            return None
        verb = ACTION_VERBS.get(action or "") or METHOD_VERBS.get(request.method or "GET", "view")
        meta = queryset.model._meta
        return f"{meta.app_label}.{verb}_{meta.model_name}"
