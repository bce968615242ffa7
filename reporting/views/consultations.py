"""Consultations on a draft (or a plan): opening one, the recipients' comments, and their
resolution."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mechanisms.rules import is_secretariat
from nrtd.web import add_form_errors, form_page, require, safe_next
from recommendations.models.participation import Moderation
from reporting.exports import CONTENT_TYPES
from reporting.forms import CommentForm, ConsultationForm, PublicReplyForm, ResolveForm
from reporting.models import ConsultationComment, PublicComment
from reporting.selectors.consultations import (
    comments_visible_to,
    consultations_visible_to,
    public_comments_for_secretariat,
)
from reporting.selectors.drafts import drafts_visible_to
from reporting.services import drafts as draft_services
from reporting.services import public_consultation as public_services


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def consultation_create(request, pk):
    draft = get_object_or_404(drafts_visible_to(request.user), pk=pk)
    require(request.user, "reporting.manage_drafts")
    form = ConsultationForm(
        request.POST if request.method == "POST" else None, sections=draft.sections
    )
    return consultation_form_page(
        request,
        form,
        partial(
            draft_services.consultation_open,
            actor=request.user,
            draft=draft,
            consultation_url=request.build_absolute_uri(reverse("reporting:consultation_list")),
        ),
        "reporting/consultation_form.html",
        {"draft": draft},
    )


def consultation_form_page(request, form, open_consultation, template: str, context: dict):
    """The answer of a form that opens a consultation (on a draft or on a plan): once a
    valid form is posted, ``open_consultation(**cleaned_data)`` opens it and the page goes
    to the consultation; otherwise the form again, with the service's refusal on it (400)."""
    if request.method == "POST" and form.is_valid():
        try:
            consultation = open_consultation(**form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            return redirect("reporting:consultation_detail", pk=consultation.pk)
    return form_page(request, template, {**context, "form": form, "active": "consultations"})


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
    sections = [
        {"key": key, "label": label, "snapshot": consultation.snapshot.get(key)}
        for key, label in consultation.sections
    ]
    comments = list(comments_visible_to(request.user, consultation))
    for comment in comments:
        comment.section_label = consultation.section_label(comment.section)
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
            or (CommentForm(sections=consultation.sections) if can_comment else None),
            "resolve_form": ResolveForm() if can_manage else None,
            "can_manage": can_manage,
            "public_comments": public_comments_for_secretariat(request.user, consultation),
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
    form = CommentForm(request.POST, sections=consultation.sections)
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


# --- public comments (the portal) -------------------------------------------------------------

# The buttons say what they do; the service speaks in moderation states.
MODERATION_ACTIONS = {
    "publish": Moderation.PUBLISHED,
    "reject": Moderation.REJECTED,
    "unpublish": Moderation.PENDING,
}


def _public_comment(request, pk):
    """A public comment, for the secretariat only: 404 to everyone else (its e-mail address
    and, before moderation, its text are not theirs to see)."""
    if not is_secretariat(request.user):
        raise Http404
    return get_object_or_404(PublicComment.objects.select_related("consultation"), pk=pk)


@require_POST
@login_required
def public_comment_moderate(request, pk):
    comment = _public_comment(request, pk)
    decision = MODERATION_ACTIONS.get(request.POST.get("action", ""))
    if decision is None:
        messages.error(request, _("Unknown action."))
    else:
        try:
            public_services.public_comment_moderate(
                actor=request.user, comment=comment, decision=decision
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Saved."))
    fallback = reverse("reporting:consultation_detail", args=[comment.consultation_id])
    return redirect(safe_next(request, fallback + "#public-comments"))


@require_POST
@login_required
def public_comment_reply(request, pk):
    comment = _public_comment(request, pk)
    form = PublicReplyForm(request.POST)
    if form.is_valid():
        try:
            public_services.public_comment_reply(
                actor=request.user, comment=comment, reply=form.cleaned_data["reply"]
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Reply saved."))
    else:
        messages.error(request, _("Write a reply."))
    url = reverse("reporting:consultation_detail", args=[comment.consultation_id])
    return redirect(f"{url}#public-comment-{comment.pk}")


@require_POST
@login_required
def consultation_replies_publish(request, pk):
    consultation = _consultation(request, pk)
    require(request.user, "reporting.manage_consultation", consultation)
    try:
        public_services.consultation_replies_publish(actor=request.user, consultation=consultation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The replies are published on the portal."))
    return redirect(reverse("reporting:consultation_detail", args=[pk]) + "#public-comments")
