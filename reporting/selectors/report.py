"""The data a report is written from: the recommendations a run covers, read once, in
chunks, into the plain rows of ``reporting.selectors.rows``."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from recommendations.models import (
    Assignment,
    Cluster,
    Recommendation,
    Response,
    SdgGoal,
)
from reporting.models import ANNUAL_KINDS, ReportKind, ReportRun
from reporting.selectors.loader import iter_rows
from reporting.selectors.rows import (
    ClusterGroup,
    RecommendationRow,
    ReportData,
    paragraph_key,
)

CHUNK = 500


def scope_recommendations(run: ReportRun) -> QuerySet[Recommendation]:
    """The recommendations a run covers. Reports are written for the government side, so
    unpublished recommendations count too. Noted ones are dropped only when asked; voluntary
    pledges (the State's own commitments) are not recommendations and never counted."""
    qs = Recommendation.objects.filter(kind=Recommendation.Kind.RECOMMENDATION)
    if run.review_id:
        qs = qs.filter(review_id=run.review_id)
    if run.body_id:
        qs = qs.filter(body_id=run.body_id)
    if run.kind == ReportKind.TREATY_FOLLOWUP:
        # Exactly the items the concluding observations selected, whatever the response.
        return qs.filter(is_followup_item=True)
    if run.kind == ReportKind.PARLIAMENT_ANNUAL:
        # What parliament must act on: a law to pass, or money to vote.
        qs = qs.filter(Q(needs_parliament=True) | Q(budget_implications=True))
    if run.cycle:
        qs = qs.filter(review__cycle=run.cycle)
    if run.mechanisms:
        qs = qs.filter(mechanism__in=run.mechanisms)
    through = Recommendation.clusters.through
    cluster_ids = list(run.clusters.values_list("pk", flat=True)) if run.pk else []
    if cluster_ids:
        qs = qs.filter(
            pk__in=through.objects.filter(cluster_id__in=cluster_ids).values("recommendation_id")
        )
    elif run.cluster_set_id:
        qs = qs.filter(
            pk__in=through.objects.filter(cluster__cluster_set_id=run.cluster_set_id).values(
                "recommendation_id"
            )
        )
    institution_ids = list(run.institutions.values_list("pk", flat=True)) if run.pk else []
    if institution_ids:
        qs = qs.filter(
            pk__in=Assignment.objects.filter(institution_id__in=institution_ids).values(
                "recommendation_id"
            )
        )
    # An annual report's period is the year whose activities it reports, not the
    # recommendations' dates: a recommendation of 2019 still needs its law in 2025.
    if run.date_from and run.kind not in ANNUAL_KINDS:
        qs = qs.filter(
            Q(date__gte=run.date_from) | Q(date__isnull=True, review__date__gte=run.date_from)
        )
    if run.date_to and run.kind not in ANNUAL_KINDS:
        qs = qs.filter(
            Q(date__lte=run.date_to) | Q(date__isnull=True, review__date__lte=run.date_to)
        )
    if not run.include_noted:
        qs = qs.exclude(response=Response.NOTED)
    return qs


def status_counts(qs: QuerySet[Recommendation]) -> Counter:
    """Status counts computed by the database, the figure the report's tables must match."""
    return Counter(
        {row["status"]: row["n"] for row in qs.order_by().values("status").annotate(n=Count("pk"))}
    )


def grouping_clusters(run: ReportRun) -> list[Cluster]:
    """The clusters the report is organised by: those chosen, else the chosen set's, else the
    first cluster set of the review."""
    chosen = list(run.clusters.order_by("cluster_set", "order", "name"))
    if chosen:
        return chosen
    cluster_set_id = run.cluster_set_id
    if not cluster_set_id and run.review_id:
        cluster_set_id = (
            run.review.cluster_sets.order_by("name").values_list("pk", flat=True).first()
        )
    if not cluster_set_id:
        return []
    return list(Cluster.objects.filter(cluster_set_id=cluster_set_id).order_by("order", "name"))


def _goal_labels() -> dict[int, str]:
    """ "Goal 3: Good health and well-being", in the active language."""
    return {
        goal.number: f"{_('Goal')} {goal.number}: {goal.short_title}".rstrip(": ")
        for goal in SdgGoal.objects.all()
    }


def _fallback_key(row: RecommendationRow, grouping: str, goals: dict[int, str]) -> str:
    if grouping == "themes" and row.themes:
        return row.themes[0]
    if grouping == "goals" and row.sdg_goals:
        goal = row.sdg_goals[0]
        return goals.get(goal, f"{_('Goal')} {goal}")
    return ""


def report_data(run: ReportRun, *, progress=None) -> ReportData:
    """The run's rows grouped by cluster; with no cluster set, by first theme or else by
    first SDG goal (whichever classifies more of them), never into a single group."""
    qs = scope_recommendations(run)
    # A periodic report follows the concluding observations' themes, not the UPR clusters.
    clusters = [] if run.kind == ReportKind.TREATY_PERIODIC else grouping_clusters(run)
    groups = {c.pk: ClusterGroup(name=c.name) for c in clusters}
    grouping = "clusters"
    if not clusters:
        themed = qs.filter(themes__isnull=False).distinct().count()
        with_goals = (
            qs.filter(Q(sdg_goals__isnull=False) | Q(sdg_targets__isnull=False)).distinct().count()
        )
        grouping = (
            "themes" if themed >= with_goals and themed else "goals" if with_goals else "none"
        )
        if run.kind == ReportKind.TREATY_PERIODIC:
            grouping = "themes" if themed else "none"
    goals = _goal_labels()
    fallback: dict[str, ClusterGroup] = {}
    other = ClusterGroup(
        name=_("All recommendations") if grouping == "none" else _("Other recommendations")
    )
    responses: Counter = Counter()
    by_institution: dict[str, Counter] = defaultdict(Counter)
    by_goal: dict[int, Counter] = defaultdict(Counter)
    total = qs.count()
    for n, (cluster_ids, row) in enumerate(iter_rows(qs), start=1):
        # Each recommendation appears once, under the first of its clusters in report order.
        target = next((groups[c.pk] for c in clusters if c.pk in cluster_ids), None)
        if target is None and grouping in ("themes", "goals"):
            key = _fallback_key(row, grouping, goals)
            if key:
                target = fallback.setdefault(key, ClusterGroup(name=key))
        (target or other).rows.append(row)
        responses[row.response_value] += 1
        by_institution[row.lead or _("No lead institution")][row.status] += 1
        for goal in row.sdg_goals:
            by_goal[goal][row.status] += 1
        if progress and n % CHUNK == 0:
            progress(n / max(total, 1))
    ordered = [g for g in groups.values() if g.rows]
    ordered += sorted(fallback.values(), key=lambda g: (-len(g.rows), g.name))
    if other.rows:
        ordered.append(other)
    for group in ordered:
        group.rows.sort(key=lambda r: (paragraph_key(r.paragraph), r.pk))
    return ReportData(
        groups=ordered,
        overall=status_counts(qs),
        responses=responses,
        by_institution=sorted(by_institution.items()),
        by_goal=[
            (goals.get(goal, f"{_('Goal')} {goal}"), by_goal[goal]) for goal in sorted(by_goal)
        ],
        scope_label=scope_label(run),
        grouping=grouping,
    )


def scope_label(run: ReportRun) -> str:
    parts = []
    if run.review_id:
        parts.append(str(run.review))
    if run.body_id and not run.review_id:
        parts.append(str(run.body))
    if run.cycle:
        parts.append(_("UPR cycle %(cycle)s") % {"cycle": run.cycle})
    if run.mechanisms:
        parts.append(", ".join(run.mechanisms).upper())
    if run.cluster_set_id:
        parts.append(str(run.cluster_set))
    if run.pk:
        clusters = [c.name for c in run.clusters.all()]
        if clusters:
            parts.append(", ".join(clusters))
        institutions = [str(i) for i in run.institutions.all()]
        if institutions:
            parts.append(", ".join(institutions))
    # An annual report states its year on its own line of the cover.
    if (run.date_from or run.date_to) and run.kind not in ANNUAL_KINDS:
        parts.append(
            f"{run.date_from.isoformat() if run.date_from else '…'} – "
            f"{run.date_to.isoformat() if run.date_to else '…'}"
        )
    if not run.include_noted:
        parts.append(_("supported recommendations only"))
    return "; ".join(parts) or _("All recommendations")
