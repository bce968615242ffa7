"""The API asks the same django-rules permissions as the browser.

A view names the permission of each action in ``rules_permissions``: ``{"create":
"recommendations.add_activity", "progress:post": "recommendations.update_progress"}``.
Permissions asked without an object are checked before the view runs; those listed in
``rules_object_permissions`` are asked about the object the action works on (the record, or
the recommendation of a nested route), after it was found in what the user may see. An
object the user may not see answers 404, one they may see but not change answers 403, and
an anonymous caller is asked to authenticate (401).
"""

from __future__ import annotations

from rest_framework import exceptions
from rest_framework.permissions import BasePermission


def _action(request, view) -> str:
    """The key of ``rules_permissions``: ``"<action>:<method>"`` when the view names one (an
    action answering GET and POST, e.g. ``"progress:post"``), else the action."""
    action = getattr(view, "action", None) or request.method.lower()
    qualified = f"{action}:{request.method.lower()}"
    return qualified if qualified in getattr(view, "rules_permissions", {}) else action


class RulesPermission(BasePermission):
    def _deny(self, request):
        if not request.user or not request.user.is_authenticated:
            raise exceptions.NotAuthenticated()
        return False

    def has_permission(self, request, view) -> bool:
        action = _action(request, view)
        perm = getattr(view, "rules_permissions", {}).get(action)
        if perm is None:
            return True
        if action in getattr(view, "rules_object_permissions", ()):
            # Asked about the object; an anonymous caller cannot have it anyway.
            return bool(request.user and request.user.is_authenticated) or self._deny(request)
        return request.user.has_perm(perm) or self._deny(request)

    def has_object_permission(self, request, view, obj) -> bool:
        action = _action(request, view)
        if action not in getattr(view, "rules_object_permissions", ()):
            return True
        perm = view.rules_permissions[action]
        return request.user.has_perm(perm, obj) or self._deny(request)


def require(request, perm: str, obj=None) -> None:
    """Inside a view: 401 for an anonymous caller, 403 for a user without ``perm``."""
    if request.user.has_perm(perm, obj):
        return
    if not request.user.is_authenticated:
        raise exceptions.NotAuthenticated()
    raise exceptions.PermissionDenied()


class DenyAll(BasePermission):
    """DRF's default: an endpoint that names no permission refuses everyone."""

    def has_permission(self, request, view) -> bool:
        return False
