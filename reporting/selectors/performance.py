"""How well the national mechanism itself works (issue 20): reports submitted on time (the
reporting calendar), institutions' answers to update rounds by the deadline, and the share
of recommendations with a lead institution and with recent progress.

Each figure is counted in the database (a few grouped queries, whatever the size of the
registry); only the calendar's days late, a few hundred rows at most, are read to compute
their median. Definitions are stated here once and shown on the page:

- A report is *due* when its due date has passed (UPR reviews themselves are not reports).
  It is *on time* when submitted on or before its due date, *late* when submitted after,
  *overdue* when still not submitted.
- A round task is *due* when its round's deadline has passed or the round was closed. It is
  *answered by the deadline* when the institution's update for it was first submitted (or
  recorded as accepted) on or before the deadline, *answered late* after it, and *not
  answered* when its update was never submitted.
- A recommendation has *recent progress* when it has a submitted or accepted progress
  update dated within the last N months.
"""

from __future__ import annotations

import calendar
import datetime
import statistics
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone

from mechanisms.models import Institution
from recommendations.models import (
    Assignment,
    Mechanism,
    ProgressUpdate,
    Recommendation,
    RoundTask,
    UpdateRound,
)
from reporting.models import Deadline

MONTH_CHOICES = (3, 6, 12, 24)
DEFAULT_MONTHS = 12
ANSWERED = (ProgressUpdate.State.SUBMITTED, ProgressUpdate.State.ACCEPTED)


def share(part: int, whole: int) -> int | None:
    """Whole percent, or None when there is nothing to count (shown as "—", never 0%)."""
    return round(100 * part / whole) if whole else None


@dataclass
class ReportCounts:
    due: int = 0
    on_time: int = 0
    late: int = 0
    overdue: int = 0
    days_late: list[int] = field(default_factory=list)

    @property
    def on_time_percent(self) -> int | None:
        return share(self.on_time, self.due)

    @property
    def median_days_late(self) -> float | None:
        """Median delay of the reports submitted after their due date."""
        return statistics.median(self.days_late) if self.days_late else None


@dataclass
class ReportsOnTime:
    total: ReportCounts
    by_year: list[tuple[int, ReportCounts]]
    by_kind: list[tuple[str, ReportCounts]]


def _count_report(counts: ReportCounts, due: datetime.date, submitted: datetime.date | None):
    counts.due += 1
    if submitted is None:
        counts.overdue += 1
    elif submitted <= due:
        counts.on_time += 1
    else:
        counts.late += 1
        counts.days_late.append((submitted - due).days)


def reports_on_time(today: datetime.date | None = None) -> ReportsOnTime:
    """The calendar's reports whose due date has passed: on time, late, overdue, the median
    days late; in total, per year of the due date and per kind of report."""
    today = today or timezone.localdate()
    rows = (
        Deadline.objects.exclude(kind=Deadline.Kind.UPR_REVIEW)
        .filter(due_date__lt=today)
        .values_list("kind", "due_date", "submitted_on")
    )
    total = ReportCounts()
    years: dict[int, ReportCounts] = defaultdict(ReportCounts)
    kinds: dict[str, ReportCounts] = defaultdict(ReportCounts)
    for kind, due, submitted in rows:
        for counts in (total, years[due.year], kinds[kind]):
            _count_report(counts, due, submitted)
    labels = dict(Deadline.Kind.choices)
    return ReportsOnTime(
        total=total,
        by_year=sorted(years.items()),
        by_kind=[(str(labels.get(k, k)), kinds[k]) for k in Deadline.Kind.values if k in kinds],
    )


@dataclass
class Answers:
    label: str
    tasks: int
    on_time: int
    late: int

    @property
    def missing(self) -> int:
        return self.tasks - self.on_time - self.late

    @property
    def on_time_percent(self) -> int | None:
        return share(self.on_time, self.tasks)

    @property
    def answered_percent(self) -> int | None:
        return share(self.on_time + self.late, self.tasks)


@dataclass
class RoundResponses:
    total: Answers
    by_institution: list[Answers]
    by_round: list[Answers]
    by_year: list[Answers]


def _due_rounds(today: datetime.date) -> QuerySet[UpdateRound]:
    return UpdateRound.objects.filter(
        Q(deadline__lt=today) | Q(status=UpdateRound.RoundStatus.CLOSED)
    )


def _first_submitted(tasks: QuerySet[RoundTask]) -> dict[int, datetime.date]:
    """{update id: the day it was first submitted (or recorded as accepted)}, for the
    updates of ``tasks``, from the updates' history (kept since the model exists)."""
    history = ProgressUpdate.history.model
    rows = (
        history.objects.filter(state__in=ANSWERED, id__in=tasks.values("update_id"))
        .order_by()
        .values_list("id")
        .annotate(first=Min("history_date"))
    )
    return {pk: timezone.localdate(first) for pk, first in rows}


def _group_answers(groups: dict, key, label: str, outcome: int) -> None:
    row = groups.setdefault(key, Answers(label, 0, 0, 0))
    row.tasks += 1
    row.on_time += outcome == 1
    row.late += outcome == 2


