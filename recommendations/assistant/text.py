"""Text normalisation shared by the suggestions, the similarity search and the clusters.

Recommendation texts carry noise that says nothing about their subject: the recommending
States in brackets at the end ("(France) (Lithuania);"), the paragraph number, the verbs every
recommendation starts with ("Continue its efforts to ..."). Words are reduced to a crude stem
so that "women"/"woman", "children"/"child" and "discrimination"/"discriminatory" meet; no
language model is needed, so nothing is downloaded.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_TRAILING_STATES = re.compile(r"(?:\s*\((?:[^()]|\([^()]*\)){1,200}\))+\s*[;.,]?\s*$")
_LEADING_PARAGRAPH = re.compile(r"^\s*\d{1,3}(?:\.\d{1,3}){1,2}\.?\s+")
_TOKEN = re.compile(r"[a-z][a-z0-9]+")

# Generic English words and the boilerplate of recommendations: they match everything.
STOP_WORDS = frozenset(
    (  # noqa: SIM905 - a word list reads better as text
        "a about above after again against all also am an and any are as at be because been "
        "before being below between both but by can could did do does doing down during each "
        "few for from further had has have having he her here hers him his how i if in into is "
        "it its itself just me more most my no nor not now of off on once only or other our "
        "ours out over own same she should so some such than that the their theirs them then "
        "there these they this those through to too under until up very was we were what when "
        "where which while who whom why will with would you your continue continu efforts "
        "effort take taking step steps measure measures necessary ensure ensur strengthen "
        "strengthening further consider considering redouble intensify pursue including include "
        "particular particularly especially adopt adopting implement implementing "
        "implementation appropriate effective effectively relevant necessary full fully state "
        "states party government country national all its well"
    ).split()
)

# Irregular plurals and forms that a suffix rule would miss.
_IRREGULAR = {
    "women": "woman",
    "children": "child",
    "childhood": "child",
    "men": "man",
    "people": "person",
    "peoples": "person",
    "persons": "person",
    "girls": "girl",
    "boys": "boy",
    "lgbt": "lgbti",
    "lgbtiq": "lgbti",
    "lgbtq": "lgbti",
    "roma": "roma",
}

_SUFFIXES = (
    "ational",
    "ization",
    "isation",
    "ations",
    "ation",
    "ities",
    "itional",
    "iveness",
    "fulness",
    "ments",
    "ment",
    "ness",
    "ings",
    "ing",
    "ity",
    "ive",
    "ies",
    "ied",
    "ion",
    "ory",
    "ers",
    "er",
    "ed",
    "es",
    "al",
    "s",
)


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    """A deliberately small suffix stripper; good enough to join forms of the same word."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 4:
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    if word.endswith("e") and len(word) > 5:
        word = word[:-1]
    return word


def clean(text: str) -> str:
    """The recommendation itself: no paragraph number, no recommending States at the end."""
    text = unicodedata.normalize("NFKC", text or "")
    text = _LEADING_PARAGRAPH.sub("", text)
    stripped = _TRAILING_STATES.sub("", text)
    # A text that is only a bracket stays as it is.
    return (stripped or text).strip()


def tokens(text: str) -> list[str]:
    """Stemmed content words of a text, in order."""
    folded = clean(text).lower().replace("’", "'")
    return [stem(w) for w in _TOKEN.findall(folded) if w not in STOP_WORDS]


def analyse(text: str) -> list[str]:
    """Unigrams and bigrams of stemmed content words: the analyser of every vectoriser here."""
    words = tokens(text)
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
