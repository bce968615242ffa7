"""National human rights action plans: writes and reads.

The secretariat manages a plan and its items; the focal points of an item's responsible
institution report the item's status. Items are versioned like activities and indicators:
a save names the version it started from (``nrtd.concurrency``).
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Prefetch, Subquery
from django.utils.translation import gettext as _

from mechanisms.models import Institution
from nrtd.concurrency import save_version, set_fields, version_check
from nrtd.history import save_as
from nrtd.public_cache import public_data_changed
from nrtd.web import require
from recommendations.models import (
    ActionPlan,
    ActionPlanItem,
    Indicator,
    IndicatorValue,
    Recommendation,
)
from recommendations.publishing.selectors import (
    public_activities,
    public_indicators,
    public_plan_items,
    public_recommendations,
)

# Fields of an item the secretariat edits (the many-to-many links are set apart).
PLAN_ITEM_FIELDS = [
    "code",
    "title",
    "description",
    "responsible_institution",
    "start_date",
    "end_date",
    "status",
    "budget",
    "currency",
    "is_published",
]
PLAN_ITEM_LINKS = ["clusters", "recommendations", "indicators"]


def _validate_item(item: ActionPlanItem) -> None:
    errors: dict[str, list[str]] = {}
    try:
        item.full_clean(exclude=["plan"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if item.start_date and item.end_date and item.end_date < item.start_date:
        errors.setdefault("end_date", []).append(_("The end date is before the start date."))
    if item.budget is not None and not item.currency:
        errors.setdefault("currency", []).append(_("Give the currency of the budget."))
    if item.budget is not None and item.budget < 0:
        errors.setdefault("budget", []).append(_("A budget cannot be negative."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def action_plan_create(
    *,
    actor,
    title: str,
    period_start: datetime.date | None = None,
    period_end: datetime.date | None = None,
    description: str = "",
) -> ActionPlan:
    require(actor, "recommendations.manage_action_plans")
    if period_start and period_end and period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    plan = ActionPlan(
        title=title, period_start=period_start, period_end=period_end, description=description
    )
    plan.full_clean(validate_unique=False, validate_constraints=False)
    save_as(plan, actor)
    return plan


@transaction.atomic
def action_plan_publish(*, actor, plan: ActionPlan, published: bool) -> ActionPlan:
    """Put a plan on the portal, or take it off. Only its published items show."""
    require(actor, "recommendations.manage_action_plans")
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    if plan.is_published != published:
        plan.is_published = published
        save_as(plan, actor, update_fields=["is_published"])
        public_data_changed()
    return plan


def _set_links(item: ActionPlanItem, links: dict) -> None:
    for name in PLAN_ITEM_LINKS:
        if links.get(name) is not None:
            getattr(item, name).set(list(links[name]))


@transaction.atomic
def action_plan_item_add(
    *,
    actor,
    plan: ActionPlan,
    title: str,
    code: str = "",
    description: str = "",
    responsible_institution: Institution | None = None,
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
    status: str = ActionPlanItem.ItemStatus.NOT_STARTED,
    budget: Decimal | None = None,
    currency: str = "",
    is_published: bool = False,
    clusters=(),
    recommendations=(),
    indicators=(),
) -> ActionPlanItem:
    require(actor, "recommendations.manage_action_plans")
    item = ActionPlanItem(
        plan=plan,
        code=code,
        title=title,
        description=description,
        responsible_institution=responsible_institution,
        start_date=start_date,
        end_date=end_date,
        status=status,
        budget=budget,
        currency=(currency or "").upper(),
        is_published=is_published,
    )
    _validate_item(item)
    save_as(item, actor)
    _set_links(
        item, {"clusters": clusters, "recommendations": recommendations, "indicators": indicators}
    )
    if plan.is_published and is_published:
        public_data_changed()
    return item


@transaction.atomic
def action_plan_item_update(
    *, actor, item: ActionPlanItem, expected_version: int, **fields
) -> ActionPlanItem:
    """The secretariat's edit of an item: any field and its links."""
    require(actor, "recommendations.manage_action_plans")
    current = version_check(
        ActionPlanItem, item.pk, expected_version, PLAN_ITEM_FIELDS + PLAN_ITEM_LINKS
    )
    links = {name: fields.pop(name) for name in PLAN_ITEM_LINKS if name in fields}
    set_fields(current, fields, PLAN_ITEM_FIELDS)
    current.currency = (current.currency or "").upper()
    _validate_item(current)
    save_version(current, actor)
    _set_links(current, links)
    public_data_changed()
    return current


