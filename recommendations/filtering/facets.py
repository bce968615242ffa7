"""Facet counts of a set of recommendations, computed in the database (one statement on
PostgreSQL, one query per facet elsewhere), with their labels, and cached per data
generation.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear
from django.http import QueryDict
from django.utils.translation import get_language

from mechanisms.models import Institution
from nrtd.i18n import in_language
from recommendations.filtering.facet_sql import (
    COLUMN_FILTERS,
    INT_KEYS,
    FacetSets,
    decode_facet_key,
    facet_statement,
    rows_sql,
)
from recommendations.filtering.filters import (
    FLAG_CHOICES,
    FLAGS,
    RecommendationFilter,
    as_querydict,
)
from recommendations.filtering.search import search_recommendations
from recommendations.models import (
    ActionCategory,
    AffectedGroup,
    Assignment,
    Body,
    Cluster,
    Mechanism,
    Priority,
    Recommendation,
    Response,
    Review,
    SdgGoal,
    SdgTarget,
    State,
    Status,
    Theme,
)

ALL_KINDS = tuple(Recommendation.Kind.values)


@dataclass(frozen=True)
class Facet:
    """How to count one filter's values: group by ``key`` (a path on Recommendation) or by
    the target column of an M2M field, then label the values."""

    name: str
    key: str = ""
    m2m: str = ""
    choices: tuple = ()
    model: type | None = None

    def label_rows(self, ids: Iterable) -> dict:
        """{grouped id: (filter value, label)}."""
        if self.choices:
            labels = dict(self.choices)
            return {i: (i, str(labels.get(i, i))) for i in ids}
        if self.model is None:
            return {i: (i, str(i)) for i in ids}
        # Remembered per language and label generation: the labels of one facet are the same
        # on every page until a write changes a labelled row (nrtd.public_cache), and looking
        # them up was a sixth of a search page's time.
        memo = _label_memo(self.name)
        ids = list(ids)
        missing = [i for i in ids if i not in memo]
        if missing:
            # Plain tuples of the few columns a label shows: reference rows carry translations
            # in six languages (JSON) that a label never needs, and a page can label hundreds.
            columns, label = _LABELS[self.name]
            rows = self.model.objects.filter(pk__in=missing).order_by().values_list("pk", *columns)
            if self.name == "review":
                rows = _with_state_names(rows)
            memo.update({row[0]: label(*row[1:]) for row in rows})
        return {i: memo[i] for i in ids if i in memo}


_LABEL_MEMOS: dict[tuple, dict] = {}


def _label_memo(facet: str) -> dict:
    """This process's labels of ``facet`` in the current language, for the current label
    generation (earlier generations are dropped). A publish keeps them; a new row (a new
    review) is looked up when first seen."""
    from nrtd.public_cache import label_generation

    current = label_generation()
    key = (current, get_language(), facet)
    memo = _LABEL_MEMOS.get(key)
    if memo is None:
        for old in [k for k in _LABEL_MEMOS if k[0] != current]:
            _LABEL_MEMOS.pop(old, None)
        memo = _LABEL_MEMOS.setdefault(key, {})
    return memo


def _with_state_names(rows) -> list[tuple]:
    """Review rows with the State's id replaced by its name in the active language, from the
    State facet's labels: a search lists thousands of reviews of a few hundred States, and
    reading each review's State names (JSON) was most of the time to label them."""
    rows = list(rows)
    states = FACETS["state_under_review"].label_rows({row[3] for row in rows})
    return [(*row[:3], states.get(row[3], (None, ""))[1], *row[4:]) for row in rows]


def review_label(mechanism, state, body, session, symbol, date) -> str:
    """A review as a facet names it: the State, then the UPR session or the body and its
    document (or its date)."""
    if mechanism == Mechanism.UPR and session:
        # Codes only, no words to translate.
        return f"{state} — UPR {session}"
    what = symbol or (date.isoformat() if date else "")
    return " — ".join(part for part in (state, body, what) if part)


