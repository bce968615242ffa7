"""Reads of the follow-up, limited to what the user may see.

The My work page reads a fixed number of queries whatever the number of recommendations:
one page of rows with everything prefetched, and counts computed by the database.
"""

from __future__ import annotations

import datetime
from collections import OrderedDict

from django.db.models import Count, Max, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from mechanisms.models import Institution
from recommendations.filtering.filters import RecommendationFilter
from recommendations.followup.breakdown import breakdown_table
from recommendations.followup.dimensions import DimensionLabels, label_values
from recommendations.followup.reminders import OWED
from recommendations.followup.services import followup_institution_ids
from recommendations.models import (
    Activity,
    Assignment,
    Cluster,
    Comment,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    Recommendation,
    RoundTask,
    Status,
    UpdateRound,
)
from recommendations.publishing.selectors import recommendations_visible_to


def _scope(user) -> frozenset[int] | None:
    """Institutions whose work the user sees on My work; None means all (the secretariat)."""
    if user.has_perm("recommendations.manage_rounds"):
        return None
    return followup_institution_ids(user)


def recommendations_assigned_to(user) -> QuerySet[Recommendation]:
    """Recommendations the user's institutions lead or support (all assigned ones for the
    secretariat)."""
    institutions = _scope(user)
    assignments = Assignment.objects.all()
    if institutions is not None:
        assignments = assignments.filter(institution__in=institutions)
    return recommendations_visible_to(user).filter(pk__in=assignments.values("recommendation_id"))


def tasks_owed_by(user) -> QuerySet[RoundTask]:
    """Round tasks still owed by the user's institutions in open rounds."""
    tasks = RoundTask.objects.filter(
        update_round__status=UpdateRound.RoundStatus.OPEN, state__in=OWED
    )
    institutions = _scope(user)
    if institutions is not None:
        tasks = tasks.filter(institution__in=institutions)
    return tasks


def _items(tasks) -> int:
    return tasks.order_by().values("recommendation_id", "institution_id").distinct().count()


def my_work(user, data) -> dict:
    """Everything the My work page shows, except the page of rows (``rows`` is a queryset
    to paginate)."""
    today = timezone.localdate()
    institutions = _scope(user)
    base = recommendations_assigned_to(user)
    filterset = RecommendationFilter(data, queryset=base)
    if institutions is not None:
        # The institution filter offers the user's own institutions, not every ministry.
        filterset.filters["institution"].queryset = Institution.objects.filter(pk__in=institutions)
    qs = filterset.qs
    owed = tasks_owed_by(user)
    if data.get("owed"):
        qs = qs.filter(pk__in=owed.values("recommendation_id"))
    if data.get("overdue"):
        qs = qs.filter(
            pk__in=owed.filter(update_round__deadline__lt=today).values("recommendation_id")
        )
    counts = dict(qs.order_by().values_list("status").annotate(n=Count("pk")))
    status_counts = [
        {"value": value, "label": label, "count": counts.get(value, 0)}
        for value, label in Status.choices
    ]
    status_counts.append({"value": "", "label": _("No status yet"), "count": counts.get("", 0)})
    # One grouped query gives the rounds, what each asks and the overdue total.
    rounds = [
        {"pk": pk, "name": name, "deadline": deadline, "owed": n}
        for pk, name, deadline, n in owed.order_by()
        .values_list("update_round_id", "update_round__name", "update_round__deadline")
        .annotate(n=Count("pk"))
        .order_by("update_round__deadline", "update_round_id")
    ]
    # The totals count items (a recommendation owed by an institution), not tasks: rounds
    # may overlap, and an item asked by two rounds is owed once.
    owed_counts = {
        "owed": _items(owed) if rounds else 0,
        "overdue": _items(owed.filter(update_round__deadline__lt=today))
        if any(r["deadline"] < today for r in rounds)
        else 0,
    }

    # Each recommendation is shown under its first cluster (in creation order): an index-only
    # lookup per row, so groups never split across pages.
    first_cluster = (
        Recommendation.clusters.through.objects.filter(recommendation_id=OuterRef("pk"))
        .order_by("cluster_id")
        .values("cluster_id")[:1]
    )
    assignments = Assignment.objects.select_related("institution").order_by("role", "pk")
    tasks = RoundTask.objects.filter(
        update_round__status=UpdateRound.RoundStatus.OPEN
    ).select_related("update_round", "institution")
    if institutions is not None:
        assignments = assignments.filter(institution__in=institutions)
        tasks = tasks.filter(institution__in=institutions)
    rows = (
        qs.annotate(group_cluster=Subquery(first_cluster))
        .select_related("body")
        .prefetch_related(
            Prefetch("clusters", queryset=Cluster.objects.select_related("cluster_set")),
            Prefetch("assignments", queryset=assignments, to_attr="my_assignments"),
            Prefetch("round_tasks", queryset=tasks, to_attr="open_tasks"),
        )
        .order_by("group_cluster", "paragraph", "pk")
    )
    return {
        "filterset": filterset,
        "rows": rows,
        "status_counts": status_counts,
        "owed": owed_counts["owed"],
        "overdue": owed_counts["overdue"],
        "rounds": rounds,
        "today": today,
    }


