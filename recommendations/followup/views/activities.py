"""Activities: create, read, edit, link to recommendations, evidence."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mechanisms.models import Institution
from mechanisms.rules import user_institution_ids
from nrtd.concurrency import RecordChanged
from nrtd.web import add_form_errors, require
from recommendations.followup import selectors, services
from recommendations.followup.forms import (
    ActivityForm,
    EvidenceForm,
    LinkActivityForm,
)
from recommendations.followup.views.common import (
    conflict_form,
    evidence_upload,
    hide_from_outsiders,
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
        if form.is_valid():
            try:
                activity = services.activity_create(actor=user, **form.service_kwargs())
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
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
        form.fields["recommendations"].queryset = form_kwargs["recommendations"]
        form.fields["lead_institution"].queryset = form_kwargs["institutions"]
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
    return render(
        request,
        "followup/activity_form.html",
        {"form": form, "from_recommendation": from_rec},
        status=400 if form.errors else 200,
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
    conflict = None
    if request.method == "POST":
        form = ActivityForm(request.POST, **form_kwargs)
        if form.is_valid():
            try:
                services.activity_update(
                    actor=user,
                    activity=activity,
                    expected_version=form.cleaned_data["version"] or 0,
                    **form.service_kwargs(),
                )
            except RecordChanged as exc:
                conflict = exc
                form = conflict_form(ActivityForm, request, exc, **form_kwargs)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Activity saved."))
                return redirect("followup:activity", pk=activity.pk)
    else:
        form = ActivityForm(initial=ActivityForm.initial_for(activity), **form_kwargs)
    status = 409 if conflict else (400 if form.errors else 200)
    return render(
        request,
        "followup/activity_form.html",
        {"form": form, "activity": activity, "conflict": conflict},
        status=status,
    )


@login_required
@require_POST
def activity_link(request, pk):
    rec = selectors.followup_recommendation(request.user, pk)
    require(request.user, "recommendations.update_progress", rec)
    form = LinkActivityForm(
        request.POST, activities=selectors.activities_linkable_by(request.user, rec)
    )
    if form.is_valid():
        services.activity_link(
            actor=request.user, activity=form.cleaned_data["activity"], recommendation=rec
        )
        messages.success(request, _("Activity linked."))
    else:
        messages.error(request, _("Choose an activity."))
    return redirect(reverse("followup:followup", args=[rec.pk]) + "#activities")


@login_required
@require_POST
def activity_evidence(request, pk):
    activity = _activity(request, pk)
    require(request.user, "recommendations.change_activity", activity)
    evidence_upload(request, EvidenceForm, activity=activity)
    return redirect("followup:activity", pk=activity.pk)
