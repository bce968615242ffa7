"""Status charts as PNG images (matplotlib's Agg backend: no display needed on a worker)."""

from __future__ import annotations

import functools
import io
import os
from collections import Counter

from django.utils.translation import gettext as _
from matplotlib import font_manager

# A bare Figure draws with Agg and never touches pyplot's global state (thread-safe, no display).
from matplotlib.figure import Figure

from reporting.selectors.rows import STATUS_ORDER, status_label

# A colour-blind-safe sequence from "not started" to "fully implemented", then greys.
COLOURS = ["#d55e00", "#e69f00", "#56b4e9", "#009e73", "#999999", "#dddddd"]
MAX_BARS = 30
# Matplotlib falls back font by font for each character: DejaVu Sans covers Latin, Cyrillic and
# Arabic (which matplotlib shapes and lays out right to left through libraqm); Noto Sans CJK,
# where installed (the Docker image installs it), covers Chinese.
BASE_FAMILY = "DejaVu Sans"
CJK_FAMILY = "Noto Sans CJK SC"


@functools.cache
def font_families() -> tuple[str, ...]:
    """The families charts draw with: the CJK one only when installed (naming a missing
    family would log a warning on every chart)."""
    manager = font_manager.fontManager
    if not any(entry.name == CJK_FAMILY for entry in manager.ttflist):
        # Matplotlib's font cache, built once, does not know fonts installed after it.
        for path in font_manager.findSystemFonts():
            if os.path.basename(path).startswith("NotoSansCJK-"):
                manager.addfont(path)
    if any(entry.name == CJK_FAMILY for entry in manager.ttflist):
        return (BASE_FAMILY, CJK_FAMILY)
    return (BASE_FAMILY,)


def _short(label: str, limit: int = 40) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def status_chart(
    title: str, series: list[tuple[str, Counter]], *, rtl: bool = False, titled: bool = True
) -> bytes | None:
    """``status_figure`` as a PNG image."""
    fig = status_figure(title, series, rtl=rtl, titled=titled)
    if fig is None:
        return None
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def status_figure(
    title: str, series: list[tuple[str, Counter]], *, rtl: bool = False, titled: bool = True
) -> Figure | None:
    """A stacked horizontal bar per label (cluster, goal), one colour per status; in a
    right-to-left report, bars grow from the right with their labels on the right. Reports
    draw it untitled (``titled=False``): their caption says it once."""
    series = [(label, counts) for label, counts in series if sum(counts.values())][:MAX_BARS]
    if not series:
        return None
    height = 1.2 + 0.35 * len(series)
    fig = Figure(figsize=(8, max(height, 2.5)), dpi=110)
    ax = fig.add_subplot()
    families = list(font_families())
    labels = [_short(label) for label, _counts in series]
    positions = range(len(series))
    left = [0] * len(series)
    for status, colour in zip(STATUS_ORDER, COLOURS, strict=True):
        widths = [counts.get(status, 0) for _label, counts in series]
        if not any(widths):
            continue
        ax.barh(positions, widths, left=left, color=colour, label=status_label(status))
        left = [a + b for a, b in zip(left, widths, strict=True)]
    ax.set_yticks(list(positions), labels, fontsize=8, fontfamily=families)
    ax.invert_yaxis()
    if rtl:
        ax.invert_xaxis()
        ax.yaxis.tick_right()
    if titled:
        ax.set_title(title, fontsize=11, fontfamily=families)
    ax.set_xlabel(_("Number of recommendations"), fontsize=8, fontfamily=families)
    # Counts are whole numbers: no 2.5 recommendations on the axis.
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.legend(
        prop={"family": families, "size": 7},
        loc="upper center",
        # Below the axis label, not over it.
        bbox_to_anchor=(0.5, -0.2 - 0.5 / len(series)),
        ncols=3,
        frameon=False,
    )
    return fig
