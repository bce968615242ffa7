"""The portal's pages of drafts and national action plans opened for public comment: the
list, and one draft or plan with its
opened sections, its published comments, the comment form while it is open, and the
secretariat's replies once they are published. Anonymous; posting is rate limited like the
portal's other forms."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mechanisms.registration import client_address, rate_limit_exceeded
from mechanisms.rules import speaking_membership
from nrtd.web import add_form_errors
from reporting.forms import PublicCommentForm
from reporting.selectors.consultations import public_comments_of, public_consultations
from reporting.services.public_consultation import public_comment_submit


def post_rate_limited(request) -> bool:
    """The portal's limit on posts, per address (anyone may comment) and per account."""
    limit = settings.NRTD_POSTS_PER_HOUR
    by_address = rate_limit_exceeded("post-ip", client_address(request), limit=limit * 3)
    if request.user.is_authenticated:
        return rate_limit_exceeded("post-user", str(request.user.pk), limit=limit) or by_address
    return by_address


@require_safe
def consultation_list(request):
    consultations = list(public_consultations().order_by("-deadline", "-pk"))
    return render(
        request,
        "portal/consultation_list.html",
        {"consultations": consultations, "active": "consultations"},
    )


def _initial(request) -> dict:
    membership = speaking_membership(request.user)
    if membership is None:
        return {}
    user = request.user
    return {
        "name": user.get_full_name() or user.username,
        "email": user.email,
        "organisation": membership.stakeholder.name,
    }


def _page(request, consultation, form, status=200):
    comments = list(public_comments_of(consultation))
    show_replies = consultation.replies_published is not None
    sections = [
        {
            "key": key,
            "label": label,
            "text": (consultation.snapshot.get(key) or {}).get("text", ""),
            "comments": [c for c in comments if c.section == key],
        }
        for key, label in consultation.public_section_choices
    ]
    may_comment = consultation.is_open and (
        not consultation.organisations_only or speaking_membership(request.user) is not None
    )
    return render(
        request,
        "portal/consultation.html",
        {
            "consultation": consultation,
            "sections": sections,
            "show_replies": show_replies,
            "form": form if may_comment or form.is_bound else None,
            "may_comment": may_comment,
            "active": "consultations",
        },
        status=status,
    )


@require_http_methods(["GET", "HEAD", "POST"])
def consultation_detail(request, pk: int):
    consultation = get_object_or_404(public_consultations(), pk=pk)
    sections = consultation.public_section_choices
    if request.method != "POST":
        form = PublicCommentForm(sections=sections, initial=_initial(request))
        return _page(request, consultation, form)
    if post_rate_limited(request):
        return render(request, "portal/rate_limited.html", status=429)
    form = PublicCommentForm(request.POST, sections=sections)
    if form.is_valid():
        try:
            public_comment_submit(consultation=consultation, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            messages.success(
                request,
                _("Thank you. The secretariat will review your comment before it is published."),
            )
            return redirect("consultations:detail", pk=consultation.pk)
    return _page(request, consultation, form, status=400)
