"""My work, a recommendation's follow-up page, progress updates and comments."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mechanisms.models import Institution
from mechanisms.rules import is_secretariat, user_institution_ids
from nrtd.web import add_form_errors, edit_status, require, safe_next, save_versioned
from recommendations.followup import rounds as round_services
from recommendations.followup import selectors, services
from recommendations.followup.dialogue_selectors import awaiting_answer
from recommendations.followup.evidence import evidence_add
from recommendations.followup.forms import (
    ActivityForm,
    CommentForm,
    EvidenceForm,
    LinkActivityForm,
    LinkIndicatorForm,
    ProgressEditForm,
    ProgressUpdateForm,
    ReviewForm,
)
from recommendations.followup.views.common import (
    PAGE_SIZE,
    evidence_upload,
    hide_from_outsiders,
    htmx_status,
    require_followup_access,
)
from recommendations.models import (
    Evidence,
    ProgressUpdate,
    UpdateRound,
)

MY_WORK_FILTERS = ["search", "status", "cluster", "body", "response", "institution"]


@login_required
@require_safe
def my_work(request):
    require_followup_access(request.user)
    work = selectors.my_work(request.user, request.GET)
    page = Paginator(work["rows"], PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    filterset = work["filterset"]
    context = {
        **work,
        "page": page,
        "groups": selectors.group_by_cluster(page.object_list),
        "filter_fields": [filterset.form[name] for name in MY_WORK_FILTERS],
        "query": query.urlencode(),
        "search": request.GET.get("search", ""),
        "can_manage_rounds": request.user.has_perm("recommendations.manage_rounds"),
        "awaiting_answer": awaiting_answer(request.user),
        "no_status": _("No status yet"),
        **_sheet_context(request.user),
    }
    template = "followup/my_work.html"
    if request.htmx and request.htmx.target == "my-work-results":
        template = "followup/_my_work_results.html"
    return render(request, template, context)


def _sheet_context(user) -> dict:
    """The institutions whose spreadsheet the user may download from My work: their own; for
    the secretariat, a choice of every active institution."""
    if not user.has_perm("recommendations.upload_sheet"):
        return {}
    if is_secretariat(user):
        return {
            "sheet_institutions": Institution.objects.filter(is_active=True).order_by("name"),
            "sheet_choose": True,
        }
    return {
        "sheet_institutions": Institution.objects.filter(
            pk__in=user_institution_ids(user)
        ).order_by("name")
    }


def _followup_context(request, rec, **forms) -> dict:
    user = request.user
    can_update = user.has_perm("recommendations.update_progress", rec)
    context = {
        "rec": rec,
        "history": selectors.progress_history(rec),
        "activities": selectors.recommendation_activities(rec),
        "indicators": selectors.recommendation_indicators(rec),
        "plan_items": rec.plan_items.select_related("plan", "responsible_institution"),
        "comments": selectors.recommendation_comments(rec),
        "can_update": can_update,
        "can_comment": user.has_perm("recommendations.comment_followup", rec),
        "can_review": user.has_perm("recommendations.review_progress"),
        "can_publish": user.has_perm("recommendations.publish_recommendation"),
        "can_reply": user.has_perm("recommendations.reply_to_stakeholders", rec),
        "open_tasks": rec.round_tasks.filter(
            update_round__status=UpdateRound.RoundStatus.OPEN
        ).select_related("update_round", "institution"),
    }
    if can_update:
        recommendations = selectors.recommendations_assignable_by(user)
        institutions = _activity_institutions(user)
        context.update(
            progress_form=forms.get("progress_form") or ProgressUpdateForm(),
            activity_form=forms.get("activity_form")
            or ActivityForm(
                initial={
                    "recommendations": [rec.pk],
                    "lead_institution": _default_institution(user, rec),
                },
                recommendations=recommendations,
                institutions=institutions,
            ),
            link_activity_form=LinkActivityForm(
                choices=selectors.activities_linkable_by(user, rec)
            ),
            link_indicator_form=LinkIndicatorForm(
                choices=selectors.indicators_linkable_by(user, rec)
            ),
        )
    if context["can_comment"]:
        context["comment_form"] = forms.get("comment_form") or CommentForm()
    return context


def _activity_institutions(user):
    if is_secretariat(user):
        return Institution.objects.filter(is_active=True)
    return Institution.objects.filter(pk__in=user_institution_ids(user))


def _default_institution(user, rec):
    mine = user_institution_ids(user)
    for assignment in rec.assignments.all():
        if assignment.institution_id in mine and assignment.role == "lead":
            return assignment.institution_id
    return min(mine) if mine else None


@login_required
@require_safe
def followup(request, pk):
    rec = selectors.followup_recommendation(request.user, pk)
    return render(request, "followup/followup.html", _followup_context(request, rec))


@login_required
@require_POST
def progress_add(request, pk):
    rec = selectors.followup_recommendation(request.user, pk)
    require(request.user, "recommendations.update_progress", rec)
    form = ProgressUpdateForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            update = _save_update(
                request,
                form,
                functools.partial(
                    services.progress_update_create,
                    recommendation=rec,
                    submit=request.POST.get("action") != "draft",
                ),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            message = {
                ProgressUpdate.State.DRAFT: _("Draft saved."),
                ProgressUpdate.State.SUBMITTED: _("Update submitted to the secretariat."),
                ProgressUpdate.State.ACCEPTED: _("Status updated."),
            }[update.state]
            if request.htmx:
                rec.refresh_from_db(fields=["status"])
                context = _followup_context(request, rec)
                context["flash"] = message
                return render(request, "followup/_progress.html", context)
            messages.success(request, message)
            return redirect("followup:followup", pk=rec.pk)
    context = _followup_context(request, rec, progress_form=form)
    template = "followup/_progress.html" if request.htmx else "followup/followup.html"
    return render(request, template, context, status=htmx_status(request, 400))


def _save_update(request, form, save) -> ProgressUpdate:
    """``save`` (the create or edit service) given the form's status, narrative and date,
    then the form's evidence file attached to the update it returns: one transaction, so a
    refused file saves nothing."""
    data = form.cleaned_data
    with transaction.atomic():
        update = save(
            actor=request.user,
            status=data["status"],
            narrative=data["narrative"],
            date=data["date"],
        )
        if data.get("evidence"):
            evidence_add(actor=request.user, upload=data["evidence"], progress_update=update)
    return update


def _update_for(request, pk) -> ProgressUpdate:
    hide_from_outsiders(request.user)
    return get_object_or_404(
        ProgressUpdate.objects.select_related("recommendation", "institution"), pk=pk
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def progress_edit(request, pk):
    update = _update_for(request, pk)
    require(request.user, "recommendations.change_progress_update", update)
    conflict = None
    if request.method == "POST":
        form = ProgressEditForm(request.POST, request.FILES)
        if form.is_valid():
            conflict, form = save_versioned(
                request,
                form,
                lambda: _save_update(
                    request,
                    form,
                    functools.partial(
                        services.progress_update_edit,
                        update=update,
                        expected_version=form.cleaned_data["version"],
                        submit=request.POST.get("action") == "submit",
                    ),
                ),
            )
            if not conflict and not form.errors:
                messages.success(request, _("Update saved."))
                return redirect("followup:followup", pk=update.recommendation_id)
    else:
        form = ProgressEditForm(
            initial={
                "version": update.version,
                "status": update.status,
                "narrative": update.narrative,
                "date": update.date,
            }
        )
    return render(
        request,
        "followup/progress_edit.html",
        {"update": update, "form": form, "conflict": conflict},
        status=edit_status(form, conflict),
    )


@login_required
@require_POST
def progress_review(request, pk):
    update = _update_for(request, pk)
    require(request.user, "recommendations.review_progress")
    form = ReviewForm(request.POST)
    default = reverse("followup:followup", args=[update.recommendation_id])
    if not form.is_valid():
        messages.error(request, _("Choose to accept or send back."))
        return redirect(safe_next(request, default))
    try:
        if form.cleaned_data["action"] == "accept":
            round_services.progress_update_accept(
                actor=request.user, update=update, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Update accepted."))
        else:
            round_services.progress_update_send_back(
                actor=request.user, update=update, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Update sent back to the institution."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(safe_next(request, default))


@login_required
@require_POST
def progress_evidence(request, pk):
    update = _update_for(request, pk)
    evidence_upload(request, EvidenceForm, progress_update=update)
    return redirect("followup:followup", pk=update.recommendation_id)


@login_required
@require_POST
def comment_add(request, pk):
    rec = selectors.followup_recommendation(request.user, pk)
    require(request.user, "recommendations.comment_followup", rec)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(actor=request.user, recommendation=rec, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Comment added."))
            return redirect(reverse("followup:followup", args=[rec.pk]) + "#comments")
    context = _followup_context(request, rec, comment_form=form)
    return render(request, "followup/followup.html", context, status=400)


@login_required
@require_safe
def evidence_download(request, pk):
    """Files are served through here only, to those allowed, never from a public URL."""
    evidence = get_object_or_404(Evidence, pk=pk)
    if not request.user.has_perm("recommendations.view_evidence", evidence):
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
