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

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, ExtractYear, TruncDate
from django.utils import timezone

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


def _due_tasks(today: datetime.date) -> QuerySet[RoundTask]:
    """Tasks of rounds whose deadline has passed (or that were closed), each with the day
    its update was first submitted (``answered_on``, None if never)."""
    history = ProgressUpdate.history.model
    first_submitted = (
        history.objects.filter(id=OuterRef("update_id"), state__in=ANSWERED)
        .order_by("history_date")
        .values("history_date")[:1]
    )
    due_rounds = UpdateRound.objects.filter(
        Q(deadline__lt=today) | Q(status=UpdateRound.RoundStatus.CLOSED)
    )
    return (
        RoundTask.objects.filter(update_round__in=due_rounds)
        .annotate(
            answered_on=TruncDate(
                Coalesce(
                    Subquery(first_submitted),
                    # An update written before its history was kept: its creation.
                    Subquery(
                        ProgressUpdate.objects.filter(
                            pk=OuterRef("update_id"), state__in=ANSWERED
                        ).values("created")[:1]
                    ),
                )
            )
        )
        .order_by()
    )


_ANSWER_COUNTS = {
    "tasks": Count("pk"),
    "on_time": Count("pk", filter=Q(answered_on__lte=F("update_round__deadline"))),
    "late": Count("pk", filter=Q(answered_on__gt=F("update_round__deadline"))),
}


def round_responses(today: datetime.date | None = None) -> RoundResponses:
    """Answers to the update rounds that are due: in total, per institution (lowest share
    answered by the deadline first), per round (latest first) and per year of deadline."""
    today = today or timezone.localdate()
    tasks = _due_tasks(today)
    total = tasks.aggregate(**_ANSWER_COUNTS)
    institutions = [
        Answers(row["institution__name"], row["tasks"], row["on_time"], row["late"])
        for row in tasks.values("institution_id", "institution__name").annotate(**_ANSWER_COUNTS)
    ]
    institutions.sort(key=lambda a: (a.on_time_percent or 0, a.label))
    rounds = [
        Answers(row["update_round__name"], row["tasks"], row["on_time"], row["late"])
        for row in tasks.values("update_round_id", "update_round__name", "update_round__deadline")
        .annotate(**_ANSWER_COUNTS)
        .order_by("-update_round__deadline", "-update_round_id")
    ]
    years = [
        Answers(str(row["year"]), row["tasks"], row["on_time"], row["late"])
        for row in tasks.annotate(year=ExtractYear("update_round__deadline"))
        .values("year")
        .annotate(**_ANSWER_COUNTS)
        .order_by("year")
    ]
    return RoundResponses(
        total=Answers("", total["tasks"], total["on_time"], total["late"]),
        by_institution=institutions,
        by_round=rounds,
        by_year=years,
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
    lead = Assignment.objects.filter(recommendation=OuterRef("pk"), role=Assignment.Role.LEAD)
    progress = ProgressUpdate.objects.filter(
        recommendation=OuterRef("pk"), state__in=ANSWERED, date__gte=since, date__lte=today
    )
    counts = {
        "recommendations": Count("pk"),
        "with_lead": Count("pk", filter=Q(Exists(lead))),
        "with_progress": Count("pk", filter=Q(Exists(progress))),
    }
    base = Recommendation.objects.filter(kind=Recommendation.Kind.RECOMMENDATION).order_by()
    labels = dict(Mechanism.choices)
    rows = {row["mechanism"]: row for row in base.values("mechanism").annotate(**counts)}
    by_mechanism = [
        Coverage(
            str(labels[m]),
            rows[m]["recommendations"],
            rows[m]["with_lead"],
            rows[m]["with_progress"],
        )
        for m in Mechanism.values
        if m in rows
    ]
    total = Coverage(
        "",
        sum(c.recommendations for c in by_mechanism),
        sum(c.with_lead for c in by_mechanism),
        sum(c.with_progress for c in by_mechanism),
    )
    return FollowUpCoverage(months=months, since=since, total=total, by_mechanism=by_mechanism)
