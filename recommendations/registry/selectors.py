"""Reads of the registry, already limited to what the user may see."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import QueryDict
from django.shortcuts import get_object_or_404

from mechanisms.models import Institution
from recommendations.filtering.filters import RecommendationFilter
from recommendations.models import (
    Assignment,
    ClusterSet,
    ProgressUpdate,
    Recommendation,
    RecommendationLink,
    ResponseEntry,
)
from recommendations.publishing.selectors import (
    activities_visible_to,
    recommendations_visible_to,
    updates_visible_to,
)


def _assignments():
    return Prefetch(
        "assignments",
        queryset=Assignment.objects.select_related("institution").order_by("role", "pk"),
    )


def recommendation_rows_visible_to(user) -> QuerySet[Recommendation]:
    """What the list shows per row, in a fixed number of queries whatever the page size."""
    return (
        recommendations_visible_to(user)
        .select_related("body", "review__state_under_review")
        .prefetch_related("themes", "recommending_states", _assignments())
    )


def recommendation_page(user, qs: QuerySet[Recommendation], number, *, per_page: int = 25):
    """One page of a filtered, sorted list. The sort and the count run on ids alone (no joins,
    no wide rows: ranking 20,000 full-text matches stays cheap); only the rows of the page
    are then loaded with what the list shows."""
    page = Paginator(qs.values_list("pk", flat=True), per_page).get_page(number)
    ids = list(page.object_list)
    rows = recommendation_rows_visible_to(user).in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def with_classification(qs: QuerySet[Recommendation]) -> QuerySet[Recommendation]:
    """What a recommendation's page shows of it: body, review, responses, classification
    and the institutions assigned, in a fixed number of queries."""
    return qs.select_related("body", "review__state_under_review").prefetch_related(
        Prefetch("responses", queryset=ResponseEntry.objects.order_by("date", "pk")),
        "recommending_states",
        "themes__parent",
        "groups",
        "sdg_targets__goal",
        "sdg_goals",
        "clusters__cluster_set",
        _assignments(),
    )


def recommendation_detail(user, pk) -> Recommendation:
    """One recommendation with everything the detail page shows; 404 if not visible."""
    visible = recommendations_visible_to(user)
    qs = with_classification(visible).prefetch_related(
        Prefetch(
            "links_out",
            queryset=RecommendationLink.objects.filter(target__in=visible).select_related("target"),
        ),
        Prefetch(
            "links_in",
            queryset=RecommendationLink.objects.filter(source__in=visible).select_related("source"),
        ),
    )
    return get_object_or_404(qs, pk=pk)


def recommendation_history(recommendation: Recommendation, *, limit: int = 20):
    """Who changed what and when, most recent first."""
    return recommendation.history.select_related("history_user").order_by("-history_date")[:limit]


def cluster_sets_with_clusters() -> QuerySet[ClusterSet]:
    return ClusterSet.objects.prefetch_related("clusters")


def institutions_assignable_by(user) -> QuerySet[Institution]:
    """The institutions ``user`` may assign recommendations to: every active one for the
    secretariat (``recommendations.assign_recommendation``), none for anyone else."""
    if not user.has_perm("recommendations.assign_recommendation"):
        return Institution.objects.none()
    return Institution.objects.filter(is_active=True).order_by("name")


def bulk_selection_ids(user, *, ids=(), filters: str | None = None) -> list[int]:
    """The recommendations a bulk action applies to, limited to what ``user`` may see: the
    ``ids`` ticked on the page, or (``filters`` given, as the list's query string) every
    recommendation the list's FilterSet matches, on every page."""
    visible = recommendations_visible_to(user)
    if filters is not None:
        qs = RecommendationFilter(QueryDict(filters), queryset=visible).qs
    else:
        qs = visible.filter(pk__in=list(ids))
    return list(qs.order_by().values_list("pk", flat=True).distinct())


def assignment_sheet_rows(ids) -> QuerySet[Recommendation]:
    """The recommendations of an assignment sheet, with what the sheet shows of each."""
    return (
        Recommendation.objects.filter(pk__in=list(ids))
        .select_related("body", "review")
        .prefetch_related(_assignments())
        .order_by("review__date", "review_id", "paragraph", "pk")
    )


def parliament_recommendations(user) -> QuerySet[Recommendation]:
    """The recommendations needing parliamentary action that the user may see (the base of
    the parliament view, before the FilterSet)."""
    return recommendations_visible_to(user).filter(needs_parliament=True)


def parliament_rows(user, ids: list[int]) -> list[Recommendation]:
    """The parliament view's rows for ``ids``, in that order, each with its lead institution
    (``leads``), latest accepted progress update (``latest_update``: the one that set its
    status, or None) and the activities recorded for it (the bills and acts), in a fixed
    number of queries whatever the page size."""
    accepted = updates_visible_to(
        user, ProgressUpdate.objects.filter(state=ProgressUpdate.State.ACCEPTED)
    ).select_related("institution")
    qs = (
        parliament_recommendations(user)
        .select_related("body", "review__state_under_review")
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.filter(role=Assignment.Role.LEAD).select_related(
                    "institution"
                ),
                to_attr="leads",
            ),
            Prefetch(
                "progress_updates",
                queryset=accepted.order_by("-date", "-pk"),
                to_attr="accepted_updates",
            ),
            Prefetch(
                "activities",
                queryset=activities_visible_to(user).order_by("start_date", "pk"),
                to_attr="recorded_activities",
            ),
        )
    )
    rows = qs.in_bulk(ids)
    result = []
    for pk in ids:
        if pk in rows:
            row = rows[pk]
            row.latest_update = row.accepted_updates[0] if row.accepted_updates else None
            result.append(row)
    return result
