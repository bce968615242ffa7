"""The focal point workspace: My work, a recommendation's follow-up, activities, indicators,
evidence, update rounds and national action plans. Thin: selectors read, services write.

Every form posts normally and works without JavaScript; with htmx, the status form and the
activity form on the follow-up page swap just their panel.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from mechanisms.models import Institution
from mechanisms.rules import is_secretariat, user_institution_ids
from nrtd.concurrency import RecordChanged
from recommendations.followup import rounds as round_services
from recommendations.followup import selectors, services
from recommendations.followup.forms import (
    ActionPlanForm,
    ActionPlanItemForm,
    ActivityForm,
    CommentForm,
    EvidenceForm,
    IndicatorForm,
    IndicatorValueForm,
    LinkActivityForm,
    LinkIndicatorForm,
    ProgressEditForm,
    ProgressUpdateForm,
    RemindForm,
    ReviewForm,
    RoundForm,
)
from recommendations.followup.tasks import send_institution_reminder
from recommendations.models import (
    ActionPlan,
    Activity,
    Evidence,
    Indicator,
    ProgressUpdate,
    UpdateRound,
)
from recommendations.registry.selectors import recommendations_visible_to

PAGE_SIZE = 25
MY_WORK_FILTERS = ["search", "status", "cluster", "body", "response", "institution"]


def _require(user, perm: str, obj=None) -> None:
    if not user.has_perm(perm, obj):
        raise PermissionDenied


def _read(user) -> None:
    _require(user, "recommendations.view_workspace")


def _read_object(user) -> None:
    # Internal follow-up records do not exist for those who may not read them.
    if not user.has_perm("recommendations.view_workspace"):
        raise Http404


def _status(request, code: int) -> int:
    # htmx does not swap 4xx answers; the panel with its errors must still replace the form.
    return 200 if request.htmx else code


def _add_errors(form, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return target
    return default


def _conflict_form(form_class, request, exc: RecordChanged, **kwargs):
    """The user's own input, now aimed at the version saved since: the next save wins."""
    data = request.POST.copy()
    data["version"] = exc.current.version
    return form_class(data, **kwargs)


# --- My work --------------------------------------------------------------------------


