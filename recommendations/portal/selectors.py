"""Reads of the public portal: only what the secretariat published, for anyone.

Every public page, download and statistic goes through these functions; none of them takes
a user, because the public sees the same thing whoever asks. Internal notes, draft or
unpublished progress updates, unpublished activities and assessments, internal evidence
and focal points' personal data are never selected here.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from django.db import connections
from django.db.models import Count, Prefetch, QuerySet
from django.db.models.expressions import RawSQL
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from recommendations.filtering.facets import (
    facet_counts,
    facet_counts_total_and_page,
)
from recommendations.models import (
    Assignment,
    ProgressUpdate,
    Recommendation,
    SdgGoal,
    State,
    Theme,
)
from recommendations.portal.indicators import indicator_cards
from recommendations.publishing.selectors import (
    public_activities,
    public_assessments,
    public_comments,
    public_evidence,
    public_indicators,
    public_recommendations,
    public_replies,
    public_updates,
)
from recommendations.registry.selectors import with_classification

EXPORT_CHUNK = 2000


def recommendation_search_base() -> QuerySet[Recommendation]:
    """What one row of the public search shows, in a fixed number of queries per page."""
    return public_recommendations().select_related("body", "review__state_under_review")


def prefetch_rows(rows: Iterable[Recommendation]) -> list[Recommendation]:
    """Recommending States, themes and lead institutions for one page of results (after
    pagination, so the prefetch covers only the rows shown), as plain lists on each row
    (``state_list``, ``theme_list``, ``lead_assignments``): with ``to_attr`` Django does
    not build a filtered queryset per row and relation, which cost more than the queries."""
    from django.db.models import prefetch_related_objects

    rows = list(rows)
    prefetch_related_objects(
        rows,
        Prefetch(
            "recommending_states",
            queryset=State.objects.only("name", "name_translations").order_by("name"),
            to_attr="state_list",
        ),
        Prefetch(
            "themes",
            queryset=Theme.objects.only("code", "name", "name_translations"),
            to_attr="theme_list",
        ),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.filter(role=Assignment.Role.LEAD)
            .select_related("institution")
            .order_by("pk"),
            to_attr="lead_assignments",
        ),
    )
    return rows


def public_replies_prefetch() -> Prefetch:
    """The lead institution's published answers under a comment or an assessment: the
    institution's name, never the focal point's."""
    return Prefetch(
        "replies",
        queryset=public_replies().select_related("institution").order_by("created", "pk"),
        to_attr="public_replies",
    )


def public_recommendation(pk: int) -> Recommendation:
    """One published recommendation with its public follow-up; 404 otherwise."""
    published = public_recommendations()
    qs = with_classification(published).prefetch_related(
        Prefetch(
            "activities",
            queryset=public_activities()
            .select_related("lead_institution")
            .prefetch_related(
                Prefetch("evidence", queryset=public_evidence(), to_attr="public_evidence")
            )
            .order_by("-start_date", "pk"),
            to_attr="public_activities",
        ),
        Prefetch(
            "progress_updates",
            queryset=public_updates()
            .select_related("institution")
            .prefetch_related(
                Prefetch(
                    "evidence",
                    queryset=public_evidence().order_by("pk"),
                    to_attr="public_evidence",
                )
            )
            .order_by("date", "pk"),
            to_attr="public_updates",
        ),
        Prefetch(
            "assessments",
            queryset=public_assessments()
            .select_related("stakeholder", "author")
            .prefetch_related(public_replies_prefetch())
            .order_by("-date", "-pk"),
            to_attr="public_assessments",
        ),
        Prefetch(
            "comments",
            queryset=public_comments()
            .select_related("author")
            .prefetch_related(
                "author__stakeholder_memberships__stakeholder", public_replies_prefetch()
            )
            .order_by("created", "pk"),
            to_attr="public_comments",
        ),
        Prefetch(
            "indicators",
            queryset=public_indicators()
            .select_related("sdg_indicator", "institution")
            .prefetch_related("values")
            .order_by("name", "pk"),
            to_attr="public_indicators",
        ),
    )
    rec = get_object_or_404(qs, pk=pk)
    indicator_cards(rec.public_indicators, prefix="indicator")
    return rec


def latest_public_updates(limit: int = 5) -> QuerySet[ProgressUpdate]:
    return (
        public_updates()
        .select_related("recommendation", "institution")
        .order_by("-date", "-pk")[:limit]
    )


# --- facets of the public search ------------------------------------------------------


def search_facet_counts_and_page(
    data, facets: list[str], *, page: tuple[int, int] | None, filterset=None
) -> tuple[dict[str, list[dict]], int, list[int] | None]:
    """Facet counts of the public search (each facet leaving out its own choice) and its
    total and, on PostgreSQL with a text query, the ids of the
    ``page`` (offset, limit) of matches by relevance, from the same statement (else None).
    ``filterset``: the caller's RecommendationFilter of ``data``, to validate it once."""
    return facet_counts_total_and_page(
        public_recommendations(), facets, data, page=page, filterset=filterset
    )


