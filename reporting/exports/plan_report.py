"""The annual report on a national action plan (issue 20): the plan's items by status, then
one section per item with who is responsible, its dates and budget, the recommendations it
answers, the activities of the year and its indicators' latest values."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from recommendations.models import ActionPlanItem
from reporting.exports.content import Block, activity_line, indicator_summary
from reporting.exports.localize import long_date, medium_date
from reporting.exports.localize import number as format_number
from reporting.exports.parliament import annual_cover, period_label
from reporting.selectors.plan_report import PlanItemRow, PlanReportData


def status_table(data: PlanReportData) -> Block:
    """Items per status, in the scale's order, with the total: the database's counts."""
    rows = [
        [str(label), data.counts.get(value, 0)]
        for value, label in ActionPlanItem.ItemStatus.choices
    ]
    rows.append([_("Total"), data.total])
    return Block("table", header=[_("Status"), _("Items")], rows=rows)


def _introduction(data: PlanReportData, state: str, period: str) -> list[Block]:
    plan = data.plan
    if plan.period_start or plan.period_end:
        plan_period = _("The plan runs from %(start)s to %(end)s.") % {
            "start": long_date(plan.period_start) or "…",
            "end": long_date(plan.period_end) or "…",
        }
    else:
        plan_period = ""
    text = _(
        "This report sets out the progress made by %(state)s in implementing its national "
        "action plan “%(plan)s” in the period %(period)s."
    ) % {"state": state or _("the State"), "plan": plan.title, "period": period}
    activities = sum(len(item.activities) for item in data.items)
    figures = ngettext(
        "The plan has %(n)s item; %(done)s completed, %(delayed)s delayed.",
        "The plan has %(n)s items; %(done)s completed, %(delayed)s delayed.",
        data.total,
    ) % {
        "n": format_number(data.total),
        "done": format_number(data.counts.get(ActionPlanItem.ItemStatus.COMPLETED, 0)),
        "delayed": format_number(data.counts.get(ActionPlanItem.ItemStatus.DELAYED, 0)),
    }
    figures += " " + ngettext(
        "%(n)s activity was recorded for the period.",
        "%(n)s activities were recorded for the period.",
        activities,
    ) % {"n": format_number(activities)}
    blocks = [Block("h1", _("Introduction")), Block("p", f"{text} {plan_period}".strip())]
    if plan.description.strip():
        blocks.append(Block("p", plan.description.strip()))
    return blocks + [Block("p", figures)]


def _item(item: PlanItemRow) -> list[Block]:
    dates = f"{medium_date(item.start) or '…'} – {medium_date(item.end) or '…'}"
    budget = (
        f"{format_number(item.budget)} {item.currency}".strip()
        if item.budget is not None
        else _("None recorded")
    )
    blocks = [
        Block("h2", item.heading),
        Block("field", item.status_display, label=_("Status")),
        Block("field", item.institution or _("Not assigned"), label=_("Responsible institution")),
        Block("field", dates, label=_("Dates")),
        Block("field", budget, label=_("Budget")),
    ]
    if item.description.strip():
        blocks.append(Block("p", item.description.strip()))
    blocks.append(Block("h3", _("Recommendations")))
    blocks += [Block("bullet", text) for text in item.recommendations] or [
        Block("p", _("No recommendation is linked to this item."))
    ]
    blocks.append(Block("h3", _("Activities in the period")))
    blocks += [Block("bullet", activity_line(a, skip_empty=True)) for a in item.activities] or [
        Block("p", _("No activity was recorded for this period."))
    ]
    if item.indicators:
        blocks.append(Block("h3", _("Indicators")))
        blocks += [Block("bullet", indicator_summary(i, i.latest)) for i in item.indicators]
    return blocks


def plan_annual_blocks(data: PlanReportData, *, state: str, progress=None) -> list[Block]:
    period = period_label(data.start, data.end)
    blocks = annual_cover(
        _("Annual report on the national action plan"), data.plan.title, period, state
    )
    blocks += _introduction(data, state, period)
    blocks += [Block("h1", _("Items by status")), status_table(data)]
    blocks += [Block("pagebreak"), Block("h1", _("Progress item by item"))]
    for n, item in enumerate(data.items, start=1):
        blocks += _item(item)
        if progress:
            progress(n / len(data.items))
    return blocks
