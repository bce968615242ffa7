"""Repeated and similar recommendations.

Texts become TF-IDF vectors (stemmed words and word pairs, L2-normalised), so the dot product
of two rows is their cosine similarity. New recommendations are compared with the existing
ones a chunk at a time: one sparse product gives a dense (chunk x existing) block, the rules
below blank the pairs that may not be linked, and the best few per row are kept. Memory is
bounded by the chunk size, not by the number of new recommendations.

Which pairs count, for a recommendation R and a candidate C:
- never R itself, nor a sibling from the same review or the same document;
- when both concern a known State (the State under review), it must be the same State;
- same body and C earlier (an earlier UPR cycle, an earlier report): a *repeat* if the
  score reaches REPEAT_MIN;
- another body or another mechanism, at any date: *similar* if the score reaches SIMILAR_MIN;
- same body and C later: not a candidate here (C will find R as its earlier repeat).
"""

from __future__ import annotations

import threading
import zlib
from dataclasses import dataclass
from datetime import date

import numpy as np
from django.db.models import Max, QuerySet
from sklearn.feature_extraction.text import TfidfVectorizer

from recommendations.assistant.text import analyse
from recommendations.models import Recommendation

REPEAT_MIN = 0.5
SIMILAR_MIN = 0.4
CHUNK = 256
REPEATED, SIMILAR = "repeated", "similar"
_KIND_CODES = {1: REPEATED, 2: SIMILAR}


def _cycle_day(cycle: int) -> int:
    # Midpoint of a UPR cycle, for records that have a cycle but no date.
    year = 2010 + round(4.7 * (cycle - 1))
    return date(year, 1, 1).toordinal()


@dataclass
class Meta:
    """Per-recommendation facts the rules need, as arrays aligned with matrix rows."""

    ids: np.ndarray
    state: np.ndarray  # State under review, -1 unknown
    review: np.ndarray  # -1 none
    document: np.ndarray  # document symbol as a small int, -1 none
    body: np.ndarray
    day: np.ndarray  # date as an ordinal, -1 unknown

    def take(self, rows) -> Meta:
        return Meta(
            *(getattr(self, f)[rows] for f in ("ids", "state", "review", "document", "body", "day"))
        )


def load(queryset: QuerySet[Recommendation]) -> tuple[list[str], Meta]:
    """Texts and facts of the recommendations, in one query."""
    rows = queryset.order_by("pk").values_list(
        "pk",
        "text",
        "review__state_under_review_id",
        "review_id",
        "document_symbol",
        "body_id",
        "date",
        "review__date",
        "review__cycle",
    )
    texts, ids, states, reviews, documents, bodies, days = [], [], [], [], [], [], []
    for pk, text, state, review, symbol, body, day, review_day, cycle in rows.iterator(
        chunk_size=5000
    ):
        texts.append(text)
        ids.append(pk)
        states.append(state or -1)
        reviews.append(review or -1)
        # A stable number per symbol, so that two separate loads compare documents alike.
        documents.append(zlib.crc32(symbol.encode()) if symbol else -1)
        bodies.append(body)
        when = review_day or day
        days.append(when.toordinal() if when else (_cycle_day(cycle) if cycle else -1))
    meta = Meta(
        ids=np.array(ids, dtype=np.int64),
        state=np.array(states, dtype=np.int64),
        review=np.array(reviews, dtype=np.int64),
        document=np.array(documents, dtype=np.int64),
        body=np.array(bodies, dtype=np.int64),
        day=np.array(days, dtype=np.int64),
    )
    return texts, meta


def vectorizer() -> TfidfVectorizer:
    return TfidfVectorizer(analyzer=analyse, sublinear_tf=True, min_df=1, dtype=np.float32)


