"""Classification of recommendations by the secretariat: themes, groups, SDGs, clusters,
priority and flags, one at a time (with optimistic concurrency) or in bulk; cluster sets."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nrtd.concurrency import save_version, version_check
from nrtd.web import require
from recommendations.filtering.facets import forget_facet_counts
from recommendations.models import (
    ActionCategory,
    AffectedGroup,
    Cluster,
    ClusterSet,
    Priority,
    Recommendation,
    SdgGoal,
    SdgTarget,
    Theme,
)

CLASSIFY = "recommendations.classify_recommendation"
M2M_FIELDS = ("themes", "groups", "sdg_targets", "sdg_goals", "clusters")
SCALAR_FIELDS = (
    "priority",
    "action_category",
    "needs_parliament",
    "budget_implications",
    "response_justification",
)
CLASSIFICATION_FIELDS = M2M_FIELDS + SCALAR_FIELDS


@transaction.atomic
def recommendation_classify(
    *,
    actor,
    recommendation: Recommendation,
    expected_version: int,
    themes: Iterable[Theme] | None = None,
    groups: Iterable[AffectedGroup] | None = None,
    sdg_targets: Iterable[SdgTarget] | None = None,
    sdg_goals: Iterable[SdgGoal] | None = None,
    clusters: Iterable[Cluster] | None = None,
    priority: str | None = None,
    action_category: int | str | None = None,
    needs_parliament: bool | None = None,
    budget_implications: bool | None = None,
    response_justification: str | None = None,
) -> Recommendation:
    """Set the classification of one recommendation. Arguments left as None are unchanged.

    ``expected_version`` is the version the user's form started from; if someone saved in
    between, raise RecordChanged naming what they changed, and write nothing. SDG goals are
    the goals given directly plus the goals of the targets given. ``action_category`` "" clears
    it (None leaves it, as for the other arguments)."""
    require(actor, CLASSIFY, recommendation)
    current = version_check(
        Recommendation, recommendation.pk, expected_version, CLASSIFICATION_FIELDS
    )
    if priority is not None and priority not in {"", *Priority.values}:
        raise ValidationError({"priority": _("Unknown priority.")})
    if action_category not in {None, "", *ActionCategory.values}:
        raise ValidationError(
            {"action_category": _("The action category is a number from 1 to 5.")}
        )

    if priority is not None:
        current.priority = priority
    if action_category is not None:
        current.action_category = action_category or None
    if needs_parliament is not None:
        current.needs_parliament = needs_parliament
    if response_justification is not None:
        current.response_justification = response_justification.strip()
    if budget_implications is not None:
        current.budget_implications = budget_implications
    # Set the M2M first without history, then save once: one history row with the result.
    current.skip_history_when_saving = True
    try:
        if themes is not None:
            current.themes.set(themes)
        if groups is not None:
            current.groups.set(groups)
        if sdg_targets is not None:
            sdg_targets = list(sdg_targets)
            current.sdg_targets.set(sdg_targets)
        if sdg_goals is not None or sdg_targets is not None:
            goals = {
                g.pk for g in (sdg_goals if sdg_goals is not None else current.sdg_goals.all())
            }
            targets = sdg_targets if sdg_targets is not None else current.sdg_targets.all()
            goals |= {t.goal_id for t in targets}
            current.sdg_goals.set(goals)
        if clusters is not None:
            current.clusters.set(clusters)
    finally:
        del current.skip_history_when_saving
    save_version(current, actor, reason="classification")
    transaction.on_commit(forget_facet_counts)
    return current


def _bulk_save(actor, recommendations: Iterable[Recommendation], change) -> int:
    count = 0
    for rec in recommendations:
        require(actor, CLASSIFY, rec)
        rec.skip_history_when_saving = True
        try:
            changed = change(rec)
        finally:
            del rec.skip_history_when_saving
        if changed:
            save_version(rec, actor, reason="bulk classification")
            count += 1
    transaction.on_commit(forget_facet_counts)
    return count


@transaction.atomic
def recommendations_add_to_cluster(
    *, actor, recommendations: Iterable[Recommendation], cluster: Cluster
) -> int:
    """Put each recommendation in ``cluster``; returns how many were not in it yet."""
    # Ordered by pk: the default ordering joins the review, which FOR UPDATE refuses.
    locked = (
        Recommendation.objects.select_for_update(of=("self",))
        .filter(pk__in=[r.pk for r in recommendations])
        .order_by("pk")
    )
    already = set(cluster.recommendations.values_list("pk", flat=True))

    def change(rec):
        if rec.pk in already:
            return False
        rec.clusters.add(cluster)
        return True

    return _bulk_save(actor, locked, change)


@transaction.atomic
def recommendations_set_priority(
    *, actor, recommendations: Iterable[Recommendation], priority: str
) -> int:
    """Give each recommendation ``priority`` ("" clears it); returns how many changed."""
    if priority not in {"", *Priority.values}:
        raise ValidationError({"priority": _("Unknown priority.")})
    # Ordered by pk: the default ordering joins the review, which FOR UPDATE refuses.
    locked = (
        Recommendation.objects.select_for_update(of=("self",))
        .filter(pk__in=[r.pk for r in recommendations])
        .order_by("pk")
    )

    def change(rec):
        if rec.priority == priority:
            return False
        rec.priority = priority
        return True

    return _bulk_save(actor, locked, change)


@transaction.atomic
def cluster_set_create(*, actor, name: str, description: str = "") -> ClusterSet:
    require(actor, "recommendations.manage_clusters")
    if ClusterSet.objects.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("A cluster set with this name already exists.")})
    return ClusterSet.objects.create(name=name.strip(), description=description)


@transaction.atomic
def cluster_create(*, actor, cluster_set: ClusterSet, name: str) -> Cluster:
    require(actor, "recommendations.manage_clusters")
    if cluster_set.clusters.filter(name__iexact=name.strip()).exists():
        raise ValidationError({"name": _("This cluster set already has a cluster with this name.")})
    order = cluster_set.clusters.count() + 1
    return Cluster.objects.create(cluster_set=cluster_set, name=name.strip(), order=order)