STATUS_BADGES = {
    Status.FULLY_IMPLEMENTED: "text-bg-success",
    Status.PARTIALLY_IMPLEMENTED: "text-bg-info",
    Status.IN_PROGRESS: "text-bg-warning",
    Status.NOT_APPLICABLE: "text-bg-light border",
    Status.NOT_STARTED: "text-bg-danger",
}
TASK_BADGES = {
    RoundTask.TaskState.ACCEPTED: "text-bg-success",
    RoundTask.TaskState.SUBMITTED: "text-bg-primary",
    RoundTask.TaskState.RETURNED: "text-bg-danger",
    RoundTask.TaskState.DRAFT: "text-bg-secondary",
    RoundTask.TaskState.PENDING: "text-bg-warning",
}


def group_by_cluster(recommendations) -> list[dict]:
    """Rows of one page grouped under their first cluster; unclustered ones last. Badge
    classes are set here: an include per row would double the page's rendering time."""
    groups: OrderedDict = OrderedDict()
    for rec in recommendations:
        rec.badge_class = STATUS_BADGES.get(rec.status, "text-bg-secondary")
        for task in rec.open_tasks:
            task.badge_class = TASK_BADGES.get(task.state, "text-bg-secondary")
            task.is_owed = task.state in OWED
        cluster = next((c for c in rec.clusters.all() if c.pk == rec.group_cluster), None)
        groups.setdefault(cluster, []).append(rec)
    return [{"cluster": cluster, "recommendations": recs} for cluster, recs in groups.items()]


def followup_recommendation(user, pk: int) -> Recommendation:
    """A recommendation with its follow-up; 404 unless the user reads internal records."""
    if not user.has_perm("recommendations.view_workspace"):
        raise Http404
    qs = recommendations_visible_to(user).select_related("body", "review__state_under_review")
    return get_object_or_404(
        qs.prefetch_related(
            Prefetch("assignments", queryset=Assignment.objects.select_related("institution"))
        ),
        pk=pk,
    )


def progress_history(recommendation) -> QuerySet[ProgressUpdate]:
    """Every update, newest first, with its author, reviewer and evidence."""
    return (
        recommendation.progress_updates.select_related(
            "author", "institution", "reviewed_by", "update_round"
        )
        .prefetch_related("evidence")
        .order_by("-date", "-pk")
    )


def recommendation_activities(recommendation) -> QuerySet[Activity]:
    return (
        recommendation.activities.select_related("lead_institution")
        .prefetch_related("recommendations", "evidence", "plan_items")
        .order_by("-start_date", "title")
    )


# A value with no breakdown is the total; the others are cells of a disaggregation.
TOTAL = Q(disaggregation={})


def recommendation_indicators(recommendation) -> QuerySet[Indicator]:
    """The recommendation's indicators, each with ``value_list``: its values oldest first, as
    a list (a template's ``|last`` cannot index a queryset from the end)."""
    return recommendation.indicators.select_related(
        "sdg_indicator", "institution"
    ).prefetch_related(
        Prefetch(
            "values",
            queryset=IndicatorValue.objects.filter(TOTAL).order_by("date"),
            to_attr="value_list",
        )
    )


def _value_order(labels: DimensionLabels):
    def key(row: IndicatorValue):
        given = row.disaggregation or {}
        cells = sorted(
            (labels.order.get(code, 999), labels.category_key(code, category))
            for code, category in given.items()
        )
        return (-row.date.toordinal(), bool(given), cells)

    return key


def indicator_value_rows(indicator: Indicator, labels: DimensionLabels | None = None):
    """An indicator's values for a table: newest date first, each date's total before its
    breakdown, the breakdown in the order of the dimensions and their categories."""
    labels = labels or DimensionLabels.load()
    return sorted(label_values(indicator.values.all(), labels), key=_value_order(labels))


def latest_values(values, labels: DimensionLabels | None = None) -> dict | None:
    """The values of the latest date among ``values``: {"date", "total" (or None),
    "breakdown" (the disaggregated rows of that date), "table" (the breakdown as a table
    and a chart, see ``breakdown_table``)}; None without any value."""
    values = list(values)
    if not values:
        return None
    labels = labels or DimensionLabels.load()
    latest = max(v.date for v in values)
    rows = sorted(
        label_values((v for v in values if v.date == latest), labels), key=_value_order(labels)
    )
    total = next((v for v in rows if not v.disaggregation), None)
    breakdown = [v for v in rows if v.disaggregation]
    return {
        "date": latest,
        "total": total,
        "breakdown": breakdown,
        "table": breakdown_table(breakdown, labels),
    }