def round_responses(today: datetime.date | None = None) -> RoundResponses:
    """Answers to the update rounds that are due: in total, per institution (lowest share
    answered by the deadline first), per round (latest first) and per year of deadline.

    Two plain queries (the due tasks; the first submission of their updates, grouped from
    the history) classified here: a correlated subquery per task made PostgreSQL's planner
    estimate a cost that switched on its JIT compiler, which alone took 0.6 s (measured)."""
    today = today or timezone.localdate()
    rounds = {r.pk: r for r in _due_rounds(today).only("pk", "name", "deadline")}
    tasks = RoundTask.objects.filter(update_round_id__in=list(rounds)).order_by()
    first = _first_submitted(tasks)
    names = dict(
        Institution.objects.filter(pk__in=tasks.values("institution_id")).values_list("pk", "name")
    )
    total: dict = {}
    institutions: dict = {}
    by_round: dict = {}
    years: dict = {}
    for round_id, institution_id, update_id in tasks.values_list(
        "update_round_id", "institution_id", "update_id"
    ).iterator(chunk_size=5000):
        update_round = rounds[round_id]
        answered = first.get(update_id)
        outcome = 0 if answered is None else (1 if answered <= update_round.deadline else 2)
        _group_answers(total, None, "", outcome)
        _group_answers(institutions, institution_id, names.get(institution_id, ""), outcome)
        _group_answers(by_round, (update_round.deadline, round_id), update_round.name, outcome)
        year = update_round.deadline.year
        _group_answers(years, year, str(year), outcome)
    by_institution = sorted(institutions.values(), key=lambda a: (a.on_time_percent or 0, a.label))
    return RoundResponses(
        total=total.get(None, Answers("", 0, 0, 0)),
        by_institution=by_institution,
        by_round=[by_round[key] for key in sorted(by_round, reverse=True)],
        by_year=[years[key] for key in sorted(years)],
    )


@dataclass
class Coverage:
    label: str
    recommendations: int
    with_lead: int
    with_progress: int

    @property
    def lead_percent(self) -> int | None:
        return share(self.with_lead, self.recommendations)

    @property
    def progress_percent(self) -> int | None:
        return share(self.with_progress, self.recommendations)


@dataclass
class FollowUpCoverage:
    months: int
    since: datetime.date
    total: Coverage
    by_mechanism: list[Coverage]


def months_before(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` months earlier (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 - months, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return day.replace(year=year, month=month + 1, day=min(day.day, last))


def followup_coverage(
    months: int = DEFAULT_MONTHS, today: datetime.date | None = None
) -> FollowUpCoverage:
    """Recommendations (noted ones too; not voluntary pledges) with a lead institution, and
    with a submitted or accepted progress update dated within the last ``months`` months;
    in total and per mechanism."""
    today = today or timezone.localdate()
    since = months_before(today, months)
    recommendations = Recommendation.objects.filter(kind=Recommendation.Kind.RECOMMENDATION)
    totals = dict(recommendations.order_by().values_list("mechanism").annotate(n=Count("pk")))
    # Grouped from the smaller tables, each recommendation counted once per mechanism.
    with_lead = dict(
        Assignment.objects.filter(
            role=Assignment.Role.LEAD, recommendation__kind=Recommendation.Kind.RECOMMENDATION
        )
        .order_by()
        .values_list("recommendation__mechanism")
        .annotate(n=Count("recommendation_id", distinct=True))
    )
    with_progress = dict(
        ProgressUpdate.objects.filter(
            state__in=ANSWERED,
            date__gte=since,
            date__lte=today,
            recommendation__kind=Recommendation.Kind.RECOMMENDATION,
        )
        .order_by()
        .values_list("recommendation__mechanism")
        .annotate(n=Count("recommendation_id", distinct=True))
    )
    labels = dict(Mechanism.choices)
    by_mechanism = [
        Coverage(str(labels[m]), totals[m], with_lead.get(m, 0), with_progress.get(m, 0))
        for m in Mechanism.values
        if totals.get(m)
    ]
    total = Coverage(
        "",
        sum(c.recommendations for c in by_mechanism),
        sum(c.with_lead for c in by_mechanism),
        sum(c.with_progress for c in by_mechanism),
    )
    return FollowUpCoverage(months=months, since=since, total=total, by_mechanism=by_mechanism)


# --- the page's figures, computed in the background -----------------------------------------

# A Celery beat task refreshes the figures this often; the page reads the last ones (over
# 250,000 recommendations the three selectors take about half a second to a second).
SUMMARY_REFRESH_SECONDS = 10 * 60


@dataclass
class PerformanceSummary:
    computed_at: datetime.datetime
    reports: ReportsOnTime
    rounds: RoundResponses
    coverage: dict[int, FollowUpCoverage]  # by window in months (MONTH_CHOICES)


def _summary_key(today: datetime.date) -> str:
    return f"reporting:performance:{today.isoformat()}"


def performance_summary_refresh(today: datetime.date | None = None) -> PerformanceSummary:
    """Compute every figure of the page (each window of the coverage) and keep them."""
    today = today or timezone.localdate()
    summary = PerformanceSummary(
        computed_at=timezone.now(),
        reports=reports_on_time(today),
        rounds=round_responses(today),
        coverage={months: followup_coverage(months, today) for months in MONTH_CHOICES},
    )
    cache.set(_summary_key(today), summary, SUMMARY_REFRESH_SECONDS * 3)
    return summary


def performance_summary(today: datetime.date | None = None) -> PerformanceSummary:
    """The figures kept by the last refresh of today; computed now if there are none (the
    first visit of the day before the task ran, or a cache emptied by a restart)."""
    today = today or timezone.localdate()
    summary = cache.get(_summary_key(today))
    return summary if summary is not None else performance_summary_refresh(today)
