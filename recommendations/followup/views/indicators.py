"""Indicators and their values, and their links to recommendations."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nrtd.web import call_service, edit_page, form_page, require
from recommendations.followup import selectors, services
from recommendations.followup.dimensions import DimensionLabels
from recommendations.followup.forms import (
    IndicatorForm,
    IndicatorValueForm,
    LinkIndicatorForm,
)
from recommendations.followup.views.common import (
    hide_from_outsiders,
    link_existing,
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
        indicator = call_service(
            form, lambda: services.indicator_create(actor=request.user, **form.service_kwargs())
        )
        if indicator is not None:
            messages.success(request, _("Indicator added."))
            return redirect("followup:indicator", pk=indicator.pk)
        form.limit_choices(recommendations=recommendations)
    else:
        form = IndicatorForm(
            initial={"recommendations": [from_rec] if from_rec else []},
            recommendations=recommendations,
        )
    return form_page(
        request, "followup/indicator_form.html", {"form": form, "from_recommendation": from_rec}
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
    return edit_page(
        request,
        IndicatorForm,
        indicator,
        functools.partial(services.indicator_update, indicator=indicator),
        recommendations=recommendations,
        template="followup/indicator_form.html",
        context={"indicator": indicator},
        saved_message=_("Indicator saved."),
        done=reverse("followup:indicator", args=[indicator.pk]),
    )


@login_required
@require_POST
def indicator_value_add(request, pk):
    indicator = _indicator(request, pk)
    require(request.user, "recommendations.change_indicator", indicator)
    form = IndicatorValueForm(request.POST)
    value = call_service(
        form,
        lambda: services.indicator_value_add(
            actor=request.user, indicator=indicator, **form.service_kwargs()
        ),
    )
    if value is not None:
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
    return link_existing(
        request,
        pk,
        LinkIndicatorForm,
        linkable=selectors.indicators_linkable_by,
        link=services.indicator_link,
        linked=_("Indicator linked."),
        missing=_("Choose an indicator."),
        anchor="#indicators",
    )