# facet name: (columns read, columns -> (filter value, label))
_LABELS = {
    "body": (("code",), lambda code: (code, code)),
    "state_under_review": (
        ("iso3", "name", "name_translations"),
        lambda iso3, name, names: (iso3, in_language(names or {}, name, english=False)),
    ),
    "review": (
        # The State's id, named by _with_state_names.
        (
            "pk",
            "mechanism",
            "state_under_review_id",
            "body__code",
            "session",
            "document_symbol",
            "date",
        ),
        lambda pk, mechanism, state, *rest: (pk, review_label(mechanism, state, *rest)),
    ),
    "recommending_state": (
        ("iso3", "name", "name_translations"),
        lambda iso3, name, names: (iso3, in_language(names or {}, name, english=False)),
    ),
    "theme": (
        ("code", "name", "name_translations"),
        lambda code, name, names: (code, f"{code} {in_language(names or {}, name, english=False)}"),
    ),
    "group": (
        ("code", "name", "name_translations"),
        lambda code, name, names: (code, in_language(names or {}, name, english=False)),
    ),
    "sdg_goal": (
        ("number", "titles"),
        lambda number, titles: (number, f"{number}. {in_language(titles or {}, f'SDG {number}')}"),
    ),
    "sdg_target": (("code",), lambda code: (code, code)),
    "institution": (
        ("pk", "name", "name_translations"),
        lambda pk, name, names: (pk, in_language(names or {}, name, english=False)),
    ),
    "cluster": (
        ("pk", "name", "cluster_set__name"),
        lambda pk, name, set_name: (pk, f"{set_name}: {name}"),
    ),
}


FACETS: dict[str, Facet] = {
    f.name: f
    for f in [
        Facet("body", key="body_id", model=Body),
        Facet("mechanism", key="mechanism", choices=tuple(Mechanism.choices)),
        Facet("cycle", key="review__cycle"),
        Facet("session", key="review__session"),
        Facet("state_under_review", key="review__state_under_review_id", model=State),
        Facet("review", key="review_id", model=Review),
        Facet("recommending_state", m2m="recommending_states", model=State),
        Facet("response", key="response", choices=tuple(Response.choices)),
        Facet("theme", m2m="themes", model=Theme),
        Facet("group", m2m="groups", model=AffectedGroup),
        Facet("sdg_goal", m2m="sdg_goals", model=SdgGoal),
        Facet("sdg_target", m2m="sdg_targets", model=SdgTarget),
        Facet("institution", model=Institution),
        Facet("status", key="status", choices=tuple(Status.choices)),
        Facet("priority", key="priority", choices=tuple(Priority.choices)),
        Facet("action_category", key="action_category", choices=tuple(ActionCategory.choices)),
        Facet("cluster", m2m="clusters", model=Cluster),
        Facet("year", key="year"),
        Facet("kind", key="kind", choices=tuple(Recommendation.Kind.choices)),
        *(Facet(flag, key=flag, choices=tuple(FLAG_CHOICES)) for flag in FLAGS),
    ]
}


def _count(facet: Facet, qs: QuerySet) -> list[tuple]:
    """[(grouped id, count)] for one facet over ``qs``, computed by the database."""
    qs = qs.order_by().prefetch_related(None)
    if facet.m2m:
        m2m = Recommendation._meta.get_field(facet.m2m)
        column = f"{m2m.m2m_reverse_field_name()}_id"
        rows = (
            m2m.remote_field.through.objects.filter(
                **{f"{m2m.m2m_field_name()}_id__in": qs.values("pk")}
            )
            .values_list(column)
            .annotate(n=Count("pk"))
        )
    elif facet.name == "institution":
        rows = (
            Assignment.objects.filter(recommendation_id__in=qs.values("pk"))
            .values_list("institution_id")
            .annotate(n=Count("recommendation_id", distinct=True))
        )
    elif facet.name == "year":
        rows = qs.annotate(year=ExtractYear("date")).values_list("year").annotate(n=Count("pk"))
    elif facet.name in FLAGS:
        rows = qs.values_list(facet.key).annotate(n=Count("pk"))
        # The filter's values ("true", "false"), as PostgreSQL's boolean::text gives them.
        rows = [("true" if value else "false", n) for value, n in rows]
    else:
        rows = qs.values_list(facet.key).annotate(n=Count("pk"))
    return [(value, n) for value, n in rows if value not in (None, "")]


def facet_counts(
    qs: QuerySet, facets: Iterable[str], data: Mapping | None = None
) -> dict[str, list[dict]]:
    """Counts per value of each facet over ``qs`` filtered by ``data`` (the query string),
    leaving out each facet's own filter when counting it, so choosing "noted" still shows how
    many are "supported". Returns {"facet": [{"value", "label", "count"}]}, largest first."""
    data = as_querydict(data)
    active = {name for name in RecommendationFilter.base_filters if data.getlist(name)}
    everything = RecommendationFilter(data, queryset=qs).qs
    result: dict[str, list[dict]] = {}
    for name in facets:
        facet = FACETS[name]
        if name == "kind":
            # Counted over both kinds whatever is chosen (no kind means recommendations).
            others = data.copy()
            others.setlist("kind", list(ALL_KINDS))
            filtered = RecommendationFilter(others, queryset=qs).qs
        elif name in active:
            others = data.copy()
            others.pop(name)
            filtered = RecommendationFilter(others, queryset=qs).qs
        else:
            filtered = everything
        counts = _count(facet, filtered)
        labels = facet.label_rows([value for value, _n in counts])
        entries = []
        for value, n in counts:
            if value not in labels:
                continue
            filter_value, label = labels[value]
            entries.append({"value": str(filter_value), "label": label, "count": n})
        entries.sort(key=lambda e: (-e["count"], e["label"]))
        result[name] = entries
    return result


