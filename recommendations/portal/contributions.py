"""An NHRI or CSO member's own page: every assessment and comment they wrote, with where
each stands (awaiting moderation, published, not published). Where they land after login."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nrtd.web import require
from recommendations.models import Assessment, Comment
from recommendations.portal.selectors import public_replies_prefetch


@login_required
@require_safe
def my_contributions(request):
    require(request.user, "recommendations.add_assessment")
    context = {
        # With the lead institution's published answers: the author sees the dialogue here.
        "assessments": Assessment.objects.filter(author=request.user)
        .select_related("recommendation", "stakeholder")
        .prefetch_related(public_replies_prefetch())
        .order_by("-created"),
        "comments": Comment.objects.filter(author=request.user)
        .select_related("recommendation")
        .prefetch_related(public_replies_prefetch())
        .order_by("-created"),
    }
    return render(request, "portal/my_contributions.html", context)
