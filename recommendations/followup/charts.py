"""Charts of indicator values drawn on the server as SVG: a grouped bar chart of a
breakdown and a small line of the totals over time. No script is needed, the figures are
also in a table beside each chart (the table is what screen readers read), and the geometry
follows the page's direction (right to left in Arabic)."""

from __future__ import annotations

from decimal import Decimal

# Okabe and Ito's palette: told apart by people with the common colour-vision deficiencies.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000"]

WIDTH = 600
HEIGHT = 220
PLOT_TOP = 10
PLOT_BOTTOM = 180  # the categories' names go below
AXIS = 44  # room for the scale's numbers


def plain_number(value) -> str:
    """80, 61.5, 0.125: a stored value (61.5000) as a person writes it; "" for none."""
    return format(Decimal(value).normalize(), "f") if value is not None else ""


def _scale_max(values) -> Decimal:
    top = max([Decimal(v) for v in values if v is not None] + [Decimal(0)])
    return top if top > 0 else Decimal(1)


def grouped_bars(groups: list[str], series: list[str], values, *, rtl: bool = False) -> dict:
    """Bars for each group (the first dimension's categories), one per series (the second
    dimension's, or a single unnamed series). ``values[g][s]`` is a number or None."""
    top = _scale_max(v for row in values for v in row)
    plot_width = WIDTH - AXIS - 8
    slot = plot_width / max(len(groups), 1)
    bar = max(min(slot * 0.8 / max(len(series), 1), 48), 2)
    height = PLOT_BOTTOM - PLOT_TOP
    bars, labels = [], []
    for g, group in enumerate(groups):
        start = AXIS + g * slot if not rtl else WIDTH - AXIS - (g + 1) * slot
        inner = start + (slot - bar * len(series)) / 2
        for s, name in enumerate(series):
            value = values[g][s]
            if value is None:
                continue
            h = float(Decimal(value) / top) * height
            position = s if not rtl else len(series) - 1 - s
            bars.append(
                {
                    "x": round(inner + position * bar, 1),
                    "y": round(PLOT_BOTTOM - h, 1),
                    "width": round(bar * 0.9, 1),
                    "height": round(h, 1),
                    "colour": PALETTE[s % len(PALETTE)],
                    "text": f"{group}{', ' + name if name else ''}: {plain_number(value)}",
                }
            )
        labels.append({"x": round(start + slot / 2, 1), "text": group})
    ticks = [
        {"y": round(PLOT_BOTTOM - height * i / 4, 1), "text": plain_number(round(top * i / 4, 2))}
        for i in range(5)
    ]
    return {
        "width": WIDTH,
        "height": HEIGHT,
        "bars": bars,
        "labels": labels,
        "ticks": ticks,
        "axis_x": WIDTH - AXIS + 4 if rtl else AXIS - 4,
        "tick_anchor": "start" if rtl else "end",
        "plot_start": AXIS if not rtl else 8,
        "plot_end": WIDTH - 8 if not rtl else WIDTH - AXIS,
        "label_y": PLOT_BOTTOM + 16,
        "legend": [
            {"text": name, "colour": PALETTE[s % len(PALETTE)]}
            for s, name in enumerate(series)
            if name
        ],
        "min_width": max(len(groups) * len(series) * 14 + AXIS, 280),
    }


def trend_line(points, *, target=None, rtl: bool = False) -> dict | None:
    """A small line of dated totals [(date, value)], oldest first, with the target as a
    dashed line; None with fewer than two values (a dot says nothing of a trend)."""
    points = [(d, Decimal(v)) for d, v in points if v is not None]
    if len(points) < 2:
        return None
    width, height, pad = 160, 40, 3
    values = [v for _d, v in points] + ([Decimal(target)] if target is not None else [])
    low, high = min(values), max(values)
    span = (high - low) or Decimal(1)
    first, last = points[0][0].toordinal(), points[-1][0].toordinal()
    days = (last - first) or 1

    def x(day) -> float:
        share = (day.toordinal() - first) / days
        return round(pad + (1 - share if rtl else share) * (width - 2 * pad), 1)

    def y(value) -> float:
        return round(height - pad - float((value - low) / span) * (height - 2 * pad), 1)

    return {
        "width": width,
        "height": height,
        "points": " ".join(f"{x(d)},{y(v)}" for d, v in points),
        "last": {"x": x(points[-1][0]), "y": y(points[-1][1])},
        "target_y": y(Decimal(target)) if target is not None else None,
    }
