"""The SQL of the one-statement facet count on PostgreSQL: the columns a base set of
recommendations carries, how each facet is grouped over it, and the statement that
materializes every set once (``facets.facet_counts_total_and_page`` runs it).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from django.db import connection
from django.db.models import BooleanField, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.db.models.sql.datastructures import BaseTable

from recommendations.filtering.filters import FLAGS, theme_ids
from recommendations.models import Recommendation

# How each facet is grouped in SQL over a base set ``b`` of recommendations, which carries
# the columns below (COLUMNS). The SQL is assembled from these fixed identifiers and
# Django's own compiled, parametrised queries; nothing from the request is put in it as
# text (hence the noqa: S608 below).
COLUMNS = (
    "id",
    "body_id",
    "mechanism",
    "response",
    "status",
    "date",
    "review_id",
    "kind",
    *FLAGS,
    "priority",
    "action_category",
)

_DIRECT = {
    "body": "b.body_id::text",
    "mechanism": "b.mechanism",
    "response": "b.response",
    "status": "b.status",
    "year": "EXTRACT(YEAR FROM b.date)::int::text",
    "kind": "b.kind",
    "review": "b.review_id::text",
    **{flag: f"b.{flag}::text" for flag in FLAGS},
    "priority": "b.priority",
    "action_category": "b.action_category::text",
}


_REVIEW = {
    "cycle": "v.cycle::text",
    "session": "v.session::text",
    "state_under_review": "v.state_under_review_id::text",
}


INT_KEYS = {"year", "cycle", "session", "action_category"}


# The M2M facets and the institutions, as the facet values table numbers them (migration
# 0010 fills and maintains that table from the M2M tables and the assignments).
FACET_VALUES = "recommendations_facetvalue"


FACET_CODES = {
    "theme": 1,
    "group": 2,
    "sdg_goal": 3,
    "sdg_target": 4,
    "recommending_state": 5,
    "cluster": 6,
    "institution": 7,
}


FACET_NAMES = {code: name for name, code in FACET_CODES.items()}


# A recommendation's ``facet_keys`` (migration 0032) holds its rows of the facet values
# table, each as (facet code << FACET_KEY_SHIFT) + value id.
FACET_KEY_SHIFT = 48
FACET_KEY_VALUE = (1 << FACET_KEY_SHIFT) - 1
_TABLE = Recommendation._meta.db_table


def facet_keys(name: str, chosen) -> list[int]:
    """The keys of the values ``chosen`` for the M2M facet (or institutions) ``name``, as a
    filter means them: a theme with its sub-themes."""
    ids = theme_ids(chosen) if name == "theme" else [value.pk for value in chosen]
    return [(FACET_CODES[name] << FACET_KEY_SHIFT) + pk for pk in ids]


@contextlib.contextmanager
def facet_keys_written_once(pks: list[int]) -> Iterator[None]:
    """Around a bulk write of M2M rows (or assignments) of the recommendations ``pks``, in a
    transaction: their ``facet_keys`` are rewritten once at the end instead of once per
    statement (migration 0033). Outside a transaction, or elsewhere than on PostgreSQL,
    the triggers keep them as usual."""
    if connection.vendor != "postgresql" or not connection.in_atomic_block:
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL nrtd.facet_keys_later = 'on'")
    yield
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL nrtd.facet_keys_later = 'off'")
        cursor.execute("SELECT recommendations_recommendation_keys_refresh(%s::bigint[])", [pks])


def decode_facet_key(key: int) -> tuple[str, int]:
    return FACET_NAMES[key >> FACET_KEY_SHIFT], key & FACET_KEY_VALUE


def with_facet_keys(qs: QuerySet, keys: list[int]) -> QuerySet:
    """``qs`` narrowed to the recommendations that have any of ``keys`` (``facet_keys``),
    read from their own row: the same rows as a filter's join through the M2M table."""
    condition = RawSQL(  # noqa: S611 (fixed names; the keys are a parameter)
        f'"{_TABLE}"."facet_keys" && %s::bigint[]', (keys,), output_field=BooleanField()
    )
    return qs.filter(condition)


