"""National action plans and their items, and the plan progress view."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nrtd.concurrency import RecordChanged
from nrtd.web import call_service, create_page, edit_page, require
from recommendations.followup import plans as plan_services
from recommendations.followup.forms import (
    ActionPlanForm,
    ActionPlanItemForm,
    PlanItemStatusForm,
    PlanPublishForm,
)
from recommendations.followup.views.common import (
    hide_from_outsiders,
    require_followup_access,
)
from recommendations.models import ActionPlan, ActionPlanItem
from recommendations.publishing.selectors import plan_items_visible_to, plans_visible_to


def _item_form_kwargs() -> dict:
    return {
        "institutions": plan_services.plan_institutions(),
        "recommendations": plan_services.plan_recommendations(),
        "indicators": plan_services.plan_indicators(),
    }


@login_required
@require_safe
def plan_list(request):
    require_followup_access(request.user)
    return render(
        request,
        "followup/plan_list.html",
        {
            "plans": plans_visible_to(request.user).prefetch_related("items"),
            "can_manage": request.user.has_perm("recommendations.manage_action_plans"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_new(request):
    require(request.user, "recommendations.manage_action_plans")
    form = ActionPlanForm(request.POST or None)
    return create_page(
        request,
        form,
        lambda: plan_services.action_plan_create(actor=request.user, **form.cleaned_data),
        template="followup/plan_form.html",
        message=_("Action plan added."),
        done="followup:plan",
    )


def _plan_page(request, plan, item_form, status=200):
    user = request.user
    items = plan.items.select_related("responsible_institution").prefetch_related(
        "clusters__cluster_set", "activities", "recommendations", "indicators"
    )
    changeable = plan_services.plan_items_status_changeable_by(user, plan)
    # A plan links thousands of recommendations: reverse their address once, not per link.
    rec_prefix, rec_suffix = reverse("followup:followup", args=[0]).rsplit("0", 1)
    return render(
        request,
        "followup/plan_detail.html",
        {
            "plan": plan,
            "items": items,
            "status_changeable": changeable,
            "status_choices": ActionPlanItem.ItemStatus.choices,
            "can_manage": user.has_perm("recommendations.manage_action_plans"),
            "can_see_progress": user.has_perm("recommendations.view_plan_progress"),
            "item_form": item_form,
            "rec_prefix": rec_prefix,
            "rec_suffix": rec_suffix,
        },
        status=status,
    )


def _plan(request, pk) -> ActionPlan:
    hide_from_outsiders(request.user)
    return get_object_or_404(plans_visible_to(request.user), pk=pk)


def _item(request, pk) -> ActionPlanItem:
    hide_from_outsiders(request.user)
    return get_object_or_404(plan_items_visible_to(request.user).select_related("plan"), pk=pk)


@login_required
@require_safe
def plan_detail(request, pk):
    plan = _plan(request, pk)
    return _plan_page(request, plan, ActionPlanItemForm(**_item_form_kwargs()))


@login_required
@require_POST
def plan_item_add(request, pk):
    plan = _plan(request, pk)
    require(request.user, "recommendations.manage_action_plans")
    form = ActionPlanItemForm(request.POST, **_item_form_kwargs())
    item = call_service(
        form,
        lambda: plan_services.action_plan_item_add(
            actor=request.user, plan=plan, **form.service_kwargs()
        ),
    )
    if item is not None:
        messages.success(request, _("Item added."))
        return redirect("followup:plan", pk=plan.pk)
    return _plan_page(request, plan, form, status=400)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def plan_item_edit(request, pk):
    item = _item(request, pk)
    require(request.user, "recommendations.manage_action_plans")
    return edit_page(
        request,
        ActionPlanItemForm,
        item,
        functools.partial(plan_services.action_plan_item_update, item=item),
        **_item_form_kwargs(),
        template="followup/plan_item_form.html",
        context={"item": item},
        saved_message=_("Item saved."),
        done=reverse("followup:plan", args=[item.plan_id]) + f"#item-{item.pk}",
    )


@login_required
@require_POST
def plan_item_status(request, pk):
    """A focal point of the responsible institution (or the secretariat) reports the item's
    status from the plan page."""
    item = _item(request, pk)
    require(request.user, "recommendations.update_plan_item_status", item)
    form = PlanItemStatusForm(request.POST)
    back = reverse("followup:plan", args=[item.plan_id]) + f"#item-{item.pk}"
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect(back)
    try:
        plan_services.action_plan_item_set_status(
            actor=request.user,
            item=item,
            expected_version=form.cleaned_data["version"],
            status=form.cleaned_data["status"],
        )
    except RecordChanged as exc:
        messages.error(
            request,
            _("Someone changed this item meanwhile (status now: %(status)s). Nothing was saved.")
            % {"status": exc.current.get_status_display()},
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Status saved."))
    return redirect(back)


@login_required
@require_POST
def plan_publish(request, pk):
    plan = _plan(request, pk)
    require(request.user, "recommendations.manage_action_plans")
    form = PlanPublishForm(request.POST)
    form.is_valid()
    published = bool(form.cleaned_data.get("published"))
    plan_services.action_plan_publish(actor=request.user, plan=plan, published=published)
    messages.success(
        request, _("The plan is on the portal.") if published else _("The plan is off the portal.")
    )
    return redirect("followup:plan", pk=plan.pk)


@login_required
@require_safe
def plan_progress(request, pk):
    plan = _plan(request, pk)
    require(request.user, "recommendations.view_plan_progress")
    return render(
        request,
        "followup/plan_progress.html",
        {"progress": plan_services.plan_progress(plan)},
    )
