"""Disaggregated values of an indicator entered as a grid."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nrtd.web import require
from recommendations.followup.grid import indicator_values_grid_write, is_conflict, stored_grid
from recommendations.followup.grid_forms import GridForm, GridPickForm
from recommendations.followup.views.indicators import _indicator


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def indicator_grid(request, pk):
    """GET: choose the date and dimensions (the grid shows what is stored for them);
    POST: save the grid in one go, or show it again with what was typed and each refused
    cell named."""
    indicator = _indicator(request, pk)
    require(request.user, "recommendations.change_indicator", indicator)
    source = request.POST if request.method == "POST" else request.GET
    pick = GridPickForm(source if "rows" in source else None)
    grid, status = None, 200
    if pick.is_bound and pick.is_valid():
        first, second = pick.chosen()
        date = pick.cleaned_data["date"]
        stored = stored_grid(indicator, date, first, second)
        if request.method == "POST":
            grid = GridForm(request.POST, first=first, second=second, stored=stored)
            if grid.is_valid():
                try:
                    counts = indicator_values_grid_write(
                        actor=request.user,
                        indicator=indicator,
                        date=date,
                        rows=first.code,
                        columns=second.code if second else None,
                        cells=grid.cells(),
                        note=grid.cleaned_data["note"],
                    )
                except ValidationError as exc:
                    grid.add_cell_errors(exc.message_dict)
                    if is_conflict(exc):
                        grid.refresh_seen(stored)
                        status = 409
                else:
                    messages.success(
                        request,
                        _(
                            "Values saved: %(added)s added, %(changed)s changed, "
                            "%(removed)s removed."
                        )
                        % counts,
                    )
                    return redirect("followup:indicator", pk=indicator.pk)
            status = status if status != 200 else 400
        else:
            grid = GridForm(first=first, second=second, stored=stored)
    elif pick.is_bound or request.method == "POST":
        status = 400
    context = {"indicator": indicator, "pick": pick, "grid": grid}
    return render(request, "followup/indicator_grid.html", context, status=status)