# Filters on the columns of a base set (or its review): no M2M table to join.
COLUMN_FILTERS = {
    "body",
    "mechanism",
    "response",
    "status",
    "year",
    "cycle",
    "session",
    "state_under_review",
    "review",
    *FLAGS,
    "priority",
    "action_category",
}


def _grouping(expressions: list[tuple[str, str]]) -> tuple[str, str, str]:
    """For (facet, SQL expression) pairs grouped together: the CASE that names the facet of
    a row, the CASE that gives its value, and the grouping sets."""
    which = " ".join(f"WHEN GROUPING({expr}) = 0 THEN '{name}'" for name, expr in expressions)
    value = " ".join(f"WHEN GROUPING({expr}) = 0 THEN {expr}" for _name, expr in expressions)
    sets = ", ".join(f"({expr})" for _name, expr in expressions)
    return f"CASE {which} END", f"CASE {value} END", sets


def column_facets_sql(names: list[str], base: str) -> str:
    """Counts of the facets ``names`` on columns of the set ``base`` (or of its review), in
    one pass over the set: one grouping set per facet (PostgreSQL hashes them together).
    Each facet grouped on its own took a pass over the set, and those passes were a fifth
    of a broad search's statement.

    The facets of the review (its State, cycle, session) are summed from the counts per
    review: a few hundred reviews joined, instead of the review of every row of the set
    (a probe per row, 8 ms of a broad search's statement)."""
    direct = [(name, _DIRECT[name]) for name in names if name in _DIRECT]
    of_review = [(name, _REVIEW[name]) for name in names if name in _REVIEW]
    per_review = "review" if "review" in names else _PER_REVIEW
    if of_review and per_review == _PER_REVIEW:
        direct.append((_PER_REVIEW, _DIRECT["review"]))
    which, value, sets = _grouping(direct)
    grouped = (
        f"SELECT {which} AS f, {value} AS v, count(*) AS n "  # noqa: S608
        f"FROM {base} b GROUP BY GROUPING SETS ({sets})"
    )
    if not of_review:
        return grouped
    which, value, sets = _grouping(of_review)
    # The cast only ever sees a review's id (the CASE), whatever order the join's
    # conditions are tested in.
    review_id = f"(CASE WHEN c.f = '{per_review}' THEN c.v END)::bigint"
    return (
        f"SELECT * FROM (WITH c AS MATERIALIZED ({grouped}) "  # noqa: S608
        f"SELECT f, v, n FROM c WHERE f <> '{_PER_REVIEW}' UNION ALL "
        f"SELECT {which}, {value}, sum(c.n)::bigint FROM c "
        f"JOIN recommendations_review v ON c.f = '{per_review}' AND v.id = {review_id} "
        f"GROUP BY GROUPING SETS ({sets})) r"
    )


# The counts per review that the facets of the review are summed from, when the review facet
# itself is not asked for.
_PER_REVIEW = "__per_review__"


def rows_sql(qs: QuerySet, *, source: str = "", rank: bool = False) -> tuple[str, tuple]:
    """SQL of ``qs`` selecting the facet columns; with ``source``, reading the
    recommendations from that CTE (which has those columns) instead of the table; with
    ``rank``, the search's rank too (from ``qs``'s annotation, or from ``source``)."""
    qs = qs.annotate(facet_keys=RawSQL(f'"{_TABLE}"."facet_keys"', ()))  # noqa: S611 (fixed)
    columns = (*COLUMNS, "facet_keys")
    if rank:
        if source:
            qs = qs.annotate(rank=RawSQL(f'"{_TABLE}"."rank"', ()))  # noqa: S611 (fixed)
        elif "rank" not in qs.query.annotations:  # no search after all (qs.none())
            qs = qs.annotate(rank=Value(0.0, output_field=FloatField()))
        columns = (*columns, "rank")
    query = qs.order_by().values(*columns).query
    if source:
        query = query.clone()
        alias = query.get_initial_alias()
        query.alias_map[alias] = BaseTable(source, alias)
    return query.sql_with_params()


