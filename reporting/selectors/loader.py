"""Recommendations read into report rows with plain ``values_list`` queries.

One query per relation and chunk of recommendations, grouped by recommendation id in
Python: no model instances, no prefetch machinery. For the 10,000-row matrix, building model
instances and prefetch querysets cost about two thirds of the run (see issue 18).
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Iterator

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from mechanisms.models import Institution
from nrtd.i18n import in_language
from recommendations.models import (
    ActionCategory,
    Activity,
    Assignment,
    Evidence,
    Indicator,
    IndicatorValue,
    Mechanism,
    Priority,
    ProgressUpdate,
    Recommendation,
    RecommendationLink,
    Response,
)
from reporting.selectors.rows import (
    STATUS_ORDER,
    ActivityRow,
    IndicatorRow,
    RecommendationRow,
    paragraph_key,
    status_label,
)


@functools.lru_cache(maxsize=64)
def _labels(choices, language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _label(choices, value: str, language: str | None = None) -> str:
    """A choice's label in ``language`` (default: the active one), looked up once per run.
    The row loader passes the language it read once: asking for it costs, 40,000 times."""
    if not value:
        return ""
    return _labels(choices, language or translation.get_language()).get(value, value)


@functools.lru_cache(maxsize=16)
def _status_labels(language: str | None) -> dict[str, str]:
    return {value: status_label(value) for value in STATUS_ORDER}


@functools.lru_cache(maxsize=8)
def _english_labels(choices) -> dict[str, str]:
    with translation.override("en"):
        return {value: str(label).casefold() for value, label in choices.choices}


def _response(value: str, worded: str, language: str | None = None) -> str:
    """The State's response as the report prints it: its own wording when that says more
    than the category ("Supported in part"), else the category in the report's language; an
    import of the UPR matrix words most responses as the category's English name, which an
    Arabic report printed in English."""
    if worded and worded.strip().casefold() != _english_labels(Response).get(value):
        return worded
    return _label(Response, value, language)


def _grouped(rows, key: int = 0) -> dict:
    """{first column: [the rest of the row, ...]}, in the query's order."""
    found = defaultdict(list)
    for row in rows:
        found[row[key]].append(row)
    return found


def _m2m(field, pks, *values: str, order: tuple[str, ...]) -> dict:
    """{recommendation id: [(values...), ...]} through a many-to-many of Recommendation."""
    through = field.through
    target = field.field.m2m_reverse_field_name()
    rows = (
        through.objects.filter(recommendation_id__in=pks)
        .order_by(*(f"{target}__{o}" for o in order), "pk")
        .values_list("recommendation_id", *(f"{target}__{v}" for v in values))
    )
    return _grouped(rows)


def _source(row: dict, upr_source: str) -> str:
    """``upr_source``: the translated "UPR cycle %(cycle)s, session %(session)s"."""
    if row["review_id"] and row["review__mechanism"] == Mechanism.UPR and row["review__session"]:
        return upr_source % {
            "cycle": row["review__cycle"],
            "session": row["review__session"],
        }
    return " ".join(part for part in [row["body__code"], row["document_symbol"]] if part)


def _repeated(pks) -> dict[int, list[tuple]]:
    """{recommendation id: [(other paragraph, other pk, other cycle), ...]}: links going out
    first, then those coming in, as the report always listed them."""
    links = RecommendationLink.objects.filter(kind=RecommendationLink.Kind.REPEATED).order_by("pk")
    found = defaultdict(list)
    for rec_id, *other in links.filter(source_id__in=pks).values_list(
        "source_id", "target__paragraph", "target_id", "target__review__cycle"
    ):
        found[rec_id].append(other)
    for rec_id, *other in links.filter(target_id__in=pks).values_list(
        "target_id", "source__paragraph", "source_id", "source__review__cycle"
    ):
        found[rec_id].append(other)
    return found


def _repeated_from(cycle, others: list[tuple]) -> list[str]:
    """Earlier-cycle recommendations linked as repeated, whichever way the link points."""
    found = []
    for paragraph, pk, other_cycle in others:
        if cycle and other_cycle and other_cycle >= cycle:
            continue
        label = paragraph or f"#{pk}"
        found.append(f"{label} ({_('cycle')} {other_cycle})" if other_cycle else label)
    return found


