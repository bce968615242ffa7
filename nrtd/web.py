"""Request helpers shared by every app's views and services.

- ``require``: an object the user may not see answers 404; one they may see but not change
  answers 403. Services call it too (without ``visible``), so a refused write is the same
  PermissionDenied whichever door it came through.
- ``safe_next``: the ``next`` parameter, only when it points back into this site.
- ``add_form_errors``: a service's ValidationError shown on the form the user filled in.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.http import url_has_allowed_host_and_scheme


def require(user, perm: str, obj=None, *, visible: bool | str = True) -> None:
    """Raise Http404 when the user may not see the object (``visible`` false, or a
    permission name the user lacks); PermissionDenied when they lack ``perm``."""
    if user is None:  # a service called without an actor: nobody to allow
        raise PermissionDenied
    if isinstance(visible, str):
        visible = user.has_perm(visible, obj)
    if not visible:
        raise Http404
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def safe_next(request, fallback: str = "") -> str:
    """The ``next`` of the form or query string when it stays on this site, else fallback."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def add_form_errors(form, exc: ValidationError) -> None:
    """Put a service's errors on the form's fields (or on the form when it has no such
    field), so the page shows them beside what the user typed."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