class FacetSets:
    """The materialized sets (CTEs) of one facet statement: ``m``, the text search's
    matches, then one per distinct set of other choices (all choices, and all but each
    chosen facet)."""

    def __init__(self, *, within, filterset, cleaned: dict, text: str, ranked: bool, narrowing):
        self.ctes: list[tuple[str, str]] = []  # (name, SQL)
        self.uses: dict[str, int] = {}  # name: how many parts of the statement read it
        self.params: list = []
        self.bases: dict[str | None, str] = {}
        self.keys: dict[str, list[int]] = {}
        self.within = within
        self.filterset = filterset
        self.cleaned = cleaned
        self.text = text
        self.ranked = ranked
        self.narrowing = narrowing

    def add(self, name: str, sql: str, params) -> str:
        self.ctes.append((name, sql))
        self.params.extend(params)
        return name

    def read(self, name: str) -> str:
        """``name``, counting one more part of the statement that reads it."""
        self.uses[name] = self.uses.get(name, 0) + 1
        return name

    def with_clause(self) -> str:
        """The sets read more than once are materialized (computed once); a set read once
        is left to the planner to fold into the count that reads it, which saves writing
        and reading its rows again (a tenth of a broad search's statement)."""
        return "WITH " + ", ".join(
            f"{name} AS {'' if self.uses.get(name, 0) > 1 else 'NOT '}MATERIALIZED ({sql})"
            for name, sql in self.ctes
        )

    def base_for(self, left_out: str | None) -> str:
        """The set of every choice but ``left_out``'s (None: every choice), added as a CTE
        the first time it is asked for."""
        if left_out in self.bases:
            return self.bases[left_out]
        filters = self.filterset.filters
        if left_out is None and self.narrowing:
            source = self.read(self.base_for(self.narrowing))
            filtered = filters[self.narrowing].filter(
                Recommendation.objects.all(), self.cleaned[self.narrowing]
            )
        else:
            source = self.read("m") if self.text else ""
            filtered = self.within.all()
            for key, value in self.cleaned.items():
                if key == left_out:
                    continue
                if key in FACET_CODES and value:
                    # An array test on the row rather than a join: on a broad search, the
                    # join probed an index once per match.
                    if key not in self.keys:
                        self.keys[key] = facet_keys(key, value)
                    filtered = with_facet_keys(filtered, self.keys[key])
                else:
                    filtered = filters[key].filter(filtered, value)
        sql, sql_params = rows_sql(filtered, source=source, rank=self.ranked)
        self.bases[left_out] = self.add(f"b{len(self.bases)}", sql, sql_params)
        return self.bases[left_out]


def facet_statement(sets: FacetSets, facets: list[str], active: set[str], page) -> tuple[str, list]:
    everything = sets.base_for(None)
    parts = [f"SELECT '__total__', NULL, count(*) FROM {sets.read(everything)}"]  # noqa: S608
    # The facets over one set are counted together: those on its columns in one pass, the
    # M2M ones in one pass over its rows' facet_keys.
    columns: dict[str, list[str]] = {}
    m2m: dict[str, list[int]] = {}
    for name in facets:
        base = sets.base_for(name if name in active else None)
        if name in FACET_CODES:
            m2m.setdefault(base, []).append(FACET_CODES[name])
        else:
            columns.setdefault(base, []).append(name)
    parts += [column_facets_sql(names, sets.read(base)) for base, names in columns.items()]
    for base, codes in m2m.items():
        # unnest() in the select list (one ProjectSet node), not as a lateral function scan:
        # that scan is set up again for every row of the set, which cost a third more.
        parts.append(
            f"SELECT 'm2m', k::text, count(*) FROM (SELECT unnest(b.facet_keys) k "  # noqa: S608
            f"FROM {sets.read(base)} b) u WHERE k >> {FACET_KEY_SHIFT} "
            f"IN ({', '.join(str(code) for code in codes)}) GROUP BY k"
        )
    tail: list = []
    if sets.ranked:
        offset, limit = page
        parts.append(
            "SELECT '__page__', p.id::text, p.r FROM (SELECT id, row_number() OVER "  # noqa: S608
            f"(ORDER BY rank DESC, id) AS r FROM {sets.read(everything)} "
            "ORDER BY rank DESC, id LIMIT %s OFFSET %s) p"
        )
        tail = [limit, offset]
    statement = sets.with_clause() + " " + " UNION ALL ".join(parts)  # noqa: S608
    return statement, [*sets.params, *tail]