def _institution_names(language: str) -> dict[int, str]:
    """{institution id: its name in ``language``}: a few hundred institutions read once,
    rather than a name and its translations on each of 30,000 activity and assignment rows
    (decoding their JSON was a tenth of the 10,000-row matrix)."""
    return {
        pk: in_language(names or {}, name, english=False, language=language)
        for pk, name, names in Institution.objects.values_list("pk", "name", "name_translations")
    }


def _activities(pks, institutions: dict[int, str]) -> dict[int, list[tuple[ActivityRow, object]]]:
    """{recommendation id: [(activity row, modified), ...]}, cancelled activities left out."""
    through = Activity.recommendations.through
    links = (
        through.objects.filter(recommendation_id__in=pks)
        .exclude(activity__status=Activity.ActivityStatus.CANCELLED)
        .order_by("activity__start_date", "activity_id")
        .values_list("recommendation_id", "activity_id")
    )
    by_rec = _grouped(links)
    activity_ids = links.order_by().values("activity_id")
    evidence = defaultdict(list)
    for activity_id, name in (
        Evidence.objects.filter(activity_id__in=activity_ids)
        .order_by("pk")
        .values_list("activity_id", "original_name")
    ):
        evidence[activity_id].append(name)
    activities = {}
    language = translation.get_language()
    for values in Activity.objects.filter(pk__in=activity_ids).values_list(
        "pk",
        "title",
        "start_date",
        "end_date",
        "status",
        "budget",
        "currency",
        "modified",
        "lead_institution_id",
    ):
        pk, title, start, end, status, budget, currency, modified, institution_id = values
        row = ActivityRow(
            title=title,
            start=start,
            end=end,
            institution=institutions.get(institution_id, ""),
            status=_label(Activity.ActivityStatus, status, language),
            pk=pk,
            budget=budget,
            currency=currency,
            evidence=evidence.get(pk, []),
        )
        activities[pk] = (row, modified)
    # A row per recommendation: the writers never change them, but keep them apart anyway.
    return {
        rec_id: [activities[activity_id] for _rec, activity_id in rows]
        for rec_id, rows in by_rec.items()
    }


def _indicators(pks) -> dict[int, list[IndicatorRow]]:
    through = Indicator.recommendations.through
    links = (
        through.objects.filter(recommendation_id__in=pks)
        .order_by("indicator__name", "indicator_id")
        .values_list(
            "recommendation_id",
            "indicator_id",
            "indicator__name",
            "indicator__unit",
            "indicator__baseline",
            "indicator__target",
        )
    )
    values = defaultdict(list)
    for indicator_id, date, value in (
        # The totals: a disaggregated value is one cell of a breakdown.
        IndicatorValue.objects.filter(
            indicator_id__in=links.order_by().values("indicator_id"), disaggregation={}
        )
        .order_by("date", "pk")
        .values_list("indicator_id", "date", "value")
    ):
        values[indicator_id].append((date, value))
    found = defaultdict(list)
    for rec_id, indicator_id, name, unit, baseline, target in links:
        found[rec_id].append(
            IndicatorRow(
                name=name,
                unit=unit,
                baseline=baseline,
                target=target,
                values=list(values.get(indicator_id, [])),
            )
        )
    return found


def _updates(pks) -> tuple[dict, dict]:
    """({recommendation id: (narrative, date) of the latest accepted update}, {recommendation
    id: evidence names of all its accepted updates, latest update first})."""
    updates = (
        ProgressUpdate.objects.filter(
            recommendation_id__in=pks, state=ProgressUpdate.State.ACCEPTED
        )
        .order_by("recommendation_id", "-date", "-pk")
        .values_list("recommendation_id", "pk", "narrative", "date")
    )
    latest = {}
    order = defaultdict(list)
    for rec_id, pk, narrative, date in updates:
        latest.setdefault(rec_id, (narrative, date))
        order[rec_id].append(pk)
    names = defaultdict(list)
    for update_id, name in (
        Evidence.objects.filter(progress_update_id__in=updates.order_by().values("pk"))
        .order_by("pk")
        .values_list("progress_update_id", "original_name")
    ):
        names[update_id].append(name)
    evidence = {
        rec_id: [name for pk in ids for name in names.get(pk, [])] for rec_id, ids in order.items()
    }
    return latest, evidence


MAIN_FIELDS = (
    "pk",
    "paragraph",
    "text",
    "response",
    "response_label",
    "response_justification",
    "status",
    "document_symbol",
    "review_id",
    "review__mechanism",
    "review__session",
    "review__cycle",
    "body__code",
    "priority",
    "action_category",
    "response_justification",
    "needs_parliament",
    "budget_implications",
)


