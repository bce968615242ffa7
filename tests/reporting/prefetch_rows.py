"""The report rows as the prefetch-based loader built them before issue 18: model instances
and ``Prefetch`` objects. Kept here only as the reference the fast loader
(``reporting.selectors.loader``) is compared with."""

from __future__ import annotations

import functools
from collections.abc import Iterator

from django.db.models import Prefetch, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from recommendations.models import (
    Activity,
    Assignment,
    Evidence,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    Recommendation,
    RecommendationLink,
)
from reporting.selectors.loader import _response as loader_response
from reporting.selectors.rows import (
    ActivityRow,
    IndicatorRow,
    RecommendationRow,
    paragraph_key,
    status_label,
)

CHUNK = 500


def _prefetches() -> list:
    """Every relation a row shows, into plain lists (``to_attr``): without one, Django builds a
    related manager and clones a queryset per recommendation and relation, which for 10,000
    rows and ten relations cost most of the matrix's time."""
    return [
        Prefetch("recommending_states", to_attr="states_list"),
        Prefetch("themes", to_attr="themes_list"),
        Prefetch("sdg_targets", to_attr="targets_list"),
        Prefetch("sdg_goals", to_attr="goals_list"),
        Prefetch("clusters", to_attr="clusters_list"),
        Prefetch(
            "assignments",
            queryset=Assignment.objects.select_related("institution").order_by("role", "pk"),
            to_attr="assignments_list",
        ),
        Prefetch(
            "progress_updates",
            queryset=ProgressUpdate.objects.filter(state=ProgressUpdate.State.ACCEPTED)
            .only("recommendation_id", "narrative", "date", "status")
            .prefetch_related(
                Prefetch(
                    "evidence",
                    queryset=Evidence.objects.only("original_name", "progress_update_id"),
                    to_attr="evidence_list",
                )
            )
            .order_by("-date", "-pk"),
            to_attr="accepted_updates",
        ),
        Prefetch(
            "activities",
            queryset=Activity.objects.exclude(status=Activity.ActivityStatus.CANCELLED)
            .select_related("lead_institution")
            .prefetch_related(
                Prefetch(
                    "evidence",
                    queryset=Evidence.objects.only("original_name", "activity_id"),
                    to_attr="evidence_list",
                )
            )
            .only(
                "title",
                "budget",
                "currency",
                "start_date",
                "end_date",
                "status",
                "modified",
                "lead_institution__name",
                "lead_institution__name_translations",
            )
            .order_by("start_date", "pk"),
            to_attr="activities_list",
        ),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.prefetch_related(
                Prefetch(
                    "values",
                    # The totals: a disaggregated value is one cell of a breakdown.
                    queryset=IndicatorValue.objects.filter(disaggregation={}).order_by(
                        "date", "pk"
                    ),
                    to_attr="values_list",
                )
            ).order_by("name"),
            to_attr="indicators_list",
        ),
        Prefetch(
            "links_out",
            queryset=RecommendationLink.objects.filter(
                kind=RecommendationLink.Kind.REPEATED
            ).select_related("target__review"),
            to_attr="repeated_out",
        ),
        Prefetch(
            "links_in",
            queryset=RecommendationLink.objects.filter(
                kind=RecommendationLink.Kind.REPEATED
            ).select_related("source__review"),
            to_attr="repeated_in",
        ),
    ]


def _source(rec: Recommendation) -> str:
    if rec.review_id and rec.review.is_upr and rec.review.session:
        return _("UPR cycle %(cycle)s, session %(session)s") % {
            "cycle": rec.review.cycle,
            "session": rec.review.session,
        }
    return " ".join(part for part in [rec.body.code, rec.document_symbol] if part)


def _repeated_from(rec: Recommendation) -> list[str]:
    """Earlier-cycle recommendations linked as repeated, whichever way the link points."""
    cycle = rec.review.cycle if rec.review_id else None
    found = []
    others = [link.target for link in rec.repeated_out] + [link.source for link in rec.repeated_in]
    for other in others:
        other_cycle = other.review.cycle if other.review_id else None
        if cycle and other_cycle and other_cycle >= cycle:
            continue
        label = other.paragraph or f"#{other.pk}"
        found.append(f"{label} ({_('cycle')} {other_cycle})" if other_cycle else label)
    return found


@functools.lru_cache(maxsize=64)
def _labels(choices, language: str | None) -> dict[str, str]:
    return {value: str(label) for value, label in choices.choices}


def _label(choices, value: str) -> str:
    """A choice's label in the active language, looked up once per run: ``get_FOO_display``
    costs a lookup through lazy translations on every row."""
    return _labels(choices, translation.get_language()).get(value, value) if value else ""


def _row(rec: Recommendation) -> RecommendationRow:
    lead = ""
    supporting = []
    for assignment in rec.assignments_list:
        if assignment.role == Assignment.Role.LEAD:
            lead = str(assignment.institution)
        else:
            supporting.append(str(assignment.institution))
    latest = rec.accepted_updates[0] if rec.accepted_updates else None
    activities = [
        ActivityRow(
            title=a.title,
            start=a.start_date,
            end=a.end_date,
            institution=str(a.lead_institution),
            status=_label(Activity.ActivityStatus, a.status),
            pk=a.pk,
            budget=a.budget,
            currency=a.currency,
            evidence=[e.original_name for e in a.evidence_list],
        )
        for a in rec.activities_list
    ]
    indicators = [
        IndicatorRow(
            name=i.name,
            unit=i.unit,
            baseline=i.baseline,
            target=i.target,
            values=[(v.date, v.value) for v in i.values_list],
        )
        for i in rec.indicators_list
    ]
    goals = {g.number for g in rec.goals_list}
    goals |= {int(t.code.split(".")[0]) for t in rec.targets_list if t.code[0].isdigit()}
    # The last time someone reported on it: an accepted progress update or an activity.
    # Not ``rec.modified``, which an import or a classification changes too.
    dates = [a.modified.date() for a in rec.activities_list if a.modified]
    if latest:
        dates.append(latest.date)
    last_update = max(dates) if dates else None
    evidence = [e.original_name for u in rec.accepted_updates for e in u.evidence_list]
    return RecommendationRow(
        pk=rec.pk,
        paragraph=rec.paragraph,
        text=rec.text,
        source=_source(rec),
        states=sorted(s.name for s in rec.states_list),
        # The State's wording only when it says more than the category (see loader._response).
        response=loader_response(rec.response, rec.response_label),
        response_value=rec.response,
        lead=lead,
        supporting=supporting,
        status=rec.status,
        status_display=status_label(rec.status),
        narrative=latest.narrative if latest else "",
        narrative_date=latest.date if latest else None,
        activities=activities,
        indicators=indicators,
        themes=[t.name for t in rec.themes_list],
        sdg_targets=sorted((t.code for t in rec.targets_list), key=paragraph_key),
        sdg_goals=sorted(goals),
        clusters=[c.name for c in rec.clusters_list],
        repeated_from=_repeated_from(rec),
        last_update=last_update,
        evidence=evidence,
    )


def iter_rows(qs: QuerySet[Recommendation], *, chunk_size: int = CHUNK) -> Iterator:
    """(recommendation's cluster ids, row) in chunks: prefetches run per chunk, so memory
    stays flat whatever the number of recommendations."""
    qs = qs.select_related("body", "review").prefetch_related(*_prefetches()).order_by("pk")
    for rec in qs.iterator(chunk_size=chunk_size):
        yield {c.pk for c in rec.clusters_list}, _row(rec)