def facet_counts_with_total(
    qs: QuerySet, facets: Iterable[str], data: Mapping | None = None
) -> tuple[dict[str, list[dict]], int]:
    """``facet_counts`` and the number of recommendations of ``qs`` matching ``data``."""
    counts, total, _ids = facet_counts_total_and_page(qs, facets, data)
    return counts, total


def _read_counts(rows, facets: list[str]):
    """The statement's rows as counts per facet (value, n), the total and the page slice."""
    grouped: dict[str, list[tuple]] = {name: [] for name in facets}
    total = 0
    slice_: list[tuple[int, int]] = []
    for name, value, n in rows:
        if name == "__total__":
            total = n
        elif name == "__page__":
            slice_.append((n, int(value)))
        elif name == "m2m":
            facet, value = decode_facet_key(int(value))
            grouped[facet].append((value, n))
        elif value not in (None, ""):
            facet = FACETS[name]
            if facet.model is not None or name in INT_KEYS:
                value = int(value)
            grouped[name].append((value, n))
    return grouped, total, [pk for _r, pk in sorted(slice_)]


def _labelled(grouped: dict[str, list[tuple]]) -> dict[str, list[dict]]:
    result: dict[str, list[dict]] = {}
    for name, counts in grouped.items():
        labels = FACETS[name].label_rows([value for value, _n in counts])
        entries = [
            {"value": str(labels[value][0]), "label": labels[value][1], "count": n}
            for value, n in counts
            if value in labels
        ]
        entries.sort(key=lambda e: (-e["count"], e["label"]))
        result[name] = entries
    return result


def facet_counts_total_and_page(
    qs: QuerySet,
    facets: Iterable[str],
    data: Mapping | None = None,
    *,
    page: tuple[int, int] | None = None,
    filterset: RecommendationFilter | None = None,
) -> tuple[dict[str, list[dict]], int, list[int] | None]:
    """``facet_counts``, the number of recommendations of ``qs`` matching ``data`` and,
    given ``page`` (offset, limit) and a text query, the ids of that slice of the matches
    best first (rank, then pk: the search's own order), from the same statement; ``None``
    for the ids when they were not computed here.

    On PostgreSQL in one statement: the text search runs once (a materialized CTE ``m``
    through its GIN index, keeping the few columns facets need, so its matches are never
    looked up again), each distinct set of other choices is a CTE over it (all choices, and
    all but each chosen facet; materialized when more than one count reads it), and every
    facet is grouped over its set: the M2M facets of one set together, from its rows'
    ``facet_keys`` (migration 0032).
    Elsewhere, ``facet_counts``: one query per facet, and a count."""
    facets = list(facets)
    data = as_querydict(data)
    if connections[qs.db].vendor != "postgresql":
        total = RecommendationFilter(data, queryset=qs).qs.count()
        return facet_counts(qs, facets, data), total, None
    qs = qs.order_by().prefetch_related(None).select_related(None)
    text = (data.get("search") or "").strip()
    ranked = bool(text) and page is not None
    choices = data.copy()
    choices.pop("search", None)
    active = {n for n in RecommendationFilter.base_filters if n != "search" and choices.getlist(n)}
    within = qs
    matches = None
    if text:
        try:
            matches = rows_sql(search_recommendations(qs, text), rank=ranked)
        except EmptyResultSet:  # a typo nothing stands in for: no match at all
            return {name: [] for name in facets}, 0, ([] if ranked else None)
        # The other choices then filter the matches: the same FilterSet, reading ``m``.
        within = Recommendation.objects.all()
    # One FilterSet (its form validated once) for every set: each field is cleaned on its
    # own, so leaving a facet's filter out is leaving its value out of the data.
    # A caller that has validated ``data`` already (the search view) passes its FilterSet.
    if filterset is None:
        filterset = RecommendationFilter(choices, queryset=within)
    filterset.errors  # noqa: B018 (validates the form)
    cleaned = {k: v for k, v in filterset.form.cleaned_data.items() if k != "search"}
    # No kind chosen means the recommendations (as RecommendationFilter.filter_queryset);
    # the kind facet itself is counted over both kinds, as if its own choice were left out.
    if not cleaned.get("kind"):
        cleaned["kind"] = [Recommendation.Kind.RECOMMENDATION]
    if "kind" in facets:
        active.add("kind")
    # Without a text search, the set of all choices is one of the sets leaving a facet out,
    # narrowed by that facet's choice: when that choice is a column of the set (not a join
    # through an M2M table), filtering the smaller set is cheaper than scanning the table
    # again. After a text search, filtering ``m`` again is cheaper than materializing the
    # set it would narrow (women + SDG 5 + supported: 10 ms of 135).
    narrowing = None
    if not text:
        narrowing = next(
            (n for n in facets if n in active and n in COLUMN_FILTERS and cleaned.get(n)), None
        )
    sets = FacetSets(
        within=within,
        filterset=filterset,
        cleaned=cleaned,
        text=text,
        ranked=ranked,
        narrowing=narrowing,
    )
    if matches is not None:
        sets.add("m", *matches)
    statement, params = facet_statement(sets, facets, active, page)
    with connections[qs.db].cursor() as cursor:
        cursor.execute(statement, params)
        grouped, total, ids = _read_counts(cursor.fetchall(), facets)
    return _labelled(grouped), total, (ids if ranked else None)


