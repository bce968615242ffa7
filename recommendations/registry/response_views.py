"""The secretariat's screen to record a change of the State's response after the review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nrtd.web import edit_status, require, save_versioned
from recommendations.registry.forms import ResponseChangeForm
from recommendations.registry.responses import (
    PERM,
    recommendation_change_response,
    response_history,
)
from recommendations.registry.selectors import recommendation_detail as select_recommendation


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def recommendation_response_change(request, pk: int):
    recommendation = select_recommendation(request.user, pk)
    require(request.user, PERM, recommendation)
    conflict = None
    if request.method == "POST":
        form = ResponseChangeForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            conflict, form = save_versioned(
                request,
                form,
                lambda: recommendation_change_response(
                    actor=request.user,
                    recommendation=recommendation,
                    expected_version=data["version"],
                    stage=data["stage"],
                    date=data["date"],
                    value=data["value"],
                    label=data["label"],
                    justification=data["justification"],
                ),
            )
            if conflict:
                recommendation = conflict.current
            elif not form.errors:
                messages.success(request, _("Change of response recorded."))
                return redirect(reverse("recommendations:detail", args=[pk]) + "#responses")
    else:
        form = ResponseChangeForm(
            initial={"version": recommendation.version, "date": timezone.localdate()}
        )
    return render(
        request,
        "recommendations/response_change.html",
        {
            "rec": recommendation,
            "form": form,
            "conflict": conflict,
            "history": response_history(recommendation),
        },
        status=edit_status(form, conflict),
    )
