"""A national action plan opened for public comment: the secretariat's form. The
consultation then lives on the same pages as a draft's (moderation, replies, closing,
publishing the replies), and on the portal next to the drafts."""

from __future__ import annotations

from functools import partial

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.views.decorators.http import require_http_methods

from nrtd.web import require
from recommendations.publishing.selectors import plans_visible_to, public_plan_items
from reporting.forms import PlanConsultationForm
from reporting.models import PLAN_GENERAL
from reporting.services.public_consultation import plan_consultation_open, plan_sections
from reporting.views.consultations import consultation_form_page


def _initial_sections(plan) -> list[str]:
    items = plan.items.all()
    if plan.is_published:
        items = public_plan_items(items)
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
    return consultation_form_page(
        request,
        form,
        partial(plan_consultation_open, actor=request.user, plan=plan),
        "reporting/plan_consultation_form.html",
        {"plan": plan},
    )
