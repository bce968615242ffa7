"""Text search over recommendations.

PostgreSQL: ``websearch_to_tsquery`` against ``search_vector`` (kept up to date by a
database trigger, migration 0002, so bulk imports need no extra step), ranked with
``ts_rank``. When that finds nothing the query probably has a typo: each word is replaced
by the closest words the texts use (trigram similarity over a lexicon the database trigger
keeps, GIN-indexed), and the corrected full-text query runs instead.

SQLite: every word must appear in the text (icontains).
"""

from __future__ import annotations

import re

from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
)
from django.db import connections
from django.db.models import F, Q, QuerySet

SEARCH_CONFIG = "english"
# Trigram similarity a lexicon word needs to stand in for a mistyped one ("tortre" →
# "torture" is 0.5), and how many stand-ins a word may have.
FUZZY_THRESHOLD = 0.4
FUZZY_CANDIDATES = 3
# Quotes, exclusions and OR say the user wrote a precise query: never second-guess it.
_OPERATORS = re.compile(r'"|(^|\s)-\w|\s(or|OR)\s')
# Words this short carry little for trigram matching and would match almost every text.
MIN_FUZZY_WORD = 4
_WORD = re.compile(r"\w+", re.UNICODE)


def query_words(query: str) -> list[str]:
    return _WORD.findall(query or "")


def search_recommendations(qs: QuerySet, query: str) -> QuerySet:
    """``qs`` narrowed to recommendations matching ``query``, best matches first."""
    query = (query or "").strip()
    if not query:
        return qs
    if connections[qs.db].vendor == "postgresql":
        return _search_postgresql(qs, query)
    return _search_words(qs, query)


def _search_postgresql(qs: QuerySet, query: str) -> QuerySet:
    tsquery = SearchQuery(query, search_type="websearch", config=SEARCH_CONFIG)
    matched = qs.filter(search_vector=tsquery)
    if _OPERATORS.search(query) or matched.exists():
        return matched.annotate(rank=SearchRank(F("search_vector"), tsquery)).order_by(
            "-rank", "pk"
        )
    return _search_fuzzy(qs, query)


def corrected_words(query: str, *, using: str = "default") -> list[list[str]]:
    """For each word of the query, the closest words the texts actually use (PostgreSQL):
    [["torture"], ["harassment", "harassments"]]. Looked up in the lexicon the search
    trigger keeps (migration 0002), by trigram similarity."""
    words = [w.lower() for w in query_words(query)]
    words = [w for w in words if len(w) >= MIN_FUZZY_WORD] or words
    result = []
    with connections[using].cursor() as cursor:
        for word in words:
            cursor.execute(
                "SELECT word FROM recommendations_search_word "
                "WHERE word %% %s AND similarity(word, %s) >= %s "
                "ORDER BY similarity(word, %s) DESC, word LIMIT %s",
                [word, word, FUZZY_THRESHOLD, word, FUZZY_CANDIDATES],
            )
            result.append([row[0] for row in cursor.fetchall()])
    return result


def _search_fuzzy(qs: QuerySet, query: str) -> QuerySet:
    corrections = corrected_words(query, using=qs.db)
    if not corrections or not all(corrections):
        return qs.none()
    tsquery = None
    for candidates in corrections:
        alternatives = None
        for word in candidates:
            term = SearchQuery(word, search_type="plain", config=SEARCH_CONFIG)
            alternatives = term if alternatives is None else alternatives | term
        tsquery = alternatives if tsquery is None else tsquery & alternatives
    return (
        qs.filter(search_vector=tsquery)
        .annotate(rank=SearchRank(F("search_vector"), tsquery))
        .order_by("-rank", "pk")
    )


def _search_words(qs: QuerySet, query: str) -> QuerySet:
    words = query_words(query)
    if not words:
        return qs.none()
    condition = Q()
    for word in words:
        condition &= Q(text__icontains=word)
    return qs.filter(condition)
