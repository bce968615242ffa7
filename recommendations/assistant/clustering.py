"""Cluster proposals for a review's recommendations, for the secretariat to edit and save.

1. A recommendation that repeats one of the previous review of the same State goes into the
   cluster that earlier recommendation was in (the previous cycle's clusters are reused).
2. The others are grouped by their level-1 theme ("A4"): the assigned themes if any, else the
   best suggested theme. OHCHR's thematic matrices group recommendations the same way.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count

from recommendations.assistant.engine import baseline, score_texts
from recommendations.assistant.labels import THEMES, recommendation_labels, theme_top
from recommendations.assistant.similarity import load, nearest, vectorizer
from recommendations.assistant.storage import current_model
from recommendations.models import Cluster, ClusterSet, Recommendation, Review

REUSE_MIN = 0.45  # how close to an earlier recommendation to inherit its cluster


@dataclass
class ProposedCluster:
    name: str
    recommendation_ids: list[int] = field(default_factory=list)
    reused_from: Cluster | None = None


def previous_review(review: Review) -> Review | None:
    return (
        Review.objects.filter(
            state_under_review=review.state_under_review, session__lt=review.session
        )
        .order_by("-session")
        .first()
    )


def previous_cluster_set(review: Review) -> ClusterSet | None:
    """The cluster set that holds most of the previous review's recommendations."""
    previous = previous_review(review)
    if previous is None:
        return None
    return (
        ClusterSet.objects.filter(clusters__recommendations__review=previous)
        .annotate(n=Count("clusters__recommendations"))
        .order_by("-n", "-pk")
        .first()
    )


def propose_clusters(review: Review) -> list[ProposedCluster]:
    recs = list(Recommendation.objects.filter(review=review).order_by("pk"))
    if not recs:
        return []
    proposals: dict[str, ProposedCluster] = {}
    placed: set[int] = set()

    old_set = previous_cluster_set(review)
    if old_set is not None:
        previous = previous_review(review)
        old_qs = Recommendation.objects.filter(review=previous, clusters__cluster_set=old_set)
        cluster_of = dict(
            Cluster.recommendations.through.objects.filter(
                cluster__cluster_set=old_set, recommendation__review=previous
            ).values_list("recommendation_id", "cluster_id")
        )
        clusters = Cluster.objects.in_bulk(set(cluster_of.values()))
        new_texts, new_meta = load(Recommendation.objects.filter(review=review))
        old_texts, old_meta = load(old_qs.distinct())
        if old_texts:
            vec = vectorizer().fit(new_texts + old_texts)
            # Same State, earlier review, same body: the repeat rule of the similarity search.
            found = nearest(
                vec.transform(new_texts),
                new_meta,
                vec.transform(old_texts),
                old_meta,
                limit=1,
                repeat_min=REUSE_MIN,
                similar_min=2.0,  # only repeats
            )
            for row, col, _score, _kind in found:
                cluster = clusters[cluster_of[int(old_meta.ids[col])]]
                entry = proposals.setdefault(
                    cluster.name, ProposedCluster(name=cluster.name, reused_from=cluster)
                )
                entry.recommendation_ids.append(int(new_meta.ids[row]))
                placed.add(int(new_meta.ids[row]))

    rest = [r for r in recs if r.pk not in placed]
    if rest:
        base = baseline()
        themes = {label.code: label for label in base.labels[THEMES]}
        assigned = recommendation_labels(Recommendation.objects.filter(pk__in=[r.pk for r in rest]))
        _run, model = current_model()
        scored = score_texts([r.text for r in rest], base=base, model=model)[THEMES]
        for row, rec in enumerate(rest):
            codes = assigned[rec.pk][THEMES]
            if codes:
                top = Counter(theme_top(c, themes) for c in codes).most_common(1)[0][0]
            else:
                top = theme_top(scored.codes[int(scored.scores[row].argmax())], themes)
            label = themes.get(top)
            name = label.titles["en"].split(" ", 1)[-1] if label else top
            proposals.setdefault(name, ProposedCluster(name=name)).recommendation_ids.append(rec.pk)
    ordered = sorted(proposals.values(), key=lambda p: (-len(p.recommendation_ids), p.name))
    return ordered


def group_by_cluster(proposals: list[ProposedCluster]) -> dict[int, int]:
    """{recommendation id: index of its proposed cluster}."""
    result = defaultdict(int)
    for i, proposal in enumerate(proposals):
        for pk in proposal.recommendation_ids:
            result[pk] = i
    return dict(result)