# --- statistics -----------------------------------------------------------------------

STAT_FACETS = ["mechanism", "response", "status"]


def statistics(qs: QuerySet[Recommendation], *, top_themes: int = 12) -> dict:
    """Headline figures of a set of published recommendations, counted by the database.
    Voluntary pledges are the State's own commitments, not recommendations: not counted."""
    qs = qs.filter(kind=Recommendation.Kind.RECOMMENDATION).order_by()
    counts = facet_counts(qs, STAT_FACETS)
    total = qs.count()
    for name in STAT_FACETS:
        for entry in counts[name]:
            entry["share"] = round(100 * entry["count"] / total) if total else 0
    goal_rows = dict(
        Recommendation.sdg_goals.through.objects.filter(recommendation_id__in=qs.values("pk"))
        .values_list("sdggoal_id")
        .annotate(n=Count("pk"))
    )
    goals = [
        {"value": g.number, "label": f"{g.number}. {g.short_title}", "count": goal_rows[g.pk]}
        for g in SdgGoal.objects.filter(pk__in=list(goal_rows)).order_by("number")
    ]
    theme_rows = (
        Recommendation.themes.through.objects.filter(recommendation_id__in=qs.values("pk"))
        .values_list("theme_id")
        .annotate(n=Count("pk"))
        .order_by("-n")[:top_themes]
    )
    theme_rows = dict(theme_rows)
    theme_objects = {t.pk: t for t in Theme.objects.filter(pk__in=list(theme_rows))}
    themes = [
        {
            "value": theme_objects[pk].code,
            "label": theme_objects[pk].name,
            "count": n,
        }
        for pk, n in sorted(theme_rows.items(), key=lambda item: -item[1])
        if pk in theme_objects
    ]
    return {
        "total": total,
        "mechanism": counts["mechanism"],
        "response": counts["response"],
        "status": counts["status"],
        "sdg_goals": goals,
        "themes": themes,
    }


# --- open data --------------------------------------------------------------------------

# The data dictionary page and the exports' column order come from this one list.
DATA_DICTIONARY = [
    ("id", _("Stable identifier of the recommendation in this database.")),
    ("paragraph", _("Paragraph number in the source document, e.g. 140.12.")),
    ("text", _("The recommendation, verbatim.")),
    ("mechanism", _("upr, treaty_body, special_procedure or regional.")),
    ("body", _("Code of the recommending body, e.g. UPR, CEDAW, CAT.")),
    ("document_symbol", _("UN symbol of the document that carries the recommendation.")),
    ("date", _("Date of the document (ISO 8601, YYYY-MM-DD).")),
    ("state_under_review", _("For the UPR: the State under review.")),
    ("cycle", _("For the UPR: the review cycle (1 to 4).")),
    ("session", _("For the UPR: the Working Group session.")),
    ("recommending_states", _("For the UPR: the States that made the recommendation.")),
    (
        "response",
        _("The State's current response: supported, noted, partially_supported or pending."),
    ),
    ("response_label", _("The response as the State worded it.")),
    (
        "status",
        _(
            "Implementation status from the latest published government update: not_started, "
            "in_progress, partially_implemented, fully_implemented or not_applicable."
        ),
    ),
    ("themes", _("Human rights themes (Universal Human Rights Index codes).")),
    ("affected_groups", _("Persons or groups concerned.")),
    ("sdg_goals", _("Sustainable Development Goals (numbers).")),
    ("sdg_targets", _("Sustainable Development Goal targets, e.g. 16.10.")),
    ("lead_institution", _("The national institution that leads the follow-up.")),
    ("supporting_institutions", _("Institutions that support the follow-up.")),
    ("clusters", _("Thematic clusters the national mechanism grouped it in.")),
    # Added after the first release: at the end, so that readers by position still work.
    (
        "needs_parliament",
        _("true when implementing it needs parliamentary action (a law, a ratification)."),
    ),
    ("budget_implications", _("true when implementing it has budget implications.")),
    ("priority", _("The national mechanism's priority: high, medium or low (empty: none).")),
    (
        "action_category",
        _(
            "UPR Info's action category, 1 (minimal action) to 5 (specific action); empty when "
            "not classified."
        ),
    ),
    (
        "response_justification",
        _("Why the State gave its current response (for a noted one, why it noted it)."),
    ),
]
EXPORT_FIELDS = [name for name, _meaning in DATA_DICTIONARY]

