"""Update rounds: the secretariat asks institutions for updates and tracks the answers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nrtd.web import create_page, require
from recommendations.followup import rounds as round_services
from recommendations.followup import selectors, services
from recommendations.followup.forms import (
    RemindForm,
    ReviewForm,
    RoundForm,
)
from recommendations.followup.reminders import institution_remind_queue
from recommendations.followup.views.common import require_followup_access


@login_required
@require_safe
def round_list(request):
    require_followup_access(request.user)
    return render(
        request,
        "followup/round_list.html",
        {
            "rounds": selectors.rounds_visible_to(request.user),
            "can_manage": request.user.has_perm("recommendations.manage_rounds"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def round_new(request):
    require(request.user, "recommendations.manage_rounds")
    form = RoundForm(request.POST or None)
    return create_page(
        request,
        form,
        lambda: round_services.round_open(actor=request.user, **form.cleaned_data),
        template="followup/round_form.html",
        message=lambda opened: (
            _("Round opened: %(count)s items asked.") % {"count": opened.tasks.count()}
        ),
        done="followup:round",
    )


@login_required
@require_safe
def round_detail(request, pk):
    update_round = selectors.round_detail(request.user, pk)
    can_manage = request.user.has_perm("recommendations.manage_rounds")
    institution = request.GET.get("institution")
    context = {"round": update_round, "can_manage": can_manage}
    if can_manage:
        context["tracker"] = round_services.round_tracker(update_round)
        context["tasks"] = selectors.round_updates_to_review(
            update_round, institution if (institution or "").isdigit() else None
        )
        context["review_form"] = ReviewForm()
    else:
        context["tasks"] = (
            update_round.tasks.filter(
                institution__in=services.followup_institution_ids(request.user)
            )
            .select_related("recommendation", "institution", "update")
            .order_by("state", "recommendation__paragraph")
        )
    return render(request, "followup/round_detail.html", context)


@login_required
@require_POST
def round_remind(request, pk):
    update_round = selectors.round_detail(request.user, pk)
    require(request.user, "recommendations.manage_rounds")
    form = RemindForm(request.POST)
    if form.is_valid():
        institution = form.cleaned_data["institution"]
        institution_remind_queue(
            actor=request.user, update_round=update_round, institution=institution
        )
        messages.success(
            request, _("Reminder sent to %(institution)s.") % {"institution": institution}
        )
    else:
        messages.error(request, _("Choose an institution."))
    return redirect("followup:round", pk=update_round.pk)


@login_required
@require_POST
def round_close(request, pk):
    update_round = selectors.round_detail(request.user, pk)
    require(request.user, "recommendations.manage_rounds")
    round_services.round_close(actor=request.user, update_round=update_round)
    messages.success(request, _("Round closed."))
    return redirect("followup:round", pk=update_round.pk)
