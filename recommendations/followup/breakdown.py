"""A date's disaggregated values laid out as a table (rows: the first dimension's
categories; columns: the second's) and as a grouped bar chart of the same figures."""

from __future__ import annotations

from collections import Counter

from django.utils.translation import get_language_bidi

from recommendations.followup.charts import grouped_bars, plain_number
from recommendations.followup.dimensions import DimensionLabels


def _layout(rows, labels: DimensionLabels) -> tuple[str, ...] | None:
    """The dimensions to lay the rows out by: the pair most values share, else the single
    dimension most values share."""
    keys = Counter(
        tuple(sorted(r.disaggregation, key=lambda c: (labels.order.get(c, 999), c)))
        for r in rows
        if r.disaggregation
    )
    for size in (2, 1):
        common = [(n, k) for k, n in keys.items() if len(k) == size]
        if common:
            return max(common)[1]
    return None


def _categories(rows, code: str, labels: DimensionLabels) -> list[str]:
    found = {r.disaggregation[code] for r in rows if code in r.disaggregation}
    return sorted(found, key=lambda name: labels.category_key(code, name))


def breakdown_table(rows, labels: DimensionLabels) -> dict | None:
    """{"row_dimension", "column_dimension" (or None), "columns", "rows": [{"label",
    "cells", "total"}], "column_totals", "chart", "other" (values of other combinations,
    listed as they are)}; None without a disaggregated value."""
    layout = _layout(rows, labels)
    if layout is None:
        return None
    first, second = layout[0], (layout[1] if len(layout) == 2 else None)
    by_key = {}
    used = set()
    for r in rows:
        key = (r.disaggregation.get(first), r.disaggregation.get(second) if second else None)
        if set(r.disaggregation) in ({first, second} - {None}, {first}, {second}):
            by_key[key] = r.value
            used.add(r.pk)
    row_names = _categories(rows, first, labels)
    column_names = _categories(rows, second, labels) if second else []
    table_rows = []
    for name in row_names:
        cells = [by_key.get((name, c)) for c in column_names] if second else []
        total = by_key.get((name, None))
        table_rows.append({"label": labels.category(first, name), "cells": cells, "total": total})
    column_totals = [by_key.get((None, c)) for c in column_names]
    series = [labels.category(second, c) for c in column_names] if second else [""]
    values = [(row["cells"] if second else [row["total"]]) for row in table_rows]
    # The table shows the numbers as typed (80, 61.5), not as stored (61.5000).
    for row in table_rows:
        row["cells"] = [plain_number(v) for v in row["cells"]]
        row["total"] = plain_number(row["total"])
    column_totals = [plain_number(v) for v in column_totals]
    return {
        "row_dimension": labels.dimension(first),
        "column_dimension": labels.dimension(second) if second else None,
        "columns": series if second else [],
        "rows": table_rows,
        "column_totals": column_totals if any(column_totals) else [],
        "has_row_totals": bool(second) and any(r["total"] for r in table_rows),
        "chart": grouped_bars(
            [r["label"] for r in table_rows], series, values, rtl=get_language_bidi()
        ),
        "other": [r for r in rows if r.pk not in used],
    }