@transaction.atomic
def action_plan_item_set_status(
    *, actor, item: ActionPlanItem, expected_version: int, status: str
) -> ActionPlanItem:
    """An item's status, reported by a focal point of its responsible institution or set by
    the secretariat."""
    require(actor, "recommendations.update_plan_item_status", item)
    current = version_check(ActionPlanItem, item.pk, expected_version, ["status"])
    if status not in ActionPlanItem.ItemStatus.values:
        raise ValidationError({"status": _("Choose a status from the list.")})
    current.status = status
    save_version(current, actor, update_fields=["status"])
    if current.is_published:
        public_data_changed()
    return current


# --- reads ------------------------------------------------------------------------------


def plan_items_status_changeable_by(user, plan: ActionPlan) -> set[int]:
    """Ids of the plan's items whose status the user may set (for the forms on the page)."""
    items = list(plan.items.only("pk", "responsible_institution_id"))
    return {
        item.pk for item in items if user.has_perm("recommendations.update_plan_item_status", item)
    }


def plan_institutions():
    return Institution.objects.order_by("name")


def plan_recommendations():
    return Recommendation.objects.order_by("pk")


def plan_indicators():
    return Indicator.objects.order_by("name")


@dataclass(frozen=True)
class LatestValue:
    value: Decimal
    date: datetime.date


@dataclass
class ItemProgress:
    item: ActionPlanItem
    recommendation_statuses: list[tuple[str, int]]
    indicators: list[tuple[Indicator, LatestValue | None]]


@dataclass
class PlanProgress:
    plan: ActionPlan
    rows: list[ItemProgress]
    totals: list[tuple[str, str, int]] = field(default_factory=list)  # (value, label, count)
    overdue: int = 0
    budgets: list[tuple[str, Decimal]] = field(default_factory=list)  # per currency


def _status_counts(item_ids: list[int], public: bool) -> dict[int, Counter]:
    """{item id: Counter(recommendation status)}, counted in the database."""
    links = ActionPlanItem.recommendations.through.objects.filter(actionplanitem_id__in=item_ids)
    if public:
        links = links.filter(recommendation__in=public_recommendations())
    counts: dict[int, Counter] = {}
    rows = links.values_list("actionplanitem_id", "recommendation__status").annotate(n=Count("pk"))
    for item_id, status, n in rows:
        counts.setdefault(item_id, Counter())[status] = n
    return counts


def plan_progress(plan: ActionPlan, *, public: bool = False) -> PlanProgress:
    """Per item: status, dates, budget, its recommendations' statuses and its indicators'
    latest total values; totals per status, overdue items and budget per currency. With
    ``public``, only what the portal may show: published items, published recommendations,
    indicators and activities (and the portal's links to them)."""
    items = plan.items.select_related("responsible_institution")
    # The latest total of each indicator (not a disaggregated category), read in the query:
    # loading every value of every indicator was most of the time on a large plan.
    latest = IndicatorValue.objects.filter(indicator=OuterRef("pk"), disaggregation={}).order_by(
        "-date", "-pk"
    )
    indicators = (public_indicators() if public else Indicator.objects.all()).only(
        "pk", "name", "unit", "is_published"
    )
    indicators = indicators.annotate(
        latest_value=Subquery(latest.values("value")[:1]),
        latest_date=Subquery(latest.values("date")[:1]),
    )
    prefetches = [Prefetch("indicators", queryset=indicators)]
    if public:
        items = public_plan_items(items)
        prefetches += [
            Prefetch(
                "recommendations",
                queryset=public_recommendations().only("pk", "paragraph").order_by("pk"),
            ),
            Prefetch(
                "activities",
                queryset=public_activities().only("pk", "title", "status", "start_date"),
            ),
        ]
    items = list(items.prefetch_related(*prefetches))
    counts = _status_counts([item.pk for item in items], public)
    status_labels = dict(Recommendation._meta.get_field("status").flatchoices)
    rows = [
        ItemProgress(
            item=item,
            recommendation_statuses=[
                (str(status_labels.get(status, status)), n)
                for status, n in sorted(counts.get(item.pk, Counter()).items())
            ],
            indicators=[
                (
                    ind,
                    LatestValue(ind.latest_value, ind.latest_date)
                    if ind.latest_date is not None
                    else None,
                )
                for ind in item.indicators.all()
            ],
        )
        for item in items
    ]
    per_status = Counter(item.status for item in items)
    budgets: dict[str, Decimal] = {}
    for item in items:
        if item.budget is not None:
            budgets[item.currency] = budgets.get(item.currency, Decimal(0)) + item.budget
    return PlanProgress(
        plan=plan,
        rows=rows,
        totals=[
            (value, str(label), per_status.get(value, 0))
            for value, label in ActionPlanItem.ItemStatus.choices
        ],
        overdue=sum(1 for item in items if item.is_overdue),
        budgets=sorted(budgets.items()),
    )