FACET_CACHE_SECONDS = 120


def forget_facet_counts(*, labels: bool = False) -> None:
    """Make cached facet counts and anonymous pages stale (the public data generation of
    nrtd.public_cache), and with ``labels`` the remembered facet labels too. Saves and
    deletes of models bump them through signals; writes that send none (bulk_create,
    QuerySet.update: imports, bulk actions) call this."""
    from nrtd.public_cache import bump_generation

    bump_generation(labels=labels)


def cached_facet_counts(
    qs: QuerySet, facets: list[str], data: QueryDict, *, scope: str
) -> dict[str, list[dict]]:
    """facet_counts, remembered for a little while: counting 15 facets over a broad selection
    of 250,000 recommendations takes seconds, and people page and come back to a list."""
    relevant = sorted(
        (key, sorted(data.getlist(key)))
        for key in data
        if key in RecommendationFilter.base_filters and data.getlist(key)
    )
    from nrtd.public_cache import generation as public_generation

    generation = public_generation()
    # The labels are in the reader's language (names of States, themes, institutions).
    language = get_language()
    digest = hashlib.sha256(
        repr((scope, facets, relevant, generation, language)).encode()
    ).hexdigest()
    key = f"recommendations:facets:{digest}"
    counts = cache.get(key)
    if counts is None:
        counts, _total = facet_counts_with_total(qs, facets, data)
        cache.set(key, counts, FACET_CACHE_SECONDS)
    return counts


def shown_selected(data: QueryDict, name: str) -> list[str]:
    """The values of a facet shown as chosen: no kind chosen means the recommendations,
    so that checkbox shows checked (and checking the pledges adds them to the list)."""
    selected = data.getlist(name)
    if name == "kind" and not selected:
        return [Recommendation.Kind.RECOMMENDATION.value]
    return selected


def chosen_values(data: QueryDict, name: str) -> list[str]:
    """The values of a facet the visitor chose: the recommendations alone, the default kind
    a filter form sends back, count as no choice."""
    values = data.getlist(name)
    if name == "kind" and values == [Recommendation.Kind.RECOMMENDATION.value]:
        return []
    return values


def choice_labels(name: str) -> dict[str, str]:
    """The labels of a facet of choices (response, status, the yes/no flags) in the active
    language: counts are cached whatever the language, so their labels are not."""
    return {str(value): str(label) for value, label in FACETS[name].choices}


def facet_entries(
    counts: list[dict], selected: list[str], *, labels=None, name: str = ""
) -> list[dict]:
    """One facet's entries for a filter panel: each count marked when chosen (with the label
    from ``labels`` when it has one; for a facet of choices named by ``name``, its label in
    the active language), chosen values that no longer match listed with a count of 0,
    chosen values first so they stay visible when the list is long."""
    labels = labels or (choice_labels(name) if name else {})
    entries = [
        {**e, "label": labels.get(e["value"], e["label"]), "selected": e["value"] in selected}
        for e in counts
    ]
    known = {e["value"] for e in entries}
    entries += [
        {"value": v, "label": v, "count": 0, "selected": True} for v in selected if v not in known
    ]
    return entries