def _chunk_rows(pks) -> Iterator[tuple[set[int], RecommendationRow]]:
    main = Recommendation.objects.filter(pk__in=pks).order_by("pk").values(*MAIN_FIELDS)
    states = _m2m(Recommendation.recommending_states, pks, "name", order=("name",))
    themes = _m2m(Recommendation.themes, pks, "name", order=("code",))
    targets = _m2m(Recommendation.sdg_targets, pks, "code", order=("sort_key",))
    goals = _m2m(Recommendation.sdg_goals, pks, "number", order=("number",))
    clusters = _m2m(
        Recommendation.clusters, pks, "pk", "name", order=("cluster_set", "order", "name")
    )
    language = translation.get_language()
    institutions = _institution_names(language)
    assignments = _grouped(
        Assignment.objects.filter(recommendation_id__in=pks)
        .order_by("role", "pk")
        .values_list("recommendation_id", "role", "institution_id")
    )
    activities = _activities(pks, institutions)
    indicators = _indicators(pks)
    latest, update_evidence = _updates(pks)
    repeated = _repeated(pks)
    upr_source = _("UPR cycle %(cycle)s, session %(session)s")
    status_labels = _status_labels(language)
    for rec in main:
        pk = rec["pk"]
        lead = ""
        supporting = []
        for _rec, role, institution_id in assignments.get(pk, ()):
            institution = institutions.get(institution_id, "")
            if role == Assignment.Role.LEAD:
                lead = institution
            else:
                supporting.append(institution)
        rec_activities = activities.get(pk, [])
        target_codes = [code for _rec, code in targets.get(pk, ())]
        goal_numbers = {number for _rec, number in goals.get(pk, ())}
        goal_numbers |= {int(code.split(".")[0]) for code in target_codes if code[0].isdigit()}
        narrative, narrative_date = latest.get(pk, ("", None))
        # The last time someone reported on it: an accepted progress update or an activity.
        # Not the recommendation's ``modified``, which an import or a classification changes.
        dates = [modified.date() for _row, modified in rec_activities if modified]
        if narrative_date:
            dates.append(narrative_date)
        rec_clusters = clusters.get(pk, ())
        row = RecommendationRow(
            pk=pk,
            paragraph=rec["paragraph"],
            text=rec["text"],
            source=_source(rec, upr_source),
            states=sorted(name for _rec, name in states.get(pk, ())),
            response=_response(rec["response"], rec["response_label"], language),
            response_value=rec["response"],
            lead=lead,
            supporting=supporting,
            status=rec["status"],
            status_display=status_labels.get(rec["status"]) or status_label(rec["status"]),
            narrative=narrative,
            narrative_date=narrative_date,
            activities=[activity for activity, _modified in rec_activities],
            indicators=indicators.get(pk, []),
            themes=[name for _rec, name in themes.get(pk, ())],
            sdg_targets=sorted(target_codes, key=paragraph_key),
            sdg_goals=sorted(goal_numbers),
            clusters=[name for _rec, _pk, name in rec_clusters],
            repeated_from=_repeated_from(rec["review__cycle"], repeated.get(pk, [])),
            last_update=max(dates) if dates else None,
            evidence=update_evidence.get(pk, []),
            priority=_label(Priority, rec["priority"], language),
            action_category=_label(ActionCategory, rec["action_category"], language),
            justification=rec["response_justification"],
            needs_parliament=rec["needs_parliament"],
            budget_implications=rec["budget_implications"],
        )
        yield {cluster_pk for _rec, cluster_pk, _name in rec_clusters}, row


def iter_rows(
    qs: QuerySet[Recommendation], *, chunk_size: int | None = None
) -> Iterator[tuple[set[int], RecommendationRow]]:
    """(recommendation's cluster ids, row) in the order of the recommendations' ids.

    By default one query per relation for the whole scope, the scope as a subquery: a list
    of 10,000 ids costs Django more to bind than the database to read (the report keeps
    every row anyway). With ``chunk_size``, ``chunk_size`` recommendations at a time."""
    if chunk_size is None:
        yield from _chunk_rows(qs.order_by().values("pk"))
        return
    pks = list(qs.order_by("pk").values_list("pk", flat=True).distinct())
    for start in range(0, len(pks), chunk_size):
        yield from _chunk_rows(pks[start : start + chunk_size])