_VALUES = {
    "id": "pk",
    "paragraph": "paragraph",
    "text": "text",
    "mechanism": "mechanism",
    "body": "body__code",
    "document_symbol": "document_symbol",
    "date": "date",
    "state_under_review": "review__state_under_review__name",
    "cycle": "review__cycle",
    "session": "review__session",
    "response": "response",
    "response_label": "response_label",
    "status": "status",
    "needs_parliament": "needs_parliament",
    "budget_implications": "budget_implications",
    "priority": "priority",
    "action_category": "action_category",
    "response_justification": "response_justification",
}


def _batched(iterable, n: int):
    iterator = iter(iterable)
    while chunk := list(islice(iterator, n)):
        yield chunk


def _among(field: str, pks: list[int], using: str) -> dict:
    """Filter keywords for ``field`` being one of ``pks``. On PostgreSQL the ids travel as one
    array parameter: Django's ``__in`` prepares each of a chunk's 2,000 values in Python,
    which took a third of an export's time (measured)."""
    if connections[using].vendor == "postgresql":
        return {f"{field}__in": RawSQL("SELECT unnest(%s::bigint[])", (pks,))}  # noqa: S611
    return {f"{field}__in": pks}


def _m2m_values(field: str, label: str, pks: list[int], using: str) -> dict[int, list[str]]:
    m2m = Recommendation._meta.get_field(field)
    through = m2m.remote_field.through
    source = m2m.m2m_field_name()
    target = m2m.m2m_reverse_field_name()
    result: dict[int, list[str]] = {}
    rows = (
        through.objects.using(using)
        .filter(**_among(f"{source}_id", pks, using))
        .order_by(f"{target}__{label}")
        .values_list(f"{source}_id", f"{target}__{label}")
    )
    for pk, value in rows:
        result.setdefault(pk, []).append(str(value))
    return result


def export_rows(qs: QuerySet[Recommendation]) -> Iterator[dict]:
    """Every published recommendation of ``qs`` as a flat dict, read from the database in
    chunks (a server-side cursor on PostgreSQL), so memory stays flat whatever the count.
    Multi-valued fields are fetched once per chunk, never per row."""
    rows = qs.values(*_VALUES.values()).iterator(chunk_size=EXPORT_CHUNK)
    for chunk in _batched(rows, EXPORT_CHUNK):
        pks = [row["pk"] for row in chunk]
        states = _m2m_values("recommending_states", "name", pks, qs.db)
        themes = _m2m_values("themes", "code", pks, qs.db)
        groups = _m2m_values("groups", "code", pks, qs.db)
        goals = _m2m_values("sdg_goals", "number", pks, qs.db)
        targets = _m2m_values("sdg_targets", "code", pks, qs.db)
        clusters = _m2m_values("clusters", "name", pks, qs.db)
        lead: dict[int, str] = {}
        supporting: dict[int, list[str]] = {}
        for pk, role, name in (
            Assignment.objects.using(qs.db)
            .filter(**_among("recommendation_id", pks, qs.db))
            .order_by("institution__name")
            .values_list("recommendation_id", "role", "institution__name")
        ):
            if role == Assignment.Role.LEAD:
                lead[pk] = name
            else:
                supporting.setdefault(pk, []).append(name)
        for row in chunk:
            pk = row["pk"]
            out = {name: row[path] for name, path in _VALUES.items()}
            out["date"] = out["date"].isoformat() if out["date"] else ""
            out.update(
                recommending_states=states.get(pk, []),
                themes=themes.get(pk, []),
                affected_groups=groups.get(pk, []),
                sdg_goals=goals.get(pk, []),
                sdg_targets=targets.get(pk, []),
                lead_institution=lead.get(pk, ""),
                supporting_institutions=supporting.get(pk, []),
                clusters=clusters.get(pk, []),
            )
            yield {name: out[name] for name in EXPORT_FIELDS}
