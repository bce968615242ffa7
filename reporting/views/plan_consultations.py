"""A national action plan opened for public comment: the secretariat's form. The
consultation then lives on the same pages as a draft's (moderation, replies, closing,
publishing the replies), and on the portal next to the drafts."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from nrtd.web import add_form_errors, require
from recommendations.followup.plans import plans_visible_to
from reporting.forms import PlanConsultationForm
from reporting.models import PLAN_GENERAL
from reporting.services.public_consultation import plan_consultation_open, plan_sections


def _initial_sections(plan) -> list[str]:
    items = plan.items.all()
    if plan.is_published:
        items = items.filter(is_published=True)
    return [PLAN_GENERAL, *(f"item-{pk}" for pk in items.values_list("pk", flat=True))]


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def plan_consultation_create(request, pk):
    plan = get_object_or_404(plans_visible_to(request.user), pk=pk)
    require(request.user, "reporting.open_plan_consultation")
    sections = plan_sections(plan)
    form = PlanConsultationForm(
        request.POST if request.method == "POST" else None,
        sections=sections,
        # Offered checked: the plan as a whole and the items published on the portal (or
        # every item of a plan not yet published, which is what a draft plan is).
        initial={"title": plan.title, "public_sections": _initial_sections(plan)},
    )
    if request.method == "POST" and form.is_valid():
        try:
            consultation = plan_consultation_open(
                actor=request.user, plan=plan, **form.cleaned_data
            )
        except ValidationError as error:
            add_form_errors(form, error)
        else:
            return redirect("reporting:consultation_detail", pk=consultation.pk)
    return render(
        request,
        "reporting/plan_consultation_form.html",
        {"plan": plan, "form": form, "active": "consultations"},
        status=400 if form.errors else 200,
    )
