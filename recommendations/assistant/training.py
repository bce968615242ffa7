"""Training and evaluating the suggestion model from the registry."""

from __future__ import annotations

import logging
from collections import defaultdict

import numpy as np
from django.db.models import QuerySet
from django.utils import timezone

from recommendations.assistant import storage
from recommendations.assistant.baseline import Baseline
from recommendations.assistant.classifier import Example, LearnedModel, train
from recommendations.assistant.engine import baseline, score_texts
from recommendations.assistant.labels import LABEL_SETS, THEMES, recommendation_labels, theme_top
from recommendations.models import ClassifierModel, Recommendation, SuggestionFeedback

logger = logging.getLogger(__name__)


def training_examples(recommendations: QuerySet[Recommendation] | None = None) -> list[Example]:
    """Classified recommendations with the secretariat's feedback folded in."""
    qs = recommendations if recommendations is not None else Recommendation.objects.all()
    labels = recommendation_labels(qs)
    negatives: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    feedback = SuggestionFeedback.objects.filter(recommendation__in=qs.values("pk"))
    for rec_id, kind, code, accepted in feedback.values_list(
        "recommendation_id", "label_kind", "code", "accepted"
    ):
        if accepted:
            labels[rec_id][kind].add(code)
        else:
            negatives[rec_id][kind].add(code)
    texts = dict(qs.values_list("pk", "text"))
    return [
        Example(
            text=texts[pk],
            labels=labels[pk],
            negatives={k: v - labels[pk].get(k, set()) for k, v in negatives[pk].items()},
        )
        for pk in labels
    ]


def classifier_train(run: ClassifierModel) -> ClassifierModel:
    """Train on everything classified now and store the model file in ``run``."""
    run.status = ClassifierModel.RunStatus.RUNNING
    run.save(update_fields=["status"])
    try:
        examples = training_examples()
        model = train(examples)
        run.feedback_count = SuggestionFeedback.objects.count()
        if model is None:
            run.status = ClassifierModel.RunStatus.FAILED
            run.error = "No classified recommendation to learn from yet."
        else:
            storage.save_model(run, model)
            run.training_size = model.training_size
            run.label_counts = model.label_counts
            run.status = ClassifierModel.RunStatus.DONE
    except Exception as exc:
        run.status = ClassifierModel.RunStatus.FAILED
        run.error = str(exc)[:2000]
        run.finished = timezone.now()
        run.save()
        raise
    run.finished = timezone.now()
    run.save()
    return run


# --- evaluation --------------------------------------------------------------------------

THEMES_TOP = "themes_level1"  # themes compared at level 1 ("A4"), not "A41"


def _truth(example: Example, name: str, themes) -> set[str]:
    if name == THEMES_TOP:
        return {theme_top(c, themes) for c in example.labels.get(THEMES, ())}
    if name == "sdg_goals":
        goals = set(example.labels.get("sdg_goals", ()))
        return goals | {c.split(".")[0] for c in example.labels.get("sdg_targets", ())}
    return set(example.labels.get(name, ()))


def _ranking(codes: list[str], scores: np.ndarray, name: str, themes, k: int = 3) -> list[str]:
    order = np.argsort(-scores, kind="stable")
    result: list[str] = []
    for i in order:
        code = codes[i]
        if name == THEMES_TOP:
            code = theme_top(code, themes)
        if code not in result:
            result.append(code)
        if len(result) >= k:
            break
    return result


def evaluate(
    train_examples: list[Example],
    test_examples: list[Example],
    *,
    base: Baseline | None = None,
    model: LearnedModel | None = None,
    use_model: bool = True,
) -> dict[str, dict[str, float]]:
    """Precision and recall at 1 and 3, and the share of items with a right label in the
    top 1 / top 3 ("hit"), per label set, on the test examples that have labels of that set."""
    base = base or baseline()
    if use_model and model is None:
        model = train(train_examples)
    scored = score_texts(
        [e.text for e in test_examples], base=base, model=model if use_model else None
    )
    themes = {label.code: label for label in base.labels[THEMES]}
    result = {}
    for name in [*LABEL_SETS, THEMES_TOP]:
        source = scored[THEMES if name == THEMES_TOP else name]
        sums = defaultdict(float)
        n = 0
        for row, example in enumerate(test_examples):
            truth = _truth(example, name, themes)
            if not truth:
                continue
            n += 1
            top3 = _ranking(source.codes, source.scores[row], name, themes)
            for k in (1, 3):
                right = len(set(top3[:k]) & truth)
                sums[f"precision@{k}"] += right / k
                sums[f"recall@{k}"] += right / len(truth)
                sums[f"hit@{k}"] += 1.0 if right else 0.0
        result[name] = {"n": n, **{key: (value / n if n else 0.0) for key, value in sums.items()}}
    return result