@login_required
@require_GET
def my_work(request):
    _read(request.user)
    work = selectors.my_work(request.user, request.GET)
    page = Paginator(work["rows"], PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    filterset = work["filterset"]
    context = {
        **work,
        "page": page,
        "groups": selectors.group_by_cluster(page.object_list),
        "filter_fields": [filterset.form[name] for name in MY_WORK_FILTERS],
        "query": query.urlencode(),
        "search": request.GET.get("search", ""),
        "can_manage_rounds": request.user.has_perm("recommendations.manage_rounds"),
        "no_status": _("No status yet"),
    }
    template = "workspace/my_work.html"
    if request.htmx and request.htmx.target == "my-work-results":
        template = "workspace/_my_work_results.html"
    return render(request, template, context)


# --- a recommendation's follow-up -----------------------------------------------------


def _followup_context(request, rec, **forms) -> dict:
    user = request.user
    can_update = user.has_perm("recommendations.update_progress", rec)
    context = {
        "rec": rec,
        "history": selectors.progress_history(rec),
        "activities": selectors.recommendation_activities(rec),
        "indicators": selectors.recommendation_indicators(rec),
        "comments": selectors.recommendation_comments(rec),
        "can_update": can_update,
        "can_comment": user.has_perm("recommendations.comment_followup", rec),
        "can_review": user.has_perm("recommendations.review_progress"),
        "open_tasks": rec.round_tasks.filter(
            update_round__status=UpdateRound.RoundStatus.OPEN
        ).select_related("update_round", "institution"),
    }
    if can_update:
        recommendations = selectors.assignable_recommendations(user)
        institutions = _activity_institutions(user)
        context.update(
            progress_form=forms.get("progress_form") or ProgressUpdateForm(),
            activity_form=forms.get("activity_form")
            or ActivityForm(
                initial={
                    "recommendations": [rec.pk],
                    "lead_institution": _default_institution(user, rec),
                },
                recommendations=recommendations,
                institutions=institutions,
            ),
            link_activity_form=LinkActivityForm(
                activities=selectors.linkable_activities(user, rec)
            ),
            link_indicator_form=LinkIndicatorForm(
                indicators=selectors.linkable_indicators(user, rec)
            ),
        )
    if context["can_comment"]:
        context["comment_form"] = forms.get("comment_form") or CommentForm()
    return context


def _activity_institutions(user):
    if is_secretariat(user):
        return Institution.objects.filter(is_active=True)
    return Institution.objects.filter(pk__in=user_institution_ids(user))


def _default_institution(user, rec):
    mine = user_institution_ids(user)
    for assignment in rec.assignments.all():
        if assignment.institution_id in mine and assignment.role == "lead":
            return assignment.institution_id
    return min(mine) if mine else None


@login_required
@require_GET
def followup(request, pk):
    rec = selectors.followup_recommendation(request.user, pk)
    return render(request, "workspace/followup.html", _followup_context(request, rec))


@login_required
@require_POST
def progress_add(request, pk):
    rec = selectors.followup_recommendation(request.user, pk)
    _require(request.user, "recommendations.update_progress", rec)
    form = ProgressUpdateForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                update = services.progress_update_create(
                    actor=request.user,
                    recommendation=rec,
                    status=data["status"],
                    narrative=data["narrative"],
                    date=data["date"],
                    submit=request.POST.get("action") != "draft",
                )
                if data.get("evidence"):
                    services.evidence_add(
                        actor=request.user, upload=data["evidence"], progress_update=update
                    )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            message = {
                ProgressUpdate.State.DRAFT: _("Draft saved."),
                ProgressUpdate.State.SUBMITTED: _("Update submitted to the secretariat."),
                ProgressUpdate.State.ACCEPTED: _("Status updated."),
            }[update.state]
            if request.htmx:
                rec.refresh_from_db(fields=["status"])
                context = _followup_context(request, rec)
                context["flash"] = message
                return render(request, "workspace/_progress.html", context)
            messages.success(request, message)
            return redirect("workspace:followup", pk=rec.pk)
    context = _followup_context(request, rec, progress_form=form)
    template = "workspace/_progress.html" if request.htmx else "workspace/followup.html"
    return render(request, template, context, status=_status(request, 400))


def _update_for(request, pk) -> ProgressUpdate:
    _read_object(request.user)
    return get_object_or_404(
        ProgressUpdate.objects.select_related("recommendation", "institution"), pk=pk
    )


@login_required
@require_http_methods(["GET", "POST"])
def progress_edit(request, pk):
    update = _update_for(request, pk)
    _require(request.user, "recommendations.change_progress_update", update)
    conflict = None
    if request.method == "POST":
        form = ProgressEditForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            try:
                update = services.progress_update_edit(
                    actor=request.user,
                    update=update,
                    expected_version=data["version"],
                    status=data["status"],
                    narrative=data["narrative"],
                    date=data["date"],
                    submit=request.POST.get("action") == "submit",
                )
                if data.get("evidence"):
                    services.evidence_add(
                        actor=request.user, upload=data["evidence"], progress_update=update
                    )
            except RecordChanged as exc:
                conflict = exc
                form = _conflict_form(ProgressEditForm, request, exc)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Update saved."))
                return redirect("workspace:followup", pk=update.recommendation_id)
    else:
        form = ProgressEditForm(
            initial={
                "version": update.version,
                "status": update.status,
                "narrative": update.narrative,
                "date": update.date,
            }
        )
    status = 409 if conflict else (400 if form.errors else 200)
    return render(
        request,
        "workspace/progress_edit.html",
        {"update": update, "form": form, "conflict": conflict},
        status=status,
    )


@login_required
@require_POST
def progress_review(request, pk):
    update = _update_for(request, pk)
    _require(request.user, "recommendations.review_progress")
    form = ReviewForm(request.POST)
    default = reverse("workspace:followup", args=[update.recommendation_id])
    if not form.is_valid():
        messages.error(request, _("Choose to accept or send back."))
        return redirect(_next(request, default))
    try:
        if form.cleaned_data["action"] == "accept":
            round_services.progress_update_accept(
                actor=request.user, update=update, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Update accepted."))
        else:
            round_services.progress_update_send_back(
                actor=request.user, update=update, comment=form.cleaned_data["comment"]
            )
            messages.success(request, _("Update sent back to the institution."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect(_next(request, default))


@login_required
@require_POST
def progress_evidence(request, pk):
    update = _update_for(request, pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                actor=request.user, upload=form.cleaned_data["evidence"], progress_update=update
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("File added."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("workspace:followup", pk=update.recommendation_id)


@login_required
@require_POST
def comment_add(request, pk):
    rec = selectors.followup_recommendation(request.user, pk)
    _require(request.user, "recommendations.comment_followup", rec)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.comment_add(actor=request.user, recommendation=rec, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Comment added."))
            return redirect(reverse("workspace:followup", args=[rec.pk]) + "#comments")
    context = _followup_context(request, rec, comment_form=form)
    return render(request, "workspace/followup.html", context, status=400)


# --- activities -----------------------------------------------------------------------


def _activity(request, pk) -> Activity:
    _read_object(request.user)
    return get_object_or_404(
        Activity.objects.select_related("lead_institution").prefetch_related(
            "recommendations", "plan_items__plan", "evidence"
        ),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request):
    _read(request.user)
    _require(request.user, "recommendations.add_activity")
    user = request.user
    from_rec = request.POST.get("from_recommendation") or request.GET.get("recommendation")
    form_kwargs = {
        "recommendations": selectors.assignable_recommendations(user),
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
                _add_errors(form, exc)
            else:
                message = _("Activity added.")
                if request.htmx and from_rec:
                    rec = selectors.followup_recommendation(user, from_rec)
                    context = _followup_context(request, rec)
                    context["activity_flash"] = message
                    return render(request, "workspace/_activities.html", context)
                messages.success(request, message)
                if from_rec:
                    return redirect("workspace:followup", pk=from_rec)
                return redirect("workspace:activity", pk=activity.pk)
        form.fields["recommendations"].queryset = form_kwargs["recommendations"]
        form.fields["lead_institution"].queryset = form_kwargs["institutions"]
        if request.htmx and from_rec:
            rec = selectors.followup_recommendation(user, from_rec)
            return render(
                request,
                "workspace/_activities.html",
                _followup_context(request, rec, activity_form=form),
            )
    else:
        initial = {"lead_institution": min(user_institution_ids(user), default=None)}
        if from_rec:
            initial["recommendations"] = [from_rec]
        form = ActivityForm(initial=initial, **form_kwargs)
    return render(
        request,
        "workspace/activity_form.html",
        {"form": form, "from_recommendation": from_rec},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def activity_detail(request, pk):
    activity = _activity(request, pk)
    return render(
        request,
        "workspace/activity_detail.html",
        {
            "activity": activity,
            "can_change": request.user.has_perm("recommendations.change_activity", activity),
            "evidence_form": EvidenceForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request, pk):
    activity = _activity(request, pk)
    _require(request.user, "recommendations.change_activity", activity)
    user = request.user
    form_kwargs = {
        # Keep what is linked already even when it is not the user's to link.
        "recommendations": (
            selectors.assignable_recommendations(user) | activity.recommendations.all()
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
                form = _conflict_form(ActivityForm, request, exc, **form_kwargs)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Activity saved."))
                return redirect("workspace:activity", pk=activity.pk)
    else:
        form = ActivityForm(initial=ActivityForm.initial_for(activity), **form_kwargs)
    status = 409 if conflict else (400 if form.errors else 200)
    return render(
        request,
        "workspace/activity_form.html",
        {"form": form, "activity": activity, "conflict": conflict},
        status=status,
    )


@login_required
@require_POST
def activity_link(request, pk):
    rec = selectors.followup_recommendation(request.user, pk)
    _require(request.user, "recommendations.update_progress", rec)
    form = LinkActivityForm(
        request.POST, activities=selectors.linkable_activities(request.user, rec)
    )
    if form.is_valid():
        services.activity_link(
            actor=request.user, activity=form.cleaned_data["activity"], recommendation=rec
        )
        messages.success(request, _("Activity linked."))
    else:
        messages.error(request, _("Choose an activity."))
    return redirect(reverse("workspace:followup", args=[rec.pk]) + "#activities")


@login_required
@require_POST
def activity_evidence(request, pk):
    activity = _activity(request, pk)
    _require(request.user, "recommendations.change_activity", activity)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                actor=request.user, upload=form.cleaned_data["evidence"], activity=activity
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("File added."))
    else:
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
    return redirect("workspace:activity", pk=activity.pk)


# --- indicators -----------------------------------------------------------------------


def _indicator(request, pk) -> Indicator:
    _read_object(request.user)
    return get_object_or_404(
        Indicator.objects.select_related("sdg_indicator", "institution").prefetch_related(
            "recommendations", "values"
        ),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_new(request):
    _read(request.user)
    _require(request.user, "recommendations.add_indicator")
    recommendations = selectors.assignable_recommendations(request.user)
    from_rec = request.POST.get("from_recommendation") or request.GET.get("recommendation")
    if request.method == "POST":
        form = IndicatorForm(request.POST, recommendations=recommendations_visible_to(request.user))
        if form.is_valid():
            try:
                indicator = services.indicator_create(actor=request.user, **form.service_kwargs())
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Indicator added."))
                return redirect("workspace:indicator", pk=indicator.pk)
        form.fields["recommendations"].queryset = recommendations
    else:
        form = IndicatorForm(
            initial={"recommendations": [from_rec] if from_rec else []},
            recommendations=recommendations,
        )
    return render(
        request,
        "workspace/indicator_form.html",
        {"form": form, "from_recommendation": from_rec},
        status=400 if form.errors else 200,
    )


@login_required
@require_GET
def indicator_detail(request, pk):
    indicator = _indicator(request, pk)
    return render(
        request,
        "workspace/indicator_detail.html",
        {
            "indicator": indicator,
            "can_change": request.user.has_perm("recommendations.change_indicator", indicator),
            "value_form": IndicatorValueForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def indicator_edit(request, pk):
    indicator = _indicator(request, pk)
    _require(request.user, "recommendations.change_indicator", indicator)
    recommendations = (
        selectors.assignable_recommendations(request.user) | indicator.recommendations.all()
    ).distinct()
    conflict = None
    if request.method == "POST":
        form = IndicatorForm(request.POST, recommendations=recommendations)
        if form.is_valid():
            try:
                services.indicator_update(
                    actor=request.user,
                    indicator=indicator,
                    expected_version=form.cleaned_data["version"] or 0,
                    **form.service_kwargs(),
                )
            except RecordChanged as exc:
                conflict = exc
                form = _conflict_form(IndicatorForm, request, exc, recommendations=recommendations)
            except ValidationError as exc:
                _add_errors(form, exc)
            else:
                messages.success(request, _("Indicator saved."))
                return redirect("workspace:indicator", pk=indicator.pk)
    else:
        form = IndicatorForm(
            initial=IndicatorForm.initial_for(indicator), recommendations=recommendations
        )
    status = 409 if conflict else (400 if form.errors else 200)
    return render(
        request,
        "workspace/indicator_form.html",
        {"form": form, "indicator": indicator, "conflict": conflict},
        status=status,
    )


@login_required
@require_POST
def indicator_value_add(request, pk):
    indicator = _indicator(request, pk)
    _require(request.user, "recommendations.change_indicator", indicator)
    form = IndicatorValueForm(request.POST)
    if form.is_valid():
        try:
            services.indicator_value_add(
                actor=request.user, indicator=indicator, **form.cleaned_data
            )
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Value added."))
            return redirect("workspace:indicator", pk=indicator.pk)
    return render(
        request,
        "workspace/indicator_detail.html",
        {"indicator": indicator, "can_change": True, "value_form": form},
        status=400,
    )


@login_required
@require_POST
def indicator_link(request, pk):
    rec = selectors.followup_recommendation(request.user, pk)
    _require(request.user, "recommendations.update_progress", rec)
    form = LinkIndicatorForm(
        request.POST, indicators=selectors.linkable_indicators(request.user, rec)
    )
    if form.is_valid():
        services.indicator_link(
            actor=request.user, indicator=form.cleaned_data["indicator"], recommendation=rec
        )
        messages.success(request, _("Indicator linked."))
    else:
        messages.error(request, _("Choose an indicator."))
    return redirect(reverse("workspace:followup", args=[rec.pk]) + "#indicators")


# --- evidence -------------------------------------------------------------------------


@login_required
@require_GET
def evidence_download(request, pk):
    """Files are served through here only, to those allowed, never from a public URL."""
    evidence = get_object_or_404(Evidence, pk=pk)
    if not request.user.has_perm("recommendations.view_evidence", evidence):
        raise Http404
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


# --- update rounds --------------------------------------------------------------------


@login_required
@require_GET
def round_list(request):
    _read(request.user)
    return render(
        request,
        "workspace/round_list.html",
        {
            "rounds": selectors.rounds_for(request.user),
            "can_manage": request.user.has_perm("recommendations.manage_rounds"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_new(request):
    _require(request.user, "recommendations.manage_rounds")
    form = RoundForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            update_round = round_services.round_open(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(
                request,
                _("Round opened: %(count)s items asked.") % {"count": update_round.tasks.count()},
            )
            return redirect("workspace:round", pk=update_round.pk)
    return render(
        request, "workspace/round_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_GET
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
                institution__in=services.workspace_institution_ids(request.user)
            )
            .select_related("recommendation", "institution", "update")
            .order_by("state", "recommendation__paragraph")
        )
    return render(request, "workspace/round_detail.html", context)


@login_required
@require_POST
def round_remind(request, pk):
    update_round = selectors.round_detail(request.user, pk)
    _require(request.user, "recommendations.manage_rounds")
    form = RemindForm(request.POST)
    if form.is_valid():
        institution = form.cleaned_data["institution"]
        transaction.on_commit(
            lambda: send_institution_reminder.delay(
                update_round.pk, institution.pk, request.user.pk
            )
        )
        messages.success(
            request, _("Reminder sent to %(institution)s.") % {"institution": institution}
        )
    else:
        messages.error(request, _("Choose an institution."))
    return redirect("workspace:round", pk=update_round.pk)


@login_required
@require_POST
def round_close(request, pk):
    update_round = selectors.round_detail(request.user, pk)
    _require(request.user, "recommendations.manage_rounds")
    round_services.round_close(actor=request.user, update_round=update_round)
    messages.success(request, _("Round closed."))
    return redirect("workspace:round", pk=update_round.pk)


# --- national action plans ------------------------------------------------------------


@login_required
@require_GET
def plan_list(request):
    _read(request.user)
    return render(
        request,
        "workspace/plan_list.html",
        {
            "plans": ActionPlan.objects.prefetch_related("items"),
            "can_manage": request.user.has_perm("recommendations.manage_action_plans"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_new(request):
    _require(request.user, "recommendations.manage_action_plans")
    form = ActionPlanForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.action_plan_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Action plan added."))
            return redirect("workspace:plan", pk=plan.pk)
    return render(
        request, "workspace/plan_form.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
@require_GET
def plan_detail(request, pk):
    _read_object(request.user)
    plan = get_object_or_404(ActionPlan, pk=pk)
    items = plan.items.prefetch_related("clusters__cluster_set", "activities")
    return render(
        request,
        "workspace/plan_detail.html",
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
    _read_object(request.user)
    plan = get_object_or_404(ActionPlan, pk=pk)
    _require(request.user, "recommendations.manage_action_plans")
    form = ActionPlanItemForm(request.POST)
    if form.is_valid():
        try:
            services.action_plan_item_add(actor=request.user, plan=plan, **form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Item added."))
            return redirect("workspace:plan", pk=plan.pk)
    return render(
        request,
        "workspace/plan_detail.html",
        {"plan": plan, "items": plan.items.all(), "can_manage": True, "item_form": form},
        status=400,
    )
