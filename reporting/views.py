"""Reporting screens: report runs with live progress, drafts, consultations and the calendar.

Views are thin: they check the permission (404 when the user may not see the record, 403
when they may see it but not change it; 403 on a list page the role has no access to),
call a selector or a service, and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from reporting.exports.content import Block, word_count
from reporting.forms import (
    CommentForm,
    ConsultationForm,
    DeadlineForm,
    DraftForm,
    ReportRunForm,
    ResolveForm,
    SectionForm,
)
from reporting.models import (
    WORD_LIMIT,
    CalendarFeed,
    ConsultationComment,
    Deadline,
    OutputFormat,
    ReportDraft,
)
from reporting.selectors.calendar import deadlines
from reporting.selectors.consultations import comments_visible_to, consultations_visible_to
from reporting.selectors.drafts import current_sections, drafts_visible_to
from reporting.selectors.runs import runs_visible_to
from reporting.services import calendar as calendar_services
from reporting.services import drafts as draft_services
from reporting.services import runs as run_services

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _require(request, perm: str, obj=None) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def _apply_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


# --- report runs ---------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def run_list(request):
    _require(request, "reporting.view_reports")
    form = ReportRunForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        _require(request, "reporting.run_reports")
        if form.is_valid():
            data = form.cleaned_data
            try:
                run = run_services.report_run_create(actor=request.user, **data)
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                return redirect("reporting:run_detail", pk=run.pk)
    runs = runs_visible_to(request.user)[:30]
    return render(
        request,
        "reporting/run_list.html",
        {"form": form, "runs": runs, "active": "runs"},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def run_detail(request, pk):
    run = get_object_or_404(runs_visible_to(request.user), pk=pk)
    template = "reporting/_run_status.html" if request.htmx else "reporting/run_detail.html"
    return render(request, template, {"run": run, "active": "runs"})


@require_POST
@login_required
def run_cancel(request, pk):
    run = get_object_or_404(runs_visible_to(request.user), pk=pk)
    _require(request, "reporting.run_reports")
    try:
        run_services.report_run_cancel(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reporting:run_detail", pk=run.pk)


@require_POST
@login_required
def run_retry(request, pk):
    run = get_object_or_404(runs_visible_to(request.user), pk=pk)
    _require(request, "reporting.run_reports")
    try:
        run_services.report_run_retry(actor=request.user, run=run)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("reporting:run_detail", pk=run.pk)


@require_GET
@login_required
def run_download(request, pk, fmt):
    run = get_object_or_404(runs_visible_to(request.user), pk=pk)
    if fmt not in OutputFormat.values:
        raise Http404
    field = run.file_for(fmt)
    if not field or not field.storage.exists(field.name):
        raise Http404
    return FileResponse(
        field.open("rb"),
        as_attachment=True,
        filename=field.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES[fmt],
    )


# --- drafts --------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def draft_list(request):
    _require(request, "reporting.view_drafts")
    form = DraftForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        _require(request, "reporting.manage_drafts")
        if form.is_valid():
            draft = draft_services.draft_create(actor=request.user, **form.cleaned_data)
            return redirect("reporting:draft_detail", pk=draft.pk)
    drafts = drafts_visible_to(request.user)
    return render(
        request,
        "reporting/draft_list.html",
        {"form": form, "drafts": drafts, "active": "drafts"},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def draft_detail(request, pk):
    draft = get_object_or_404(drafts_visible_to(request.user), pk=pk)
    current = current_sections(draft)
    sections = [
        {"key": key, "label": label, "version": current.get(key)}
        for key, label in ReportDraft.Section.choices
    ]
    words = word_count(Block("p", v.text) for v in current.values())
    return render(
        request,
        "reporting/draft_detail.html",
        {
            "draft": draft,
            "sections": sections,
            "words": words,
            "word_limit": WORD_LIMIT,
            "consultations": draft.consultations.all(),
            "active": "drafts",
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def section_edit(request, pk, section):
    draft = get_object_or_404(drafts_visible_to(request.user), pk=pk)
    if section not in ReportDraft.Section.values:
        raise Http404
    _require(request, "reporting.manage_drafts")
    versions = draft.versions.filter(section=section).select_related("author")
    latest = versions.first()
    if request.method == "POST":
        form = SectionForm(request.POST)
        if form.is_valid():
            try:
                saved = draft_services.draft_section_save(
                    actor=request.user,
                    draft=draft,
                    section=section,
                    text=form.cleaned_data["text"],
                    based_on=form.cleaned_data["based_on"],
                )
            except ValidationError as error:
                _apply_errors(form, error)
            else:
                if saved:
                    messages.success(request, _("Saved as version %(n)s.") % {"n": saved.number})
                else:
                    messages.info(request, _("No change: nothing saved."))
                return redirect("reporting:draft_detail", pk=draft.pk)
    else:
        form = SectionForm(
            initial={
                "text": latest.text if latest else "",
                "based_on": latest.number if latest else 0,
            }
        )
    return render(
        request,
        "reporting/section_form.html",
        {
            "draft": draft,
            "section_label": ReportDraft.Section(section).label,
            "form": form,
            "versions": versions[:20],
            "active": "drafts",
        },
        status=400 if form.errors else 200,
    )


# --- consultations -------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@login_required
def consultation_create(request, pk):
    draft = get_object_or_404(drafts_visible_to(request.user), pk=pk)
    _require(request, "reporting.manage_drafts")
    form = ConsultationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            consultation = draft_services.consultation_open(
                actor=request.user,
                draft=draft,
                consultation_url=request.build_absolute_uri(reverse("reporting:consultation_list")),
                **form.cleaned_data,
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            return redirect("reporting:consultation_detail", pk=consultation.pk)
    return render(
        request,
        "reporting/consultation_form.html",
        {"draft": draft, "form": form, "active": "consultations"},
        status=400 if form.errors else 200,
    )


@require_GET
@login_required
def consultation_list(request):
    _require(request, "reporting.list_consultations")
    consultations = consultations_visible_to(request.user)
    return render(
        request,
        "reporting/consultation_list.html",
        {"consultations": consultations, "active": "consultations"},
    )


def _consultation(request, pk):
    consultation = get_object_or_404(consultations_visible_to(request.user), pk=pk)
    if not request.user.has_perm("reporting.view_consultation", consultation):
        raise Http404
    return consultation


def _consultation_page(request, consultation, comment_form=None, status=200):
    labels = dict(ConsultationComment.SECTION_CHOICES)
    sections = [
        {"key": key, "label": label, "snapshot": consultation.snapshot.get(key)}
        for key, label in ReportDraft.Section.choices
    ]
    comments = list(comments_visible_to(request.user, consultation))
    for comment in comments:
        comment.section_label = labels.get(comment.section, comment.section)
    can_comment = request.user.has_perm("reporting.comment_consultation", consultation)
    can_manage = request.user.has_perm("reporting.manage_consultation", consultation)
    return render(
        request,
        "reporting/consultation_detail.html",
        {
            "consultation": consultation,
            "sections": sections,
            "comments": comments,
            "comment_form": comment_form or (CommentForm() if can_comment else None),
            "resolve_form": ResolveForm() if can_manage else None,
            "can_manage": can_manage,
            "active": "consultations",
        },
        status=status,
    )


@require_GET
@login_required
def consultation_detail(request, pk):
    return _consultation_page(request, _consultation(request, pk))


@require_POST
@login_required
def consultation_comment(request, pk):
    consultation = _consultation(request, pk)
    _require(request, "reporting.comment_consultation", consultation)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            draft_services.consultation_comment_add(
                actor=request.user, consultation=consultation, **form.cleaned_data
            )
        except ValidationError as error:
            _apply_errors(form, error)
        else:
            messages.success(request, _("Thank you: your comment was recorded."))
            return redirect("reporting:consultation_detail", pk=consultation.pk)
    return _consultation_page(request, consultation, comment_form=form, status=400)


@require_GET
@login_required
def consultation_attachment(request, pk):
    consultation = _consultation(request, pk)
    if not consultation.attachment:
        raise Http404
    return FileResponse(
        consultation.attachment.open("rb"),
        as_attachment=True,
        filename=consultation.attachment.name.rsplit("/", 1)[-1],
        content_type=CONTENT_TYPES["docx"],
    )


@require_POST
@login_required
def consultation_close(request, pk):
    consultation = _consultation(request, pk)
    _require(request, "reporting.manage_consultation", consultation)
    draft_services.consultation_close(actor=request.user, consultation=consultation)
    return redirect("reporting:consultation_detail", pk=consultation.pk)


@require_POST
@login_required
def comment_resolve(request, pk):
    comment = get_object_or_404(ConsultationComment.objects.select_related("consultation"), pk=pk)
    consultation = _consultation(request, comment.consultation_id)
    _require(request, "reporting.manage_consultation", consultation)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a resolution."))
    else:
        draft_services.consultation_comment_resolve(
            actor=request.user, comment=comment, **form.cleaned_data
        )
    return redirect(reverse("reporting:consultation_detail", args=[consultation.pk]) + "#comments")


# --- calendar ------------------------------------------------------------------------


@require_GET
@login_required
def calendar(request):
    _require(request, "reporting.view_calendar")
    today = timezone.localdate()
    entries = list(deadlines())
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


@require_http_methods(["GET", "POST"])
@login_required
def deadline_edit(request, pk=None):
    if pk is None:
        _require(request, "reporting.manage_calendar")
        deadline = Deadline()
    else:
        if not request.user.has_perm("reporting.view_calendar"):
            raise Http404
        deadline = get_object_or_404(Deadline, pk=pk)
        _require(request, "reporting.manage_calendar")
    form = DeadlineForm(request.POST if request.method == "POST" else None, instance=deadline)
    if request.method == "POST" and form.is_valid():
        calendar_services.deadline_save(actor=request.user, deadline=form.save(commit=False))
        return redirect("reporting:calendar")
    return render(
        request,
        "reporting/deadline_form.html",
        {"form": form, "deadline": deadline, "active": "calendar"},
        status=400 if form.errors else 200,
    )


@require_POST
@login_required
def calendar_sync(request):
    _require(request, "reporting.manage_calendar")
    created = calendar_services.calendar_sync_reviews(actor=request.user)
    messages.success(request, _("%(n)s due date(s) added from the reviews.") % {"n": created})
    return redirect("reporting:calendar")


@require_POST
@login_required
def calendar_feed_reset(request):
    _require(request, "reporting.view_calendar")
    calendar_services.calendar_feed_for(request.user, regenerate=True)
    messages.success(request, _("Your calendar address was renewed; the old one no longer works."))
    return redirect("reporting:calendar")


def _ics(request, user) -> HttpResponse:
    body = calendar_services.ics_calendar(deadlines(), host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="reporting-calendar.ics"'
    return response


@require_GET
@login_required
def calendar_ics(request):
    _require(request, "reporting.view_calendar")
    return _ics(request, request.user)


@require_GET
def calendar_feed(request, token):
    """The address calendar apps subscribe to: the secret token stands for the login."""
    feed = CalendarFeed.objects.filter(token=token).select_related("user").first()
    if feed is None or not feed.user.is_active or not feed.user.has_perm("reporting.view_calendar"):
        raise Http404
    return _ics(request, feed.user)
