"""The reporting calendar: due dates, their editing, and the iCalendar feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nrtd.web import form_page, require
from reporting.forms import DeadlineForm
from reporting.models import CalendarFeed, Deadline
from reporting.selectors.calendar import calendar_entries
from reporting.services import calendar as calendar_services


@require_safe
@login_required
def calendar(request):
    require(request.user, "reporting.view_calendar")
    today = timezone.localdate()
    entries = calendar_entries(request.user, today)
    for entry in entries:
        entry.overdue = entry.is_overdue(today)
    feed = CalendarFeed.objects.filter(user=request.user).first()
    feed_url = (
        request.build_absolute_uri(reverse("reporting:calendar_feed", args=[feed.token]))
        if feed
        else ""
    )
    return render(
        request,
        "reporting/calendar.html",
        {
            "entries": entries,
            "today": today,
            "feed_url": feed_url,
            "can_manage": request.user.has_perm("reporting.manage_calendar"),
            "active": "calendar",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def deadline_edit(request, pk=None):
    if pk is None:
        require(request.user, "reporting.manage_calendar")
        deadline = Deadline()
    else:
        deadline = get_object_or_404(Deadline, pk=pk)
        require(request.user, "reporting.manage_calendar", visible="reporting.view_calendar")
    form = DeadlineForm(request.POST if request.method == "POST" else None, instance=deadline)
    if request.method == "POST" and form.is_valid():
        calendar_services.deadline_save(actor=request.user, deadline=form.save(commit=False))
        return redirect("reporting:calendar")
    return form_page(
        request,
        "reporting/deadline_form.html",
        {"form": form, "deadline": deadline, "active": "calendar"},
    )


@require_POST
@login_required
def calendar_sync(request):
    require(request.user, "reporting.manage_calendar")
    created = calendar_services.calendar_sync_reviews(actor=request.user)
    messages.success(request, _("%(n)s due date(s) added from the reviews.") % {"n": created})
    return redirect("reporting:calendar")


@require_POST
@login_required
def calendar_feed_reset(request):
    require(request.user, "reporting.view_calendar")
    calendar_services.calendar_feed_for(request.user, regenerate=True)
    messages.success(request, _("Your calendar address was renewed; the old one no longer works."))
    return redirect("reporting:calendar")


def _ics(request, user) -> HttpResponse:
    body = calendar_services.ics_calendar(calendar_entries(user), host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="reporting-calendar.ics"'
    return response


@require_safe
@login_required
def calendar_ics(request):
    require(request.user, "reporting.view_calendar")
    return _ics(request, request.user)


@require_safe
def calendar_feed(request, token):
    """The address calendar apps subscribe to: the secret token stands for the login."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active or not feed.user.has_perm("reporting.view_calendar"):
        raise Http404
    return _ics(request, feed.user)