def recommendation_comments(recommendation) -> QuerySet[Comment]:
    return recommendation.comments.select_related("author").order_by("-created")


def activities_linkable_by(user, recommendation) -> QuerySet[Activity]:
    """Activities the user could link to this recommendation: their institutions' (all for
    the secretariat), not linked already."""
    qs = Activity.objects.exclude(recommendations=recommendation)
    institutions = _scope(user)
    if institutions is not None:
        qs = qs.filter(
            Q(lead_institution__in=institutions)
            | Q(recommendations__assignments__institution__in=institutions)
        ).distinct()
    return qs.order_by("title")


def indicators_linkable_by(user, recommendation) -> QuerySet[Indicator]:
    """Indicators the user could link to this recommendation: their institutions' (all for
    the secretariat), not linked already; the same rule as recommendations.change_indicator."""
    qs = Indicator.objects.exclude(recommendations=recommendation)
    institutions = _scope(user)
    if institutions is not None:
        qs = qs.filter(institution__in=institutions)
    return qs.order_by("name")


def recommendations_assignable_by(user) -> QuerySet[Recommendation]:
    """Recommendations the user may link activities and indicators to."""
    return recommendations_assigned_to(user).order_by("paragraph", "pk")


def round_detail(user, pk: int) -> UpdateRound:
    if not user.has_perm("recommendations.view_workspace"):
        raise Http404
    return get_object_or_404(UpdateRound, pk=pk)


def round_updates_to_review(update_round: UpdateRound, institution_id=None):
    tasks = (
        RoundTask.objects.filter(update_round=update_round)
        .exclude(update__isnull=True)
        .select_related("recommendation", "institution", "update__author")
        .prefetch_related("update__evidence")
        .order_by("institution__name", "recommendation__paragraph", "pk")
    )
    if institution_id:
        tasks = tasks.filter(institution_id=institution_id)
    return tasks


def rounds_visible_to(user) -> QuerySet[UpdateRound]:
    rounds = UpdateRound.objects.annotate(task_count=Count("tasks"))
    institutions = _scope(user)
    if institutions is not None:
        rounds = UpdateRound.objects.filter(tasks__institution__in=institutions).annotate(
            task_count=Count("tasks", filter=Q(tasks__institution__in=institutions))
        )
    return rounds.order_by("-opened")


def sheet_recommendations(user, institution) -> QuerySet[Recommendation]:
    """What the ministries' sheet lists for an institution: the recommendations it leads or
    supports (that the user may see), each with the institution's role and the last word on
    it (the latest accepted update, or the institution's own submitted or sent-back one)."""
    S = ProgressUpdate.State  # noqa: N806
    latest = (
        ProgressUpdate.objects.filter(recommendation=OuterRef("pk"))
        .filter(
            Q(state=S.ACCEPTED) | Q(institution=institution, state__in=[S.SUBMITTED, S.RETURNED])
        )
        .order_by("-date", "-pk")
    )
    role = Assignment.objects.filter(recommendation=OuterRef("pk"), institution=institution)
    return (
        recommendations_visible_to(user)
        .filter(
            pk__in=Assignment.objects.filter(institution=institution).values("recommendation_id")
        )
        .annotate(
            sheet_role=Subquery(role.values("role")[:1]),
            last_date=Subquery(latest.values("date")[:1]),
            last_narrative=Subquery(latest.values("narrative")[:1]),
        )
        .select_related("body")
        .order_by("paragraph", "pk")
    )


def progress_stamps(recommendation_ids) -> dict[int, str]:
    """Per recommendation, a stamp of its status and progress updates: it changes whenever
    an update is added, edited, reviewed or removed, or the status moves. The sheet carries
    the stamp of its download, so an upload sees what changed since."""
    ids = list(recommendation_ids)
    stamps: dict[int, str] = {}
    for start in range(0, len(ids), 900):  # SQLite's bound on query parameters
        chunk = ids[start : start + 900]
        updates = {
            row["recommendation_id"]: row
            for row in ProgressUpdate.objects.filter(recommendation_id__in=chunk)
            .order_by()
            .values("recommendation_id")
            .annotate(n=Count("pk"), last=Max("modified"))
        }
        for pk, status in Recommendation.objects.filter(pk__in=chunk).values_list("pk", "status"):
            row = updates.get(pk)
            last = row["last"].astimezone(datetime.UTC).isoformat() if row else "-"
            stamps[pk] = f"{status or '-'}|{row['n'] if row else 0}|{last}"
    return stamps
