"""The parliament view: the recommendations that need parliamentary action (a law, a
ratification, a budget vote), with their status, lead institution, latest progress and the
activities recorded for them, filtered by the one FilterSet. Read-only, for the
parliamentary committee (its seats and viewers) and the secretariat."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nrtd.web import require
from recommendations.filtering.facets import cached_facet_counts, chosen_values
from recommendations.filtering.filters import RecommendationFilter
from recommendations.filtering.sorting import SORT_LABELS, sort_recommendations
from recommendations.publishing.selectors import sees_internal
from recommendations.registry.selectors import parliament_recommendations, parliament_rows
from recommendations.registry.views import facet_panels

PAGE_SIZE = 25
# What a committee narrows by: who leads, how far it got, what it is about.
PARLIAMENT_FACETS = [
    "status",
    "institution",
    "theme",
    "budget_implications",
    "mechanism",
    "body",
    "response",
    "cycle",
    "group",
    "sdg_goal",
    "year",
]


@login_required
@require_safe
def parliament_list(request):
    require(request.user, "recommendations.view_parliament")
    base = parliament_recommendations(request.user)
    filterset = RecommendationFilter(request.GET, queryset=base)
    searching = bool(request.GET.get("search", "").strip())
    sort = request.GET.get("sort") or ("relevance" if searching else "paragraph")
    results = sort_recommendations(filterset.qs, sort, searching=searching)
    page = Paginator(results.values_list("pk", flat=True), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = parliament_rows(request.user, list(page.object_list))
    scope = "parliament:" + ("internal" if sees_internal(request.user) else "public")
    counts = cached_facet_counts(base, PARLIAMENT_FACETS, request.GET, scope=scope)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "facets": facet_panels(request, counts, filterset, PARLIAMENT_FACETS),
        "search": request.GET.get("search", ""),
        "sort": sort,
        "sorts": SORT_LABELS,
        "query": query.urlencode(),
        "has_filters": any(chosen_values(request.GET, n) for n in [*PARLIAMENT_FACETS, "search"]),
    }
    template = "recommendations/parliament.html"
    if request.htmx and request.htmx.target == "parliament":
        template = "recommendations/_parliament.html"
    return render(request, template, context)
