"""Civil society and NHRI participation on the portal: the comment and assessment pages.

Both are stored unpublished and wait for the secretariat's moderation (publishing/). Posting
is rate limited per account and per address.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mechanisms.registration import client_address, rate_limit_exceeded
from recommendations.models.participation import Moderation
from recommendations.portal.forms import AssessmentForm, CommentForm
from recommendations.portal.selectors import public_recommendation
from recommendations.portal.services import (
    assessment_submit,
    comment_submit,
    participant_membership,
)


def _rate_limited(request) -> bool:
    limit = settings.NRTD_POSTS_PER_HOUR
    by_user = rate_limit_exceeded("post-user", str(request.user.pk), limit=limit)
    by_address = rate_limit_exceeded("post-ip", client_address(request), limit=limit * 3)
    return by_user or by_address


def _participate(request, pk: int, form_class, template: str, submit):
    recommendation = public_recommendation(pk)
    if participant_membership(request.user, recommendation) is None:
        raise PermissionDenied
    if request.method == "POST":
        if _rate_limited(request):
            return render(request, "portal/rate_limited.html", status=429)
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                saved = submit(recommendation, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Thank you. It is published.")
                    if saved.moderation == Moderation.PUBLISHED
                    else _("Thank you. The secretariat will review it before it is published."),
                )
                return redirect("portal:recommendation", pk=recommendation.pk)
    else:
        form = form_class()
    return render(request, template, {"rec": recommendation, "form": form})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def comment_add(request, pk: int):
    def submit(recommendation, data):
        return comment_submit(actor=request.user, recommendation=recommendation, body=data["body"])

    return _participate(request, pk, CommentForm, "portal/comment_form.html", submit)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def assessment_add(request, pk: int):
    def submit(recommendation, data):
        return assessment_submit(
            actor=request.user,
            recommendation=recommendation,
            status=data["status"],
            narrative=data["narrative"],
            traffic_light=data.get("traffic_light") or "",
            evidence=data.get("evidence"),
            organisation_only=data.get("organisation_only", False),
        )

    return _participate(request, pk, AssessmentForm, "portal/assessment_form.html", submit)
