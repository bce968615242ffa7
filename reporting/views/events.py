"""Consultation events: the list, and the secretariat's form to record or correct one."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from nrtd.web import edit_status, require, save_versioned
from reporting.forms import ConsultationEventForm
from reporting.models import ConsultationEvent
from reporting.selectors.events import event_choices, events_visible_to
from reporting.services.events import MANAGE, consultation_event_save


@require_safe
@login_required
def event_list(request):
    require(request.user, "reporting.view_consultation_events")
    return render(
        request,
        "reporting/event_list.html",
        {
            "events": events_visible_to(request.user),
            "can_manage": request.user.has_perm(MANAGE),
            "active": "events",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def event_edit(request, pk=None):
    if pk is None:
        require(request.user, MANAGE)
        event = ConsultationEvent()
    else:
        event = get_object_or_404(events_visible_to(request.user), pk=pk)
        require(request.user, MANAGE)
    choices = event_choices(request.user)
    form = ConsultationEventForm(
        request.POST if request.method == "POST" else None, instance=event, choices=choices
    )
    conflict = None
    if request.method == "POST" and form.is_valid():
        # A version saved meanwhile keeps what the user typed, aimed at that version.
        conflict, form = save_versioned(
            request,
            form,
            lambda: consultation_event_save(
                actor=request.user,
                event=form.save(commit=False),
                organisations=form.cleaned_data["organisations"],
                expected_version=form.cleaned_data.get("version"),
            ),
            rebuild=lambda data, conflict: ConsultationEventForm(
                data, instance=conflict.current, choices=choices
            ),
        )
        if not conflict and not form.errors:
            messages.success(request, _("The event is recorded."))
            return redirect("reporting:event_list")
    return render(
        request,
        "reporting/event_form.html",
        {"form": form, "event": event, "conflict": conflict, "active": "events"},
        status=edit_status(form, conflict),
    )
