"""Activities: create, read, edit, link to recommendations, evidence."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mechanisms.models import Institution
from mechanisms.rules import user_institution_ids
from nrtd.web import call_service, edit_page, form_page, require
from recommendations.followup import selectors, services
from recommendations.followup.forms import (
    ActivityForm,
    EvidenceForm,
    LinkActivityForm,
)
from recommendations.followup.views.common import (
    evidence_upload,
    hide_from_outsiders,
    link_existing,
    require_followup_access,
)
from recommendations.followup.views.progress import (
    _activity_institutions,
    _followup_context,
)
from recommendations.models import Activity
from recommendations.publishing.selectors import recommendations_visible_to


def _activity(request, pk) -> Activity:
    hide_from_outsiders(request.user)
    return get_object_or_404(
        Activity.objects.select_related("lead_institution").prefetch_related(
            "recommendations", "plan_items__plan", "evidence"
        ),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_new(request):
    require_followup_access(request.user)
    require(request.user, "recommendations.add_activity")
    user = request.user
    from_rec = request.POST.get("from_recommendation") or request.GET.get("recommendation")
    form_kwargs = {
        "recommendations": selectors.recommendations_assignable_by(user),
        "institutions": _activity_institutions(user),
    }
    if request.method == "POST":
        # Validate against every visible recommendation: the service says who may link what.
        form = ActivityForm(
            request.POST,
            recommendations=recommendations_visible_to(user),
            institutions=Institution.objects.filter(is_active=True),
        )
        activity = call_service(
            form, lambda: services.activity_create(actor=user, **form.service_kwargs())
        )
        if activity is not None:
            message = _("Activity added.")
            if request.htmx and from_rec:
                rec = selectors.followup_recommendation(user, from_rec)
                context = _followup_context(request, rec)
                context["activity_flash"] = message
                return render(request, "followup/_activities.html", context)
            messages.success(request, message)
            if from_rec:
                return redirect("followup:followup", pk=from_rec)
            return redirect("followup:activity", pk=activity.pk)
        form.limit_choices(
            recommendations=form_kwargs["recommendations"],
            lead_institution=form_kwargs["institutions"],
        )
        if request.htmx and from_rec:
            rec = selectors.followup_recommendation(user, from_rec)
            return render(
                request,
                "followup/_activities.html",
                _followup_context(request, rec, activity_form=form),
            )
    else:
        initial = {"lead_institution": min(user_institution_ids(user), default=None)}
        if from_rec:
            initial["recommendations"] = [from_rec]
        form = ActivityForm(initial=initial, **form_kwargs)
    return form_page(
        request, "followup/activity_form.html", {"form": form, "from_recommendation": from_rec}
    )


@login_required
@require_safe
def activity_detail(request, pk):
    activity = _activity(request, pk)
    return render(
        request,
        "followup/activity_detail.html",
        {
            "activity": activity,
            "can_change": request.user.has_perm("recommendations.change_activity", activity),
            "can_publish": request.user.has_perm("recommendations.publish_recommendation"),
            "evidence_form": EvidenceForm(),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def activity_edit(request, pk):
    activity = _activity(request, pk)
    require(request.user, "recommendations.change_activity", activity)
    user = request.user
    form_kwargs = {
        # Keep what is linked already even when it is not the user's to link.
        "recommendations": (
            selectors.recommendations_assignable_by(user) | activity.recommendations.all()
        ).distinct(),
        "institutions": _activity_institutions(user)
        | Institution.objects.filter(pk=activity.lead_institution_id),
    }
    return edit_page(
        request,
        ActivityForm,
        activity,
        functools.partial(services.activity_update, activity=activity),
        **form_kwargs,
        template="followup/activity_form.html",
        context={"activity": activity},
        saved_message=_("Activity saved."),
        done=reverse("followup:activity", args=[activity.pk]),
    )


@login_required
@require_POST
def activity_link(request, pk):
    return link_existing(
        request,
        pk,
        LinkActivityForm,
        linkable=selectors.activities_linkable_by,
        link=services.activity_link,
        linked=_("Activity linked."),
        missing=_("Choose an activity."),
        anchor="#activities",
    )


@login_required
@require_POST
def activity_evidence(request, pk):
    activity = _activity(request, pk)
    require(request.user, "recommendations.change_activity", activity)
    evidence_upload(request, EvidenceForm, activity=activity)
    return redirect("followup:activity", pk=activity.pk)
