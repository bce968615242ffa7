"""Day-one suggestions: compare a text with the reference texts of every label.

Each label gets a small document: an SDG target its title and its indicators' titles, a goal
its titles and all its targets, a theme its name, aliases and parents, a group its name and
aliases; all of them extended with the hand-made keyword lists. A recommendation is scored
against each document by TF-IDF cosine. No labelled recommendation is needed.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from recommendations.assistant import keywords
from recommendations.assistant.labels import (
    GROUPS,
    LABEL_SETS,
    SDG_GOALS,
    SDG_TARGETS,
    THEMES,
    Label,
)
from recommendations.assistant.text import analyse

# Verbs that recommendations and SDG targets use whatever their subject: sharing one says
# nothing ("eliminate discrimination" and 10.c "eliminate remittance corridors").
GENERIC_VERBS = (
    "eliminate eliminating elimination combat combating promote promoting provide providing "
    "increase increasing improve improving enhance enhancing achieve achieving support "
    "supporting develop developing establish establishing end ending ensure ensuring "
    "substantially significantly all by 2030 2020 2025"
)

# Share of a goal's score a strongly matching target lends it (targets are narrower).
TARGET_TO_GOAL = 0.8


class Baseline:
    def __init__(self, labels: dict[str, list[Label]]):
        self.labels = labels
        self.codes = {name: [label.code for label in labels[name]] for name in LABEL_SETS}
        documents = {
            name: [self._document(name, label) for label in labels[name]] for name in LABEL_SETS
        }
        self.vectorizer = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, dtype=np.float32)
        self.vectorizer.fit([d for name in LABEL_SETS for d in documents[name]] or [""])
        self.matrices = {
            name: self.vectorizer.transform(documents[name]).T.tocsr() for name in LABEL_SETS
        }
        # The labels' own texts, without the hand-made keyword lists: which labels share a
        # word stem with a text (see engine.GROUNDED_SETS).
        own = {name: [" . ".join(lb.document) for lb in labels[name]] for name in LABEL_SETS}
        self.own_text = {
            name: (self.vectorizer.transform(own[name]).T > 0).astype(np.float32).tocsr()
            for name in LABEL_SETS
        }
        vocabulary = self.vectorizer.vocabulary_
        generic = [vocabulary[t] for t in analyse(GENERIC_VERBS) if t in vocabulary]
        self._specific = np.ones(len(vocabulary), dtype=np.float32)
        self._specific[generic] = 0
        goal_index = {code: i for i, code in enumerate(self.codes[SDG_GOALS])}
        self._target_goal = np.array(
            [goal_index.get(t.parent, -1) for t in labels[SDG_TARGETS]], dtype=np.int64
        )

    @staticmethod
    def _document(name: str, label: Label) -> str:
        extra = ""
        if name == SDG_GOALS:
            extra = keywords.SDG_GOALS.get(int(label.code), "")
        elif name == SDG_TARGETS:
            extra = keywords.SDG_GOALS.get(int(label.parent), "")
        elif name == THEMES:
            letter = label.code[:1]
            own = keywords.THEMES.get(label.code, "")
            second = keywords.THEMES.get(label.code[:2], "") if label.level >= 1 else ""
            extra = " ".join(dict.fromkeys([own, second, keywords.THEMES.get(letter, "")]))
        elif name == GROUPS:
            extra = keywords.GROUPS.get(label.code, "")
        return " . ".join([*label.document, extra])

    def shares_a_stem(self, texts: list[str], name: str) -> np.ndarray:
        """(len(texts), labels) booleans: the text and the label's own text (title,
        indicators, aliases; not the keyword lists) have at least one word stem in common,
        other than the verbs any recommendation or target uses ("eliminate", "promote")."""
        x = (self.vectorizer.transform(texts) > 0).astype(np.float32).multiply(self._specific)
        return np.asarray((x.tocsr() @ self.own_text[name]).todense()) > 0

    def scores(self, texts: list[str]) -> dict[str, np.ndarray]:
        """{label set: array (len(texts), labels)} of cosine similarities."""
        x = normalize(self.vectorizer.transform(texts))
        result = {name: np.asarray((x @ self.matrices[name]).todense()) for name in LABEL_SETS}
        # A goal is at least as likely as its best target, a little discounted.
        targets = result[SDG_TARGETS]
        goals = result[SDG_GOALS]
        if targets.size and goals.size:
            valid = self._target_goal >= 0
            per_goal = np.zeros_like(goals)
            np.maximum.at(
                per_goal.T, self._target_goal[valid], (targets[:, valid] * TARGET_TO_GOAL).T
            )
            result[SDG_GOALS] = np.maximum(goals, per_goal)
        # Themes: a parent scores at least like its best child, so the level-1 theme ("A4")
        # ranks next to the specific one ("A41").
        themes = result[THEMES]
        index = {code: i for i, code in enumerate(self.codes[THEMES])}
        deepest_first = sorted(
            enumerate(self.labels[THEMES]), key=lambda pair: pair[1].level, reverse=True
        )
        for i, label in deepest_first:
            if label.parent in index:
                j = index[label.parent]
                themes[:, j] = np.maximum(themes[:, j], themes[:, i] * TARGET_TO_GOAL)
        return result
