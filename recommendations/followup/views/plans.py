"""National action plans and their items."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nrtd.web import add_form_errors, require
from recommendations.followup import services
from recommendations.followup.forms import (
    ActionPlanForm,
    ActionPlanItemForm,
)
from recommendations.followup.views.common import hide_from_outsiders, require_followup_access
from recommendations.models import ActionPlan


@login_required
@require_safe
def plan_list(request):
    require_followup_access(request.user)
    return render(
        request,
        "followup/plan_list.html",
        {
            "plans": ActionPlan.objects.prefetch_related("items"),
            "can_manage": request.user.has_perm("recommendations.manage_action_plans"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_new(request):
    require(request.user, "recommendations.manage_action_plans")
    form = ActionPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.action_plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Action plan added."))
            return redirect("followup:plan", pk=plan.pk)
    return render(
        request, "followup/plan_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_safe
def plan_detail(request, pk):
    hide_from_outsiders(request.user)
    plan = get_object_or_404(ActionPlan, pk=pk)
    items = plan.items.prefetch_related("clusters__cluster_set", "activities")
    return render(
        request,
        "followup/plan_detail.html",
        {
            "plan": plan,
            "items": items,
            "can_manage": request.user.has_perm("recommendations.manage_action_plans"),
            "item_form": ActionPlanItemForm(),
        },
    )


@login_required
@require_POST
def plan_item_add(request, pk):
    hide_from_outsiders(request.user)
    plan = get_object_or_404(ActionPlan, pk=pk)
    require(request.user, "recommendations.manage_action_plans")
    form = ActionPlanItemForm(request.POST)
    if form.is_valid():
        try:
            services.action_plan_item_add(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Item added."))
            return redirect("followup:plan", pk=plan.pk)
    return render(
        request,
        "followup/plan_detail.html",
        {"plan": plan, "items": plan.items.all(), "can_manage": True, "item_form": form},
        status=400,
    )
