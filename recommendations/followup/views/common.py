"""What every follow-up screen shares: the read gates, the htmx status rule, the conflict
form, linking an existing activity or indicator, and attaching evidence."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _

from nrtd.web import require
from recommendations.followup import selectors
from recommendations.followup.evidence import evidence_add

PAGE_SIZE = 25


def require_followup_access(user) -> None:
    require(user, "recommendations.view_workspace")


def hide_from_outsiders(user) -> None:
    # Internal follow-up records do not exist for those who may not read them.
    if not user.has_perm("recommendations.view_workspace"):
        raise Http404


def htmx_status(request, code: int) -> int:
    # htmx does not swap 4xx answers; the panel with its errors must still replace the form.
    return 200 if request.htmx else code


def link_existing(request, pk, form_class, *, linkable, link, linked, missing, anchor):
    """Link an existing activity or indicator, chosen in the posted ``form_class`` (a
    LinkForm) among ``linkable(user, recommendation)``, to the recommendation ``pk`` with the
    ``link`` service; back to the recommendation's follow-up page, at its list (``anchor``)."""
    rec = selectors.followup_recommendation(request.user, pk)
    require(request.user, "recommendations.update_progress", rec)
    form = form_class(request.POST, choices=linkable(request.user, rec))
    if form.is_valid():
        link(actor=request.user, recommendation=rec, **{form.field_name: form.chosen()})
        messages.success(request, linked)
    else:
        messages.error(request, missing)
    return redirect(reverse("followup:followup", args=[rec.pk]) + anchor)


def evidence_upload(request, form_class, **attach_to) -> None:
    """Attach a posted evidence file to a progress update or an activity; the outcome is
    told with a message (the page redirects back either way)."""
    form = form_class(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return
    try:
        evidence_add(actor=request.user, upload=form.cleaned_data["evidence"], **attach_to)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("File added."))
