"""The secretariat's special procedures screens: country visits and communications.
Thin: selectors read (and limit to what the user may see), services write."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from nrtd.web import call_service, edit_page, require
from recommendations.special import selectors, services
from recommendations.special.forms import CommunicationForm, ReplyForm, VisitForm

GET_POST = ["GET", "HEAD", "POST"]
PAGE_SIZE = 50


def _page(request, rows):
    """(page of rows, the query string without the page) of a list."""
    query = request.GET.copy()
    query.pop("page", None)
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")), query.urlencode()


def _visible(request, visible_to, pk: int, *, manage: bool = False):
    """A visit or communication the user may see (404 otherwise), and may manage when
    ``manage`` (403 otherwise)."""
    require(request.user, services.VIEW)
    record = get_object_or_404(visible_to(request.user), pk=pk)
    if manage:
        require(request.user, services.MANAGE, record)
    return record


def _list(request, name: str, visible_to, filter_class, **extra):
    """The list page of visits or communications (``name``), filtered and paged."""
    require(request.user, services.VIEW)
    filterset = filter_class(request.GET or None, queryset=visible_to(request.user))
    page, query = _page(request, filterset.qs)
    context = {"filterset": filterset, f"{name}s": page.object_list, "page": page, "query": query}
    context.update(extra, can_manage=request.user.has_perm(services.MANAGE))
    return render(request, f"special/{name}_list.html", context)


def _create(request, name: str, form_class, *, initial: dict, create, message: str):
    """The create page of a visit or communication (``name``): a valid posted form is
    handed to the ``create`` service."""
    require(request.user, services.MANAGE)
    form = form_class(request.POST or None, initial=initial)
    created = call_service(form, lambda: create(actor=request.user, **form.service_kwargs()))
    if created is not None:
        messages.success(request, message)
        return redirect(f"special:{name}_detail", pk=created.pk)
    return render(
        request, f"special/{name}_form.html", {"form": form}, status=400 if form.errors else 200
    )


def _detail(request, name: str, visible_to, pk: int):
    record = _visible(request, visible_to, pk)
    context = {
        name: record,
        "entries": selectors.history_of(record),
        "can_manage": request.user.has_perm(services.MANAGE, record),
    }
    return render(request, f"special/{name}_detail.html", context)


def _edit(request, name: str, record, *, form_class, update, message: str, template: str = ""):
    """The edit page of a versioned ``record`` (a visit or a communication, ``name``): a
    valid posted form goes to ``update``; a version saved meanwhile answers 409 with the
    form aimed at that version."""
    # Only the visit form reads its visit (the stages it may move to).
    return edit_page(
        request,
        form_class,
        record,
        functools.partial(update, **{name: record}),
        kwargs_for=(lambda edited: {"visit": edited}) if name == "visit" else None,
        template=template or f"special/{name}_form.html",
        context={name: record},
        saved_message=message,
        done=reverse(f"special:{name}_detail", args=[record.pk]),
    )


# --- visits --------------------------------------------------------------------------------


@login_required
@require_safe
def visit_list(request):
    return _list(request, "visit", selectors.visits_visible_to, selectors.VisitFilter)


@login_required
@require_http_methods(GET_POST)
def visit_create(request):
    return _create(
        request,
        "visit",
        VisitForm,
        initial={"requested_on": timezone.localdate()},
        create=services.visit_create,
        message=_("Visit saved."),
    )


@login_required
@require_safe
def visit_detail(request, pk: int):
    return _detail(request, "visit", selectors.visits_visible_to, pk)


@login_required
@require_http_methods(GET_POST)
def visit_edit(request, pk: int):
    return _edit(
        request,
        "visit",
        _visible(request, selectors.visits_visible_to, pk, manage=True),
        form_class=VisitForm,
        update=services.visit_update,
        message=_("Visit saved."),
    )


# --- communications ------------------------------------------------------------------------


@login_required
@require_safe
def communication_list(request):
    return _list(
        request,
        "communication",
        selectors.communications_visible_to,
        selectors.CommunicationFilter,
        today=timezone.localdate(),
    )


@login_required
@require_http_methods(GET_POST)
def communication_create(request):
    return _create(
        request,
        "communication",
        CommunicationForm,
        initial={"received_on": timezone.localdate()},
        create=services.communication_create,
        message=_("Communication saved."),
    )


@login_required
@require_safe
def communication_detail(request, pk: int):
    return _detail(request, "communication", selectors.communications_visible_to, pk)


@login_required
@require_http_methods(GET_POST)
def communication_edit(request, pk: int):
    return _edit(
        request,
        "communication",
        _visible(request, selectors.communications_visible_to, pk, manage=True),
        form_class=CommunicationForm,
        update=services.communication_update,
        message=_("Communication saved."),
    )


@login_required
@require_http_methods(GET_POST)
def communication_reply(request, pk: int):
    """Record the State's reply: its date and the reply document."""
    return _edit(
        request,
        "communication",
        _visible(request, selectors.communications_visible_to, pk, manage=True),
        form_class=ReplyForm,
        update=services.communication_reply,
        message=_("Reply recorded."),
        template="special/reply_form.html",
    )


@login_required
@require_safe
def communication_document(request, pk: int):
    """The reply document, served to those who may read the communication, never from a
    public address."""
    communication = _visible(request, selectors.communications_visible_to, pk)
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
