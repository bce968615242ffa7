"""What the secretariat's dashboard shows: the work of the national mechanism at a glance.

Each part is one or two queries over the whole registry, so the page stays fast as the
registry grows; lists are cut to a few rows and link to the full screens.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from recommendations.followup.rounds import round_tracker
from recommendations.models import (
    Assessment,
    Assignment,
    Comment,
    ImportJob,
    ProgressUpdate,
    Recommendation,
    UpdateRound,
)
from recommendations.publishing.selectors import recommendations_visible_to
from recommendations.special.selectors import calendar_dates
from reporting.models import Deadline, ReportRun
from reporting.selectors.consultations import public_comments_pending

HORIZON_DAYS = 90
LATEST = 5


@dataclass
class RoundProgress:
    update_round: UpdateRound
    institutions: list[dict]
    overdue: list[dict] = field(default_factory=list)

    @property
    def done_percent(self) -> int:
        total = sum(row["total"] for row in self.institutions)
        accepted = sum(row["accepted"] for row in self.institutions)
        return round(100 * accepted / total) if total else 0


@dataclass
class DueDate:
    date: datetime.date
    title: str
    kind: str
    url_name: str
    pk: int


def _without_lead(user):
    leads = Assignment.objects.filter(role=Assignment.Role.LEAD).values("recommendation_id")
    return recommendations_visible_to(user).exclude(pk__in=leads)


def _open_rounds(today: datetime.date) -> list[RoundProgress]:
    result = []
    for update_round in UpdateRound.objects.filter(status=UpdateRound.RoundStatus.OPEN).order_by(
        "deadline", "pk"
    ):
        rows = round_tracker(update_round)
        late = update_round.deadline < today
        overdue = [
            row
            for row in rows
            if late and any(row[state] for state in ("pending", "draft", "returned"))
        ]
        result.append(RoundProgress(update_round, rows, overdue))
    return result


def _due_dates(today: datetime.date, user) -> list[DueDate]:
    until = today + datetime.timedelta(days=HORIZON_DAYS)
    reports = Deadline.objects.filter(
        due_date__gte=today, due_date__lte=until, submitted_on__isnull=True
    ).order_by("due_date", "pk")
    rounds = UpdateRound.objects.filter(
        status=UpdateRound.RoundStatus.OPEN, deadline__gte=today, deadline__lte=until
    ).order_by("deadline", "pk")
    dates = [
        DueDate(d.due_date, d.title, d.get_kind_display(), "reporting:deadline_edit", d.pk)
        for d in reports
    ] + [DueDate(r.deadline, r.name, _("Update round"), "followup:round", r.pk) for r in rounds]
    # Special procedures: visits starting and replies to communications due in the period.
    dates += [
        DueDate(e.due_date, e.title, e.kind_label, e.url_name, e.object_id)
        for e in calendar_dates(user, today)
        if today <= e.due_date <= until and e.submitted_on is None
    ]
    return sorted(dates, key=lambda d: (d.date, d.title))


def secretariat_dashboard(user, *, today: datetime.date | None = None) -> dict:
    today = today or timezone.localdate()
    without_lead = _without_lead(user)
    return {
        "without_lead_count": without_lead.count(),
        "without_lead": without_lead.select_related("body")[:LATEST],
        "rounds": _open_rounds(today),
        "due_dates": _due_dates(today, user),
        "horizon_days": HORIZON_DAYS,
        "moderation": {
            "assessments": Assessment.objects.filter(
                moderation=Assessment.Moderation.PENDING
            ).count(),
            "comments": Comment.objects.filter(moderation=Comment.Moderation.PENDING).count(),
            "public_comments": public_comments_pending().count(),
            "updates_to_review": ProgressUpdate.objects.filter(
                state=ProgressUpdate.State.SUBMITTED
            ).count(),
            "updates_to_publish": ProgressUpdate.objects.filter(
                Q(state=ProgressUpdate.State.ACCEPTED) & Q(is_published=False)
            ).count(),
        },
        "imports": ImportJob.objects.select_related("created_by")[:LATEST],
        "runs": ReportRun.objects.select_related("requested_by").order_by("-queued", "-pk")[
            :LATEST
        ],
        "recommendation_count": Recommendation.objects.count(),
    }
