"""The secretariat's disaggregation dimensions (sex, age group, region …) and their
categories, with their names in every interface language."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from nrtd.web import add_form_errors, require
from recommendations.followup.dimension_forms import DimensionForm, category_forms
from recommendations.followup.dimensions import MANAGE_DIMENSIONS, all_dimensions, dimension_save
from recommendations.models import DisaggregationDimension


@login_required
@require_safe
def dimension_list(request):
    require(request.user, MANAGE_DIMENSIONS)
    return render(request, "followup/dimension_list.html", {"dimensions": all_dimensions()})


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def dimension_edit(request, pk=None):
    require(request.user, MANAGE_DIMENSIONS)
    dimension = get_object_or_404(DisaggregationDimension, pk=pk) if pk else None
    categories = list(dimension.categories.all()) if dimension else []
    data = request.POST if request.method == "POST" else None
    form = DimensionForm(data, dimension=dimension)
    rows = category_forms(data, categories=categories)
    valid = request.method == "POST" and form.is_valid()
    if all([valid, *(row.is_valid() for row in rows)]):
        try:
            saved = dimension_save(
                actor=request.user,
                dimension=dimension,
                categories=[row.row() for row in rows],
                **form.service_kwargs(),
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(request, _("The dimension “%(name)s” is saved.") % {"name": saved})
            return redirect("followup:dimensions")
    context = {"form": form, "rows": rows, "dimension": dimension}
    status = 400 if request.method == "POST" else 200
    return render(request, "followup/dimension_form.html", context, status=status)
