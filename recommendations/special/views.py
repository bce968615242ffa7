"""The secretariat's special procedures screens: country visits and communications.
Thin: selectors read (and limit to what the user may see), services write."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_http_methods, require_safe

from nrtd.web import create_page, edit_page, require
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
    return create_page(
        request,
        form,
        lambda: create(actor=request.user, **form.service_kwargs()),
        template=f"special/{name}_form.html",
        message=message,
        done=f"special:{name}_detail",
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


# --- the four pages of each kind ----------------------------------------------------------


@dataclass(frozen=True)
class _Kind:
    """A kind of special procedures record and what its pages call."""

    name: str
    visible_to: Callable
    filter_class: type
    form_class: type
    starts_on: str  # the date field a new record's form starts at today
    create: Callable
    update: Callable
    saved: str


def _pages(kind: _Kind):
    """The list, create, detail and edit views of one kind of record."""

    @login_required
    @require_safe
    def list_view(request):
        return _list(
            request, kind.name, kind.visible_to, kind.filter_class, today=timezone.localdate()
        )

    @login_required
    @require_http_methods(GET_POST)
    def create_view(request):
        return _create(
            request,
            kind.name,
            kind.form_class,
            initial={kind.starts_on: timezone.localdate()},
            create=kind.create,
            message=_(kind.saved),
        )

    @login_required
    @require_safe
    def detail_view(request, pk: int):
        return _detail(request, kind.name, kind.visible_to, pk)

    @login_required
    @require_http_methods(GET_POST)
    def edit_view(request, pk: int):
        return _edit(
            request,
            kind.name,
            _visible(request, kind.visible_to, pk, manage=True),
            form_class=kind.form_class,
            update=kind.update,
            message=_(kind.saved),
        )

    return list_view, create_view, detail_view, edit_view


visit_list, visit_create, visit_detail, visit_edit = _pages(
    _Kind(
        "visit",
        selectors.visits_visible_to,
        selectors.VisitFilter,
        VisitForm,
        starts_on="requested_on",
        create=services.visit_create,
        update=services.visit_update,
        saved=gettext_noop("Visit saved."),
    )
)
communication_list, communication_create, communication_detail, communication_edit = _pages(
    _Kind(
        "communication",
        selectors.communications_visible_to,
        selectors.CommunicationFilter,
        CommunicationForm,
        starts_on="received_on",
        create=services.communication_create,
        update=services.communication_update,
        saved=gettext_noop("Communication saved."),
    )
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
