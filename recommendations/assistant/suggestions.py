"""Ranked suggestions for one text or one recommendation."""

from __future__ import annotations

from recommendations.assistant.engine import baseline, ranked, score_texts
from recommendations.assistant.labels import LABEL_SETS, recommendation_labels
from recommendations.assistant.storage import current_model
from recommendations.models import Recommendation, SuggestionFeedback


def suggest(text: str, *, top: int = 5) -> dict[str, list[dict]]:
    """{"sdg_goals": [...], "sdg_targets": [...], "themes": [...], "groups": [...]}, each a
    list of {"code", "label", "score"} best first. Works with no trained model (baseline)."""
    return _suggest([text], top=top)[0]


def _suggest(texts: list[str], *, top: int, exclude=None) -> list[dict[str, list[dict]]]:
    base = baseline()
    _run, model = current_model()
    scored = score_texts(texts, base=base, model=model)
    labels = {name: {label.code: label for label in base.labels[name]} for name in LABEL_SETS}
    return [
        {
            name: ranked(
                scored[name],
                row,
                labels[name],
                top=top,
                exclude=(exclude[row].get(name, set()) if exclude else frozenset()),
            )
            for name in LABEL_SETS
        }
        for row in range(len(texts))
    ]


def suggest_for(recommendation: Recommendation, *, top: int = 5) -> dict[str, list[dict]]:
    """Suggestions for a recommendation, leaving out what it already has and what the
    secretariat already rejected for it."""
    have = recommendation_labels(Recommendation.objects.filter(pk=recommendation.pk))[
        recommendation.pk
    ]
    exclude = {name: set(codes) for name, codes in have.items()}
    for kind, code in SuggestionFeedback.objects.filter(
        recommendation=recommendation, accepted=False
    ).values_list("label_kind", "code"):
        exclude.setdefault(kind, set()).add(code)
    return _suggest([recommendation.text], top=top, exclude=[exclude])[0]
