"""Suggestions: the day-one baseline blended with the latest trained model.

The learned model's weight in a label set grows with the number of classified
recommendations it was trained on: w = n / (n + HALF_WEIGHT_AT). With no training the
baseline alone answers; with a few hundred classified recommendations the model leads.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from recommendations.assistant.baseline import Baseline
from recommendations.assistant.classifier import LearnedModel
from recommendations.assistant.labels import (
    LABEL_SETS,
    SDG_GOALS,
    SDG_TARGETS,
    Label,
    reference_fingerprint,
    reference_labels,
)

HALF_WEIGHT_AT = 100  # classified examples at which model and baseline weigh the same
# An SDG target whose own text (title, indicators) shares no word stem with the
# recommendation, and a goal whose text and keywords share none, never outrank one that
# does, and show at most UNGROUNDED_SHARE of their score: the learned model alone once put
# target 10.c (remittances) at 1.00 for a recommendation on hate speech. Themes and groups
# are left to the model: their names ("A12 Acceptance of international norms") often share
# no word with recommendations that plainly have them.
GROUNDED_SETS = (SDG_GOALS, SDG_TARGETS)
UNGROUNDED_SHARE = 0.5

_lock = threading.Lock()
_baseline: tuple[tuple, Baseline] | None = None


def baseline() -> Baseline:
    """The baseline for the current reference data, built once per process."""
    global _baseline
    key = reference_fingerprint()
    with _lock:
        if _baseline is None or _baseline[0] != key:
            _baseline = (key, Baseline(reference_labels()))
        return _baseline[1]


@dataclass
class Scored:
    codes: list[str]
    scores: np.ndarray  # (texts, labels)


def model_weight(size: int) -> float:
    return size / (size + HALF_WEIGHT_AT) if size else 0.0


def score_texts(
    texts: list[str], *, base: Baseline, model: LearnedModel | None
) -> dict[str, Scored]:
    """Blended scores for every label of every set, as arrays (one row per text)."""
    base_scores = base.scores(texts)
    learned = model.scores(texts) if model is not None else {}
    result = {}
    for name in LABEL_SETS:
        codes = base.codes[name]
        raw = base_scores[name]
        # The baseline's cosines are small; scale each row so its best label scores 1.
        top = raw.max(axis=1, keepdims=True) if raw.size else raw
        scaled = np.divide(raw, top, out=np.zeros_like(raw), where=top > 0)
        blended = scaled
        if name in learned and model is not None:
            w = model_weight(model.sets[name].size)
            learned_codes, probabilities = learned[name]
            index = {code: i for i, code in enumerate(codes)}
            columns = np.array([index.get(c, -1) for c in learned_codes], dtype=np.int64)
            keep = columns >= 0
            from_model = np.zeros_like(scaled)
            from_model[:, columns[keep]] = probabilities[:, keep]
            blended = (1 - w) * scaled + w * from_model
        if name == SDG_GOALS and name in GROUNDED_SETS:
            blended = _grounded(blended, raw > 0)
        elif name in GROUNDED_SETS:
            blended = _grounded(blended, base.shares_a_stem(texts, name))
        result[name] = Scored(codes=codes, scores=blended)
    return result


def _grounded(scores: np.ndarray, shares_a_stem: np.ndarray) -> np.ndarray:
    """Scores where a label sharing no word stem with the text ranks below every label that
    shares one (row by row), at no more than UNGROUNDED_SHARE of its own score."""
    floor = np.where(shares_a_stem & (scores > 0), scores, np.inf).min(axis=1, keepdims=True)
    cap = np.where(np.isfinite(floor), floor * 0.99, np.inf)
    ungrounded = np.minimum(scores * UNGROUNDED_SHARE, cap)
    return np.where(shares_a_stem, scores, ungrounded)


def ranked(
    scored: Scored,
    row: int,
    labels: dict[str, Label],
    *,
    top: int,
    exclude: set[str] | frozenset = frozenset(),
) -> list[dict]:
    scores = scored.scores[row]
    order = np.argsort(-scores, kind="stable")
    items = []
    for i in order:
        if len(items) >= top or scores[i] <= 0:
            break
        code = scored.codes[i]
        if code in exclude:
            continue
        label = labels[code]
        items.append({"code": code, "label": label.title(), "score": round(float(scores[i]), 3)})
    return items
