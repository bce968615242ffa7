"""Writes of the assistant: feedback on suggestions, training runs, links, cluster sets."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from nrtd.public_cache import public_data_changed
from nrtd.web import require
from recommendations.assistant.similarity import load, nearest, vectorizer
from recommendations.assistant.tasks import train_classifier
from recommendations.models import (
    AffectedGroup,
    ClassifierModel,
    ClusterSet,
    LabelKind,
    Recommendation,
    RecommendationLink,
    Review,
    SdgGoal,
    SdgTarget,
    SuggestionFeedback,
    Theme,
)
from recommendations.registry.services import (
    cluster_create,
    cluster_set_create,
    recommendation_classify,
)

CLASSIFY = "recommendations.classify_recommendation"


def label_object(label_kind: str, code: str):
    lookups = {
        LabelKind.SDG_GOALS: (SdgGoal, "number"),
        LabelKind.SDG_TARGETS: (SdgTarget, "code"),
        LabelKind.THEMES: (Theme, "code"),
        LabelKind.GROUPS: (AffectedGroup, "code"),
    }
    if label_kind not in lookups:
        raise ValidationError({"label_kind": _("Unknown kind of label.")})
    model, field = lookups[label_kind]
    if field == "number" and not str(code).isdigit():
        raise ValidationError({"code": _("Unknown label.")})
    obj = model.objects.filter(**{field: code}).first()
    if obj is None:
        raise ValidationError({"code": _("Unknown label.")})
    return obj


def _feedback(*, actor, recommendation, label_kind, code, accepted, score) -> SuggestionFeedback:
    feedback, _created = SuggestionFeedback.objects.update_or_create(
        recommendation=recommendation,
        label_kind=label_kind,
        code=str(code),
        defaults={"accepted": accepted, "user": actor, "score": score},
    )
    return feedback


@transaction.atomic
def suggestion_accept(
    *, actor, recommendation: Recommendation, label_kind: str, code: str, score: float | None = None
) -> Recommendation:
    """Add the suggested label to the recommendation (one history entry, through the
    classification service) and remember the answer for the next training."""
    require(actor, CLASSIFY, recommendation)
    label = label_object(label_kind, code)
    current = Recommendation.objects.get(pk=recommendation.pk)
    existing = list(getattr(current, label_kind).all())
    if label not in existing:
        current = recommendation_classify(
            actor=actor,
            recommendation=current,
            expected_version=current.version,
            **{label_kind: [*existing, label]},
        )
    _feedback(
        actor=actor,
        recommendation=current,
        label_kind=label_kind,
        code=code,
        accepted=True,
        score=score,
    )
    return current


@transaction.atomic
def suggestion_reject(
    *, actor, recommendation: Recommendation, label_kind: str, code: str, score: float | None = None
) -> SuggestionFeedback:
    """Remember that this label does not fit; it is an explicit negative in the next training
    and is not suggested again for this recommendation."""
    require(actor, CLASSIFY, recommendation)
    label_object(label_kind, code)
    return _feedback(
        actor=actor,
        recommendation=recommendation,
        label_kind=label_kind,
        code=code,
        accepted=False,
        score=score,
    )


@transaction.atomic
def classifier_training_start(*, actor) -> ClassifierModel:
    """Queue a training run; the Celery job trains once the transaction commits."""
    require(actor, CLASSIFY)
    if ClassifierModel.objects.filter(
        status__in=[ClassifierModel.RunStatus.QUEUED, ClassifierModel.RunStatus.RUNNING]
    ).exists():
        raise ValidationError(_("A training run is already queued or running."))
    run = ClassifierModel.objects.create(created_by=actor)

    transaction.on_commit(lambda: train_classifier.delay(run.pk))
    return run


def links_store(
    *,
    recommendations: QuerySet[Recommendation],
    against: QuerySet[Recommendation] | None = None,
    limit: int = 5,
) -> dict[str, int]:
    """Find repeats and similar ones for ``recommendations`` among ``against`` (default: all)
    and store them as links from the newer to the earlier one. Running it again changes
    nothing but the scores; links made by hand are never removed."""
    against = against if against is not None else Recommendation.objects.all()
    new_texts, new_meta = load(recommendations)
    old_texts, old_meta = load(against)
    counts = {"created": 0, "updated": 0}
    if not new_texts or not old_texts:
        return counts
    vec = vectorizer().fit(new_texts + old_texts)
    found = {}
    for row, col, score, kind in nearest(
        vec.transform(new_texts), new_meta, vec.transform(old_texts), old_meta, limit=limit
    ):
        source, target = int(new_meta.ids[row]), int(old_meta.ids[col])
        # A pair found from both sides (two parallel recommendations) is stored once.
        pair = (min(source, target), max(source, target)) if kind == "similar" else (source, target)
        found[(*pair, kind)] = max(score, found.get((*pair, kind), 0.0))
    with transaction.atomic():
        existing = {
            (link.source_id, link.target_id, link.kind): link
            for link in RecommendationLink.objects.filter(
                source_id__in={k[0] for k in found}, kind__in=["repeated", "similar"]
            )
        }
        to_create, to_update = [], []
        for (source, target, kind), score in found.items():
            link = existing.get((source, target, kind))
            if link is None:
                to_create.append(
                    RecommendationLink(source_id=source, target_id=target, kind=kind, score=score)
                )
            elif link.score is None or abs(link.score - score) > 1e-6:
                link.score = score
                to_update.append(link)
        RecommendationLink.objects.bulk_create(to_create, batch_size=1000, ignore_conflicts=True)
        RecommendationLink.objects.bulk_update(to_update, ["score"], batch_size=1000)
        if to_create or to_update:
            public_data_changed()  # the portal lists linked recommendations; bulk: no signal
    counts["created"], counts["updated"] = len(to_create), len(to_update)
    return counts


@transaction.atomic
def cluster_set_from_proposal(
    *,
    actor,
    review: Review,
    name: str,
    clusters: Sequence[tuple[str, Iterable[int]]],
) -> ClusterSet:
    """Save the edited proposal: a cluster set for the review, its clusters, and each
    recommendation in its cluster (with history). Empty clusters are left out."""
    cluster_set = cluster_set_create(actor=actor, name=name)
    cluster_set.review = review
    cluster_set.save(update_fields=["review"])
    seen: set[str] = set()
    for cluster_name, ids in clusters:
        ids = list(ids)
        key = cluster_name.strip().lower()
        if not ids or not key:
            continue
        if key in seen:
            raise ValidationError({"clusters": _("Two clusters have the same name.")})
        seen.add(key)
        cluster = cluster_create(actor=actor, cluster_set=cluster_set, name=cluster_name)
        members = Recommendation.objects.filter(review=review, pk__in=ids).order_by("pk")
        # One classification change per recommendation, through the registry's service
        # (history, version). Not recommendations_add_to_cluster: on PostgreSQL its
        # select_for_update meets the nullable review join of the default ordering.
        for rec in members.prefetch_related("clusters"):
            recommendation_classify(
                actor=actor,
                recommendation=rec,
                expected_version=rec.version,
                clusters=[*rec.clusters.all(), cluster],
            )
    return cluster_set
