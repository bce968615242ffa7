"""Disaggregated values entered as a grid: one date, one or two dimensions, a cell per
category (or combination of categories), and optional totals. One service call writes the
whole grid in one transaction, for the workspace screen and the API alike."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nrtd.history import save_as
from nrtd.web import require
from recommendations.followup.dimensions import active_dimensions
from recommendations.models import DisaggregationDimension, Indicator, IndicatorValue

CHANGED = "changed"  # the code of an error on a cell someone else changed meanwhile
UNSEEN = object()  # a cell written without saying what was there before: no check


@dataclass
class GridCell:
    """One cell: ``row`` and ``column`` are category names ("" for the total of that axis);
    ``value`` None empties the cell (removes the value stored there). ``expected`` is the
    value the person saw (None: empty), or UNSEEN."""

    row: str
    column: str = ""
    value: Decimal | None = None
    expected: object = UNSEEN

    @property
    def key(self) -> str:
        return f"{self.row}|{self.column}"


def grid_dimensions(rows: str, columns: str | None = None):
    """The active dimensions named ``rows`` and ``columns`` (codes); a ValidationError names
    a code that is not one."""
    active = {d.code: d for d in active_dimensions()}
    if rows not in active:
        raise ValidationError({"rows": _("Choose a dimension in use.")})
    if columns and columns not in active:
        raise ValidationError({"columns": _("Choose a dimension in use.")})
    if columns == rows:
        raise ValidationError({"columns": _("Choose a second dimension other than the first.")})
    return active[rows], (active[columns] if columns else None)


def cell_disaggregation(first, second, row: str, column: str) -> dict[str, str]:
    given = {first.code: row} if row else {}
    if second is not None and column:
        given[second.code] = column
    return given


def _category(dimension: DisaggregationDimension | None, name: str) -> str:
    """The category as the secretariat spells it ("" stays the total)."""
    if not name:
        return ""
    if dimension is None:
        raise ValueError(name)
    known = {c.name.casefold(): c.name for c in dimension.categories.all()}
    if name.casefold() not in known:
        raise ValueError(name)
    return known[name.casefold()]


def stored_grid(indicator: Indicator, date, first, second) -> dict[tuple[str, str], Decimal]:
    """{(row, column): value} of the values stored on ``date`` that fit the grid."""
    codes = {first.code} | ({second.code} if second else set())
    found = {}
    for row in indicator.values.filter(date=date):
        given = row.disaggregation or {}
        if not set(given) <= codes:
            continue
        found[(given.get(first.code, ""), given.get(second.code, "") if second else "")] = row.value
    return found


def _check_cells(cells, first, second) -> tuple[list, dict]:
    checked, errors = [], {}
    for cell in cells:
        try:
            row, column = _category(first, cell.row), _category(second, cell.column)
        except ValueError as exc:
            errors[cell.key] = _("“%(category)s” is not a category of this grid.") % {
                "category": exc.args[0]
            }
            continue
        checked.append((cell, row, column))
    return checked, errors


@transaction.atomic
def indicator_values_grid_write(
    *,
    actor,
    indicator: Indicator,
    date: datetime.date,
    rows: str,
    columns: str | None = None,
    cells: list[GridCell],
    note: str = "",
) -> dict[str, int]:
    """Write a grid of values of ``date``: a filled cell adds or changes its value, an
    emptied cell removes it. All or nothing: an error (keyed "row|column", the cell's
    categories) or a cell someone changed since the person read it refuses the whole grid.
    Returns the counts {"added", "changed", "removed"}."""
    require(actor, "recommendations.change_indicator", indicator)
    if not isinstance(date, datetime.date):
        raise ValidationError({"date": _("Give the date of the values.")})
    first, second = grid_dimensions(rows, columns)
    checked, errors = _check_cells(cells, first, second)
    # Lock the date's rows: two people saving the same grid at once are told, not merged.
    stored = {
        tuple(sorted((row.disaggregation or {}).items())): row
        for row in IndicatorValue.objects.select_for_update().filter(indicator=indicator, date=date)
    }
    counts = {"added": 0, "changed": 0, "removed": 0}
    writes = []
    for cell, row_name, column_name in checked:
        given = cell_disaggregation(first, second, row_name, column_name)
        current = stored.get(tuple(sorted(given.items())))
        now = current.value if current else None
        if cell.expected is not UNSEEN and _differs(now, cell.expected):
            errors[cell.key] = ValidationError(
                _("Someone changed this value since you opened the grid: it is now %(value)s.")
                % {"value": _plain(now) if now is not None else _("empty")},
                code=CHANGED,
            )
            continue
        writes.append((cell, given, current))
    if errors:
        raise ValidationError(errors)
    for cell, given, current in writes:
        if cell.value is None:
            if current is not None:
                current._history_user = actor
                current.delete()
                counts["removed"] += 1
            continue
        if current is not None and not _differs(current.value, cell.value):
            continue
        row = current or IndicatorValue(
            indicator=indicator, date=date, disaggregation=given, created_by=actor
        )
        row.value = cell.value
        row.note = note or row.note
        try:
            row.full_clean()
        except ValidationError as exc:
            errors[cell.key] = " ".join(exc.messages)
            continue
        save_as(row, actor)
        counts["changed" if current else "added"] += 1
    if errors:
        raise ValidationError(errors)
    return counts


def is_conflict(exc: ValidationError) -> bool:
    """Whether the grid was refused because someone changed a cell meanwhile."""
    return any(
        error.code == CHANGED
        for errors in getattr(exc, "error_dict", {}).values()
        for error in errors
    )


def _differs(a, b) -> bool:
    if a is None or b is None:
        return (a is None) != (b is None)
    return Decimal(a) != Decimal(b)


def _plain(value) -> str:
    return format(Decimal(value).normalize(), "f")
