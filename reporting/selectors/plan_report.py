"""The data of the annual report on a national action plan: the plan's items, each with its
responsible institution, dates, budget, status, linked recommendations, the activities that
ran in the year and its indicators' latest values. Plain rows read with a fixed number of
queries, whatever the size of the plan; the report is for the government side, so
unpublished items count too."""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q

from nrtd.i18n import in_language
from recommendations.models import (
    ActionPlan,
    ActionPlanItem,
    Activity,
    IndicatorValue,
    Recommendation,
)
from reporting.selectors.rows import ActivityRow, paragraph_key, status_label


@dataclass
class PlanIndicatorRow:
    name: str
    unit: str
    baseline: object
    target: object
    latest: tuple[datetime.date, object] | None  # (date, value) of the latest total


@dataclass
class PlanItemRow:
    pk: int
    code: str
    title: str
    description: str
    institution: str
    start: datetime.date | None
    end: datetime.date | None
    status: str
    status_display: str
    budget: object
    currency: str
    recommendations: list[str] = field(default_factory=list)
    activities: list[ActivityRow] = field(default_factory=list)
    indicators: list[PlanIndicatorRow] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{self.code} {self.title}".strip()


@dataclass
class PlanReportData:
    plan: ActionPlan
    start: datetime.date
    end: datetime.date
    items: list[PlanItemRow]
    counts: Counter  # item status -> number of items, counted by the database

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _name(name: str | None, names: dict | None) -> str:
    return in_language(names or {}, name, english=False) if name else ""


def _recommendations(item_ids: list[int]) -> dict[int, list[str]]:
    """{item id: ["115.3 (In progress)", ...]} in paragraph order."""
    through = ActionPlanItem.recommendations.through
    rows = through.objects.filter(
        actionplanitem_id__in=item_ids,
        recommendation__kind=Recommendation.Kind.RECOMMENDATION,
    ).values_list(
        "actionplanitem_id", "recommendation_id", "recommendation__paragraph",
        "recommendation__status",
    )  # fmt: skip
    found = defaultdict(list)
    for item_id, pk, paragraph, status in sorted(
        rows, key=lambda r: (r[0], paragraph_key(r[2] or ""), r[1])
    ):
        found[item_id].append(f"{paragraph or f'#{pk}'} ({status_label(status)})")
    return found


def _activities(item_ids, start, end) -> dict[int, list[ActivityRow]]:
    """{item id: activities that ran in the period}, cancelled ones left out."""
    through = Activity.plan_items.through
    links = (
        through.objects.filter(actionplanitem_id__in=item_ids)
        .exclude(activity__status=Activity.ActivityStatus.CANCELLED)
        .filter(activity__start_date__lte=end)
        .filter(Q(activity__end_date__isnull=True) | Q(activity__end_date__gte=start))
        .order_by("activity__start_date", "activity_id")
        .values_list(
            "actionplanitem_id", "activity_id", "activity__title", "activity__start_date",
            "activity__end_date", "activity__status", "activity__budget",
            "activity__currency", "activity__lead_institution__name",
            "activity__lead_institution__name_translations",
        )
    )  # fmt: skip
    labels = dict(Activity.ActivityStatus.choices)
    found = defaultdict(list)
    for item_id, pk, title, a_start, a_end, status, budget, currency, name, names in links:
        found[item_id].append(
            ActivityRow(
                title=title,
                start=a_start,
                end=a_end,
                institution=_name(name, names),
                status=str(labels.get(status, status)),
                pk=pk,
                budget=budget,
                currency=currency,
            )
        )
    return found


def _indicators(item_ids, end) -> dict[int, list[PlanIndicatorRow]]:
    """{item id: indicators with their latest total value on or before the period's end}."""
    through = ActionPlanItem.indicators.through
    links = list(
        through.objects.filter(actionplanitem_id__in=item_ids)
        .order_by("indicator__name", "indicator_id")
        .values_list(
            "actionplanitem_id", "indicator_id", "indicator__name", "indicator__unit",
            "indicator__baseline", "indicator__target",
        )
    )  # fmt: skip
    latest: dict[int, tuple] = {}
    values = (
        IndicatorValue.objects.filter(
            indicator_id__in={link[1] for link in links}, disaggregation={}, date__lte=end
        )
        .order_by("indicator_id", "date", "pk")
        .values_list("indicator_id", "date", "value")
    )
    for indicator_id, date, value in values:
        latest[indicator_id] = (date, value)  # ascending: the last one wins
    found = defaultdict(list)
    for item_id, indicator_id, name, unit, baseline, target in links:
        found[item_id].append(
            PlanIndicatorRow(name, unit, baseline, target, latest.get(indicator_id))
        )
    return found


def plan_report_data(plan: ActionPlan, start: datetime.date, end: datetime.date) -> PlanReportData:
    items = plan.items.order_by("code", "pk").values_list(
        "pk", "code", "title", "description", "responsible_institution__name",
        "responsible_institution__name_translations", "start_date", "end_date", "status",
        "budget", "currency",
    )  # fmt: skip
    items = list(items)
    ids = [row[0] for row in items]
    recommendations = _recommendations(ids)
    activities = _activities(ids, start, end)
    indicators = _indicators(ids, end)
    labels = dict(ActionPlanItem.ItemStatus.choices)
    rows = []
    for pk, code, title, description, name, names, i_start, i_end, status, budget, cur in items:
        rows.append(
            PlanItemRow(
                pk=pk,
                code=code,
                title=title,
                description=description,
                institution=_name(name, names),
                start=i_start,
                end=i_end,
                status=status,
                status_display=str(labels.get(status, status)),
                budget=budget,
                currency=cur,
                recommendations=recommendations.get(pk, []),
                activities=activities.get(pk, []),
                indicators=indicators.get(pk, []),
            )
        )
    rows.sort(key=lambda r: (paragraph_key(r.code), r.code, r.pk))
    counts = Counter(dict(plan.items.order_by().values_list("status").annotate(n=Count("pk"))))
    return PlanReportData(plan=plan, start=start, end=end, items=rows, counts=counts)
