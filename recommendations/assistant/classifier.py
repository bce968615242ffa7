"""The learned part: TF-IDF features and one linear model per label of each label set.

Trained from the recommendations the secretariat has classified, plus its feedback on
suggestions (an accepted suggestion is a positive label, a rejected one an explicit negative,
weighted more than the silent negatives). The models of one set are stacked into one sparse
matrix so that scoring a text is one sparse product.
"""

from __future__ import annotations

import warnings
from collections import Counter
from dataclasses import dataclass, field

import numpy as np
from scipy import sparse
from sklearn.exceptions import ConvergenceWarning
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression

from recommendations.assistant.labels import LABEL_SETS, SDG_GOALS, SDG_TARGETS
from recommendations.assistant.text import analyse

MIN_POSITIVES = 2  # a label seen once cannot be learned; the baseline covers it
NEGATIVE_WEIGHT = 3.0  # a rejected suggestion says more than a label left unset
PRUNE_BELOW = 1e-3  # coefficients this small change no ranking; dropping them keeps files small
MAX_FEATURES = 40_000
C = 4.0


@dataclass
class Example:
    text: str
    labels: dict[str, set[str]]
    negatives: dict[str, set[str]] = field(default_factory=dict)

    def known(self, name: str) -> bool:
        """Whether the example says anything about this label set (unclassified says nothing)."""
        return bool(self.labels.get(name) or self.negatives.get(name))


@dataclass
class LabelSetModel:
    codes: list[str]
    coef: sparse.csr_matrix  # features x labels
    intercept: np.ndarray
    size: int  # examples that were known for this set
    positives: dict[str, int]

    def scores(self, x: sparse.csr_matrix) -> np.ndarray:
        z = np.asarray((x @ self.coef).todense()) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


@dataclass
class LearnedModel:
    vectorizer: TfidfVectorizer
    sets: dict[str, LabelSetModel]
    training_size: int

    def scores(self, texts: list[str]) -> dict[str, tuple[list[str], np.ndarray]]:
        x = self.vectorizer.transform(texts)
        return {name: (m.codes, m.scores(x)) for name, m in self.sets.items()}

    @property
    def label_counts(self) -> dict[str, int]:
        return {name: m.size for name, m in self.sets.items()}


def _with_implied_goals(example: Example) -> Example:
    goals = set(example.labels.get(SDG_GOALS, set()))
    goals |= {code.split(".")[0] for code in example.labels.get(SDG_TARGETS, set())}
    labels = {**example.labels, SDG_GOALS: goals}
    return Example(example.text, labels, example.negatives)


def train(examples: list[Example], *, min_positives: int = MIN_POSITIVES) -> LearnedModel | None:
    """Fit the model, or None when nothing is classified yet."""
    examples = [_with_implied_goals(e) for e in examples if e.text.strip()]
    examples = [e for e in examples if any(e.known(n) for n in LABEL_SETS)]
    if not examples:
        return None
    vectorizer = TfidfVectorizer(
        analyzer=analyse,
        sublinear_tf=True,
        min_df=2 if len(examples) >= 50 else 1,
        max_features=MAX_FEATURES,
        dtype=np.float32,
    )
    x_all = vectorizer.fit_transform([e.text for e in examples]).tocsr()
    sets = {}
    for name in LABEL_SETS:
        rows = [i for i, e in enumerate(examples) if e.known(name)]
        if not rows:
            continue
        x = x_all[rows]
        counts = Counter(code for i in rows for code in examples[i].labels.get(name, ()))
        codes = sorted(c for c, n in counts.items() if n >= min_positives)
        columns, intercepts = [], []
        for code in codes:
            y = np.array([code in examples[i].labels.get(name, ()) for i in rows], dtype=np.int8)
            negative = np.array(
                [
                    code in examples[i].negatives.get(name, ()) and not y[k]
                    for k, i in enumerate(rows)
                ]
            )
            if y.all():
                columns.append(sparse.csr_matrix((x.shape[1], 1), dtype=np.float32))
                intercepts.append(5.0)
                continue
            weight = np.where(negative, NEGATIVE_WEIGHT, 1.0)
            model = LogisticRegression(C=C, solver="liblinear")
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", ConvergenceWarning)
                model.fit(x, y, sample_weight=weight)
            coef = model.coef_[0].astype(np.float32)
            coef[np.abs(coef) < PRUNE_BELOW] = 0.0
            columns.append(sparse.csr_matrix(coef).T)
            intercepts.append(float(model.intercept_[0]))
        coef = (
            sparse.hstack(columns, format="csr", dtype=np.float32)
            if columns
            else sparse.csr_matrix((x.shape[1], 0), dtype=np.float32)
        )
        sets[name] = LabelSetModel(
            codes=codes,
            coef=coef,
            intercept=np.array(intercepts, dtype=np.float32),
            size=len(rows),
            positives={c: counts[c] for c in codes},
        )
    return LearnedModel(vectorizer=vectorizer, sets=sets, training_size=len(examples))
