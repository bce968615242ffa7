"""Status charts as PNG images (matplotlib's Agg backend: no display needed on a worker)."""

from __future__ import annotations

import io
from collections import Counter

# A bare Figure draws with Agg and never touches pyplot's global state (thread-safe, no display).
from matplotlib.figure import Figure

from reporting.selectors import STATUS_ORDER, status_label

# A colour-blind-safe sequence from "not started" to "fully implemented", then greys.
COLOURS = ["#d55e00", "#e69f00", "#56b4e9", "#009e73", "#999999", "#dddddd"]
MAX_BARS = 30


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def status_chart(title: str, series: list[tuple[str, Counter]]) -> bytes | None:
    """A stacked horizontal bar per label (cluster, goal), one colour per status."""
    series = [(label, counts) for label, counts in series if sum(counts.values())][:MAX_BARS]
    if not series:
        return None
    height = 1.2 + 0.35 * len(series)
    fig = Figure(figsize=(8, max(height, 2.5)), dpi=110)
    ax = fig.add_subplot()
    labels = [_short(label) for label, _counts in series]
    positions = range(len(series))
    left = [0] * len(series)
    for status, colour in zip(STATUS_ORDER, COLOURS, strict=True):
        widths = [counts.get(status, 0) for _label, counts in series]
        if not any(widths):
            continue
        ax.barh(positions, widths, left=left, color=colour, label=status_label(status))
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(list(positions), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_title(title, fontsize=11)
    ax.set_xlabel("n")
    ax.legend(fontsize=7, loc="upper center", bbox_to_anchor=(0.5, -0.12), ncols=3, frameon=False)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()
