"""The secretariat's special procedures screens: country visits and communications.
Thin: selectors read (and limit to what the user may see), services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from nrtd.concurrency import RecordChanged
from nrtd.web import add_form_errors, require
from recommendations.special import selectors, services
from recommendations.special.forms import CommunicationForm, ReplyForm, VisitForm

GET_POST = ["GET", "HEAD", "POST"]
PAGE_SIZE = 50


def _page(request, rows):
    """(page of rows, the query string without the page) of a list."""
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


def _status(form, conflict) -> int:
    return 409 if conflict else (400 if form.errors else 200)


def _save(request, form, call):
    """(saved record, conflict) of a valid posted form handed to ``call``: a version saved
    meanwhile gives the conflict, whose form then aims the user's input at that version."""
    try:
        return call(), None
    except RecordChanged as exc:
        return None, exc
    except ValidationError as exc:
        add_form_errors(form, exc)
    return None, None


def _conflict_form(form_class, request, exc, **kwargs):
    data = request.POST.copy()
    data["version"] = exc.current.version
    return form_class(data, request.FILES or None, **kwargs)


# --- visits --------------------------------------------------------------------------------


@login_required
@require_safe
def visit_list(request):
    require(request.user, services.VIEW)
    filterset = selectors.VisitFilter(
        request.GET or None, queryset=selectors.visits_visible_to(request.user)
    )
    page, query = _page(request, filterset.qs)
    return render(
        request,
        "special/visit_list.html",
        {
            "filterset": filterset,
            "visits": page.object_list,
            "page": page,
            "query": query,
            "can_manage": request.user.has_perm(services.MANAGE),
        },
    )


@login_required
@require_http_methods(GET_POST)
def visit_create(request):
    require(request.user, services.MANAGE)
    form = VisitForm(request.POST or None, initial={"requested_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        visit, _conflict = _save(
            request,
            form,
            lambda: services.visit_create(actor=request.user, **form.service_kwargs()),
        )
        if visit:
            messages.success(request, _("Visit saved."))
            return redirect("special:visit_detail", pk=visit.pk)
    return render(
        request, "special/visit_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_safe
def visit_detail(request, pk: int):
    require(request.user, services.VIEW)
    visit = get_object_or_404(selectors.visits_visible_to(request.user), pk=pk)
    return render(
        request,
        "special/visit_detail.html",
        {
            "visit": visit,
            "entries": selectors.history_of(visit),
            "can_manage": request.user.has_perm(services.MANAGE, visit),
        },
    )


@login_required
@require_http_methods(GET_POST)
def visit_edit(request, pk: int):
    require(request.user, services.VIEW)
    visit = get_object_or_404(selectors.visits_visible_to(request.user), pk=pk)
    require(request.user, services.MANAGE, visit)
    conflict = None
    if request.method == "POST":
        form = VisitForm(request.POST, visit=visit)
        if form.is_valid():
            saved, conflict = _save(
                request,
                form,
                lambda: services.visit_update(
                    actor=request.user,
                    visit=visit,
                    expected_version=form.cleaned_data["version"] or 0,
                    **form.service_kwargs(),
                ),
            )
            if saved:
                messages.success(request, _("Visit saved."))
                return redirect("special:visit_detail", pk=visit.pk)
            if conflict:
                form = _conflict_form(VisitForm, request, conflict, visit=conflict.current)
    else:
        form = VisitForm(initial=VisitForm.initial_for(visit), visit=visit)
    return render(
        request,
        "special/visit_form.html",
        {"form": form, "visit": visit, "conflict": conflict},
        status=_status(form, conflict),
    )


# --- communications ------------------------------------------------------------------------


@login_required
@require_safe
def communication_list(request):
    require(request.user, services.VIEW)
    filterset = selectors.CommunicationFilter(
        request.GET or None, queryset=selectors.communications_visible_to(request.user)
    )
    page, query = _page(request, filterset.qs)
    return render(
        request,
        "special/communication_list.html",
        {
            "filterset": filterset,
            "communications": page.object_list,
            "page": page,
            "query": query,
            "today": timezone.localdate(),
            "can_manage": request.user.has_perm(services.MANAGE),
        },
    )


@login_required
@require_http_methods(GET_POST)
def communication_create(request):
    require(request.user, services.MANAGE)
    form = CommunicationForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        communication, _conflict = _save(
            request,
            form,
            lambda: services.communication_create(actor=request.user, **form.service_kwargs()),
        )
        if communication:
            messages.success(request, _("Communication saved."))
            return redirect("special:communication_detail", pk=communication.pk)
    return render(
        request,
        "special/communication_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def communication_detail(request, pk: int):
    require(request.user, services.VIEW)
    communication = get_object_or_404(selectors.communications_visible_to(request.user), pk=pk)
    return render(
        request,
        "special/communication_detail.html",
        {
            "communication": communication,
            "entries": selectors.history_of(communication),
            "can_manage": request.user.has_perm(services.MANAGE, communication),
        },
    )


@login_required
@require_http_methods(GET_POST)
def communication_edit(request, pk: int):
    require(request.user, services.VIEW)
    communication = get_object_or_404(selectors.communications_visible_to(request.user), pk=pk)
    require(request.user, services.MANAGE, communication)
    conflict = None
    if request.method == "POST":
        form = CommunicationForm(request.POST)
        if form.is_valid():
            saved, conflict = _save(
                request,
                form,
                lambda: services.communication_update(
                    actor=request.user,
                    communication=communication,
                    expected_version=form.cleaned_data["version"] or 0,
                    **form.service_kwargs(),
                ),
            )
            if saved:
                messages.success(request, _("Communication saved."))
                return redirect("special:communication_detail", pk=communication.pk)
            if conflict:
                form = _conflict_form(CommunicationForm, request, conflict)
    else:
        form = CommunicationForm(initial=CommunicationForm.initial_for(communication))
    return render(
        request,
        "special/communication_form.html",
        {"form": form, "communication": communication, "conflict": conflict},
        status=_status(form, conflict),
    )


@login_required
@require_http_methods(GET_POST)
def communication_reply(request, pk: int):
    """Record the State's reply: its date and the reply document."""
    require(request.user, services.VIEW)
    communication = get_object_or_404(selectors.communications_visible_to(request.user), pk=pk)
    require(request.user, services.MANAGE, communication)
    conflict = None
    if request.method == "POST":
        form = ReplyForm(request.POST, request.FILES)
        if form.is_valid():
            saved, conflict = _save(
                request,
                form,
                lambda: services.communication_reply(
                    actor=request.user,
                    communication=communication,
                    expected_version=form.cleaned_data["version"] or 0,
                    replied_on=form.cleaned_data["replied_on"],
                    document=form.cleaned_data["reply_document"],
                ),
            )
            if saved:
                messages.success(request, _("Reply recorded."))
                return redirect("special:communication_detail", pk=communication.pk)
            if conflict:
                form = _conflict_form(ReplyForm, request, conflict)
    else:
        form = ReplyForm(initial=ReplyForm.initial_for(communication))
    return render(
        request,
        "special/reply_form.html",
        {"form": form, "communication": communication, "conflict": conflict},
        status=_status(form, conflict),
    )


@login_required
@require_safe
def communication_document(request, pk: int):
    """The reply document, served to those who may read the communication, never from a
    public address."""
    require(request.user, services.VIEW)
    communication = get_object_or_404(selectors.communications_visible_to(request.user), pk=pk)
    if not communication.reply_document:
        raise Http404
    response = FileResponse(
        communication.reply_document.open("rb"),
        as_attachment=True,
        filename=communication.reply_document_name or "reply",
        content_type=communication.reply_content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