def _kinds(q: Meta, c: Meta) -> np.ndarray:
    """(len(q), len(c)) array: 0 not a candidate, 1 possible repeat, 2 possible similar."""
    same_state = (
        (q.state[:, None] == c.state[None, :]) | (q.state[:, None] < 0) | (c.state[None, :] < 0)
    )
    sibling = ((q.review[:, None] == c.review[None, :]) & (q.review[:, None] >= 0)) | (
        (q.document[:, None] == c.document[None, :]) & (q.document[:, None] >= 0)
    )
    itself = q.ids[:, None] == c.ids[None, :]
    same_body = q.body[:, None] == c.body[None, :]
    earlier = (c.day[None, :] >= 0) & (q.day[:, None] >= 0) & (c.day[None, :] < q.day[:, None])
    ok = same_state & ~sibling & ~itself
    kinds = np.zeros(ok.shape, dtype=np.int8)
    kinds[ok & same_body & earlier] = 1
    kinds[ok & ~same_body] = 2
    return kinds


def nearest(
    queries,
    query_meta: Meta,
    corpus,
    corpus_meta: Meta,
    *,
    limit: int = 5,
    chunk: int = CHUNK,
    repeat_min: float = REPEAT_MIN,
    similar_min: float = SIMILAR_MIN,
):
    """Yield (query row, corpus row, score, kind) for the best ``limit`` candidates of each
    query above the thresholds. ``queries`` and ``corpus`` are L2-normalised sparse rows."""
    corpus_t = corpus.T.tocsr()
    for start in range(0, queries.shape[0], chunk):
        stop = min(start + chunk, queries.shape[0])
        block = (queries[start:stop] @ corpus_t).toarray()
        kinds = _kinds(query_meta.take(slice(start, stop)), corpus_meta)
        block[kinds == 0] = 0.0
        block[(kinds == 1) & (block < repeat_min)] = 0.0
        block[(kinds == 2) & (block < similar_min)] = 0.0
        k = min(limit, block.shape[1])
        if k == 0:
            continue
        best = np.argpartition(-block, k - 1, axis=1)[:, :k]
        for r in range(block.shape[0]):
            columns = best[r][np.argsort(-block[r, best[r]])]
            for col in columns:
                score = float(block[r, col])
                if score <= 0:
                    break
                yield start + r, int(col), score, _KIND_CODES[int(kinds[r, col])]
        del block, kinds


# --- one recommendation at a time, from a per-process index ------------------------------


@dataclass
class Index:
    key: tuple
    vectorizer: TfidfVectorizer
    matrix: object
    meta: Meta
    rows: dict[int, int]


_lock = threading.Lock()
_index: Index | None = None


def _fingerprint() -> tuple:
    # Classification changes bump ``modified`` all day; texts and reviews almost never change,
    # so only additions and deletions rebuild the index.
    return (Recommendation.objects.count(), Recommendation.objects.aggregate(n=Max("pk"))["n"])


def index() -> Index:
    """Every recommendation vectorised, rebuilt when recommendations are added or deleted."""
    global _index
    key = _fingerprint()
    with _lock:
        if _index is None or _index.key != key:
            texts, meta = load(Recommendation.objects.all())
            vec = vectorizer()
            matrix = vec.fit_transform(texts or [""]).tocsr()
            _index = Index(key, vec, matrix, meta, {int(pk): i for i, pk in enumerate(meta.ids)})
        return _index


def similar_to(
    recommendation: Recommendation, *, limit: int = 10
) -> list[tuple[Recommendation, float, str]]:
    """The most similar earlier recommendations to the same State and those from other
    bodies: [(recommendation, score, "repeated" | "similar")], best first."""
    idx = index()
    row = idx.rows.get(recommendation.pk)
    if row is None:
        return []
    found = list(nearest(idx.matrix[row], idx.meta.take([row]), idx.matrix, idx.meta, limit=limit))
    ids = [int(idx.meta.ids[col]) for _r, col, _s, _k in found]
    records = Recommendation.objects.select_related("review", "body").in_bulk(ids)
    return [
        (records[pk], score, kind)
        for pk, (_r, _c, score, kind) in zip(ids, found, strict=True)
        if pk in records
    ]
