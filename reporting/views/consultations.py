"""Consultations on a draft: opening one, the recipients' comments, and their resolution."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nrtd.web import add_form_errors, require
from reporting.exports import CONTENT_TYPES
from reporting.forms import CommentForm, ConsultationForm, ResolveForm
from reporting.models import ConsultationComment
from reporting.selectors.consultations import comments_visible_to, consultations_visible_to
from reporting.selectors.drafts import drafts_visible_to
from reporting.services import drafts as draft_services


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def consultation_create(request, pk):
    draft = get_object_or_404(drafts_visible_to(request.user), pk=pk)
    require(request.user, "reporting.manage_drafts")
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
            add_form_errors(form, error)
        else:
            return redirect("reporting:consultation_detail", pk=consultation.pk)
    return render(
        request,
        "reporting/consultation_form.html",
        {"draft": draft, "form": form, "active": "consultations"},
        status=400 if form.errors else 200,
    )


@require_safe
@login_required
def consultation_list(request):
    require(request.user, "reporting.list_consultations")
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
        {
            "key": section.value,
            "label": section.label,
            "snapshot": consultation.snapshot.get(section.value),
        }
        for section in consultation.draft.sections
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
            "comment_form": comment_form
            or (CommentForm(sections=consultation.draft.sections) if can_comment else None),
            "resolve_form": ResolveForm() if can_manage else None,
            "can_manage": can_manage,
            "active": "consultations",
        },
        status=status,
    )


@require_safe
@login_required
def consultation_detail(request, pk):
    return _consultation_page(request, _consultation(request, pk))


@require_POST
@login_required
def consultation_comment(request, pk):
    consultation = _consultation(request, pk)
    require(request.user, "reporting.comment_consultation", consultation)
    form = CommentForm(request.POST, sections=consultation.draft.sections)
    if form.is_valid():
        try:
            draft_services.consultation_comment_add(
                actor=request.user, consultation=consultation, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(request, _("Thank you: your comment was recorded."))
            return redirect("reporting:consultation_detail", pk=consultation.pk)
    return _consultation_page(request, consultation, comment_form=form, status=400)


@require_safe
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
    require(request.user, "reporting.manage_consultation", consultation)
    draft_services.consultation_close(actor=request.user, consultation=consultation)
    return redirect("reporting:consultation_detail", pk=consultation.pk)


@require_POST
@login_required
def comment_resolve(request, pk):
    comment = get_object_or_404(ConsultationComment.objects.select_related("consultation"), pk=pk)
    consultation = _consultation(request, comment.consultation_id)
    require(request.user, "reporting.manage_consultation", consultation)
    form = ResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a resolution."))
    else:
        draft_services.consultation_comment_resolve(
            actor=request.user, comment=comment, **form.cleaned_data
        )
    return redirect(reverse("reporting:consultation_detail", args=[consultation.pk]) + "#comments")
