"""Indicators and their values, and their links to recommendations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nrtd.concurrency import RecordChanged
from nrtd.web import add_form_errors, require
from recommendations.followup import selectors, services
from recommendations.followup.dimensions import DimensionLabels
from recommendations.followup.forms import (
    IndicatorForm,
    IndicatorValueForm,
    LinkIndicatorForm,
)
from recommendations.followup.views.common import (
    conflict_form,
    hide_from_outsiders,
    require_followup_access,
)
from recommendations.models import Indicator
from recommendations.publishing.selectors import recommendations_visible_to


def _indicator(request, pk) -> Indicator:
    hide_from_outsiders(request.user)
    return get_object_or_404(
        Indicator.objects.select_related("sdg_indicator", "institution").prefetch_related(
            "recommendations", "values"
        ),
        pk=pk,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_new(request):
    require_followup_access(request.user)
    require(request.user, "recommendations.add_indicator")
    recommendations = selectors.recommendations_assignable_by(request.user)
    from_rec = request.POST.get("from_recommendation") or request.GET.get("recommendation")
    if request.method == "POST":
        form = IndicatorForm(request.POST, recommendations=recommendations_visible_to(request.user))
        if form.is_valid():
            try:
                indicator = services.indicator_create(actor=request.user, **form.service_kwargs())
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Indicator added."))
                return redirect("followup:indicator", pk=indicator.pk)
        form.fields["recommendations"].queryset = recommendations
    else:
        form = IndicatorForm(
            initial={"recommendations": [from_rec] if from_rec else []},
            recommendations=recommendations,
        )
    return render(
        request,
        "followup/indicator_form.html",
        {"form": form, "from_recommendation": from_rec},
        status=400 if form.errors else 200,
    )


@login_required
@require_safe
def indicator_detail(request, pk):
    indicator = _indicator(request, pk)
    return render(request, "followup/indicator_detail.html", _detail_context(request, indicator))


def _detail_context(request, indicator, *, value_form=None) -> dict:
    labels = DimensionLabels.load()
    return {
        "indicator": indicator,
        "values": selectors.indicator_value_rows(indicator, labels),
        "latest": selectors.latest_values(indicator.values.all(), labels),
        "can_change": request.user.has_perm("recommendations.change_indicator", indicator),
        "can_publish": request.user.has_perm("recommendations.publish_recommendation"),
        "value_form": value_form or IndicatorValueForm(),
    }


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_edit(request, pk):
    indicator = _indicator(request, pk)
    require(request.user, "recommendations.change_indicator", indicator)
    recommendations = (
        selectors.recommendations_assignable_by(request.user) | indicator.recommendations.all()
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
                form = conflict_form(IndicatorForm, request, exc, recommendations=recommendations)
            except ValidationError as exc:
                add_form_errors(form, exc)
            else:
                messages.success(request, _("Indicator saved."))
                return redirect("followup:indicator", pk=indicator.pk)
    else:
        form = IndicatorForm(
            initial=IndicatorForm.initial_for(indicator), recommendations=recommendations
        )
    status = 409 if conflict else (400 if form.errors else 200)
    return render(
        request,
        "followup/indicator_form.html",
        {"form": form, "indicator": indicator, "conflict": conflict},
        status=status,
    )


@login_required
@require_POST
def indicator_value_add(request, pk):
    indicator = _indicator(request, pk)
    require(request.user, "recommendations.change_indicator", indicator)
    form = IndicatorValueForm(request.POST)
    if form.is_valid():
        try:
            services.indicator_value_add(
                actor=request.user, indicator=indicator, **form.service_kwargs()
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("Value added."))
            return redirect("followup:indicator", pk=indicator.pk)
    return render(
        request,
        "followup/indicator_detail.html",
        _detail_context(request, indicator, value_form=form),
        status=400,
    )


@login_required
@require_POST
def indicator_link(request, pk):
    rec = selectors.followup_recommendation(request.user, pk)
    require(request.user, "recommendations.update_progress", rec)
    form = LinkIndicatorForm(
        request.POST, indicators=selectors.indicators_linkable_by(request.user, rec)
    )
    if form.is_valid():
        services.indicator_link(
            actor=request.user, indicator=form.cleaned_data["indicator"], recommendation=rec
        )
        messages.success(request, _("Indicator linked."))
    else:
        messages.error(request, _("Choose an indicator."))
    return redirect(reverse("followup:followup", args=[rec.pk]) + "#indicators")
