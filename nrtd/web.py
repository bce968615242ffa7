"""Request helpers shared by every app's views and services.

- ``require``: an object the user may not see answers 404; one they may see but not change
  answers 403. Services call it too (without ``visible``), so a refused write is the same
  PermissionDenied whichever door it came through.
- ``safe_next``: the ``next`` parameter, only when it points back into this site.
- ``add_form_errors``: a service's ValidationError shown on the form the user filled in.
- ``form_page``: a page with a form, answering 400 when the form has errors.
- ``create_page``: the whole page that creates a record (created: a message and a
  redirect to its page; else the form, 400 with errors).
- ``call_service``: a valid form handed to a service; its refusal shown on the form.
- ``save_versioned``: a valid form handed to a service that checks the record's version.
- ``versioned_edit``: the form, conflict and outcome of a versioned record's edit page;
  ``edit_status`` its status code; ``edit_page`` the whole page (saved: a message and a
  redirect; else the form, 409 after a conflict, 400 with errors).
- ``job_action``: a job handed to a service that retries or cancels it; a refusal is a
  message on the job's page, a broker that refuses the job answers 503 there.
- ``queue_job``: a valid form handed to a service that queues a job; 503 when the broker
  refuses it.
- ``client_address``: the client's IP address, behind the documented proxy too (login
  lockout, registration and posting limits).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
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


def form_page(request, template: str, context: dict, *, status: int = 200):
    """Render ``template`` with ``context``, whose ``form`` sets the status: 400 when it has
    errors. A ``status`` other than 200 (a broker refusing a job: 503) wins."""
    if status == 200 and context["form"].errors:
        status = 400
    return render(request, template, context, status=status)


def call_service(form, call):
    """``call()``, a service given the values of ``form``, when the form is valid: what the
    service returns. None when the form is not valid (or not bound: a GET of a page built on
    ``request.POST or None``), or when the service refuses (its errors then stand on the
    form, beside what the user typed)."""
    if not form.is_valid():
        return None
    try:
        return call()
    except ValidationError as exc:
        add_form_errors(form, exc)
        return None


def save_versioned(request, form, call, *, rebuild=None):
    """Hand a valid posted ``form`` to ``call()``, a service that checks the record's
    version. Returns (conflict, form): saved when there is no conflict and the form has no
    errors; a service's refusal puts its errors on the form; a version saved meanwhile gives
    the RecordChanged and a new form keeping what the user typed, aimed at that version, so
    saving again applies it over it (``rebuild(data, conflict)`` makes it; default: the
    same form class on the data and files)."""
    from nrtd.concurrency import RecordChanged

    try:
        call()
    except RecordChanged as conflict:
        data = request.POST.copy()
        data["version"] = conflict.current.version
        if rebuild is not None:
            return conflict, rebuild(data, conflict)
        return conflict, type(form)(data, request.FILES or None)
    except ValidationError as exc:
        add_form_errors(form, exc)
    return None, form


def create_page(request, form, create, *, template: str, context=None, message, done: str):
    """A page that creates a record: a valid posted ``form`` goes to ``create()`` (a service
    given the form's values); the record it returns is announced with ``message`` (a text,
    or a function of the record) and shown at the URL named ``done`` (its ``pk``). Else the
    form, with ``context``."""
    created = call_service(form, create)
    if created is not None:
        messages.success(request, message(created) if callable(message) else message)
        return redirect(done, pk=created.pk)
    return form_page(request, template, {"form": form, **(context or {})})


def versioned_edit(request, form_class, record, update, *, kwargs_for=None, **form_kwargs):
    """(form, conflict, saved) of the edit page of a versioned ``record``. GET: the form of
    the record (``form_class.initial_for``). POST: a valid form's ``service_kwargs()`` and
    the version the user read go to ``update(actor=..., expected_version=..., **values)``;
    a version saved meanwhile gives the conflict and the user's input aimed at it.
    ``form_kwargs`` go to every form made (lists of choices); ``kwargs_for(edited)``, when
    given, adds what a form takes from the version it edits (the record, or the one saved
    meanwhile)."""

    def make(*args, edited, **kwargs):
        extra = kwargs_for(edited) if kwargs_for else {}
        return form_class(*args, **kwargs, **form_kwargs, **extra)

    if request.method != "POST":
        return make(initial=form_class.initial_for(record), edited=record), None, False
    form = make(request.POST, request.FILES or None, edited=record)
    if not form.is_valid():
        return form, None, False
    conflict, form = save_versioned(
        request,
        form,
        lambda: update(
            actor=request.user,
            expected_version=form.cleaned_data["version"] or 0,
            **form.service_kwargs(),
        ),
        rebuild=lambda data, conflict: make(data, request.FILES or None, edited=conflict.current),
    )
    return form, conflict, not conflict and not form.errors


def edit_status(form, conflict) -> int:
    """An edit page's status: 409 after a conflict, 400 with the form's errors, else 200."""
    return 409 if conflict else (400 if form.errors else 200)


def edit_page(
    request,
    form_class,
    record,
    update,
    *,
    template: str,
    context: dict,
    saved_message: str,
    done: str,
    **edit_kwargs,
):
    """The edit page of a versioned ``record`` (``versioned_edit``, with ``edit_kwargs``):
    once saved, ``saved_message`` and a redirect to the URL ``done``; else ``template``
    with ``context``, the form and the conflict, and the status ``edit_status`` gives."""
    form, conflict, saved = versioned_edit(request, form_class, record, update, **edit_kwargs)
    if saved:
        messages.success(request, saved_message)
        return redirect(done)
    return render(
        request,
        template,
        {**context, "form": form, "conflict": conflict},
        status=edit_status(form, conflict),
    )


def client_address(request) -> str | None:
    """REMOTE_ADDR; behind ``NRTD_PROXY_COUNT`` proxies, the address the outermost proxy saw.

    Each proxy appends the address it received from to X-Forwarded-For, so the entry that
    many places from the right is the client's; anything further left was sent by the
    client and is not trusted. With no proxy configured the header is ignored. None when
    unknown (django-axes stores the address in an inet column on PostgreSQL)."""
    count = settings.NRTD_PROXY_COUNT
    if count > 0:
        forwarded = [
            part.strip()
            for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if part.strip()
        ]
        if len(forwarded) >= count:
            return forwarded[-count]
    return request.META.get("REMOTE_ADDR") or None


def job_action(request, job, call, *, template: str, context, done: str):
    """Run ``call()`` (a service retrying or cancelling ``job``) and go back to ``done``; the
    service's refusal is a message there. When the broker refuses the job, answer 503 with
    ``template`` rendered for the reloaded job (``context(job)``)."""
    from nrtd.jobs import QueueUnavailable

    try:
        call()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    except QueueUnavailable as refused:
        messages.error(request, refused.message)
        job.refresh_from_db()
        return render(request, template, context(job), status=503)
    return redirect(done)


def queue_job(form, call) -> tuple[object | None, int]:
    """``call()`` for a valid ``form``: a service that queues a job (an import, a report, an
    upload). Returns what it returns with 200; or None with the status the page answers:
    400 with the form's errors (the service's refusal among them), 503 when the broker
    refused the job (said on the form)."""
    if not form.is_valid():
        return None, 400
    from nrtd.jobs import QueueUnavailable

    try:
        return call(), 200
    except ValidationError as exc:
        add_form_errors(form, exc)
    except QueueUnavailable as refused:
        form.add_error(None, refused.message)
        return None, 503
    return None, 400
