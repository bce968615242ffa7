"""The plain rows (strings and dates) a report is written from. The Word, PDF and Excel
writers all work from the same rows, so a number means the same thing in every format."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from recommendations.models import Status

NO_STATUS = ""
# Column order of every status table: the scale, then "no status yet".
STATUS_ORDER = [*Status.values, NO_STATUS]


def status_label(value: str) -> str:
    return str(Status(value).label) if value else _("Not yet assessed")


@dataclass
class ActivityRow:
    title: str
    start: object
    end: object
    institution: str
    status: str
    pk: int = 0
    budget: object = None
    currency: str = ""
    evidence: list[str] = field(default_factory=list)


@dataclass
class IndicatorRow:
    name: str
    unit: str
    baseline: object
    target: object
    values: list[tuple[object, object]]


@dataclass
class RecommendationRow:
    pk: int
    paragraph: str
    text: str
    source: str
    states: list[str]
    response: str
    response_value: str
    lead: str
    supporting: list[str]
    status: str
    status_display: str
    narrative: str
    narrative_date: object
    activities: list[ActivityRow]
    indicators: list[IndicatorRow]
    themes: list[str]
    sdg_targets: list[str]
    sdg_goals: list[int]
    clusters: list[str]
    repeated_from: list[str]
    last_update: object
    evidence: list[str] = field(default_factory=list)
    # Classification the matrix and the report to parliament show; the justification says
    # why the State answered as it did (above all, why it noted the recommendation).
    priority: str = ""
    action_category: str = ""
    justification: str = ""
    needs_parliament: bool = False
    budget_implications: bool = False

    @property
    def timeframe(self) -> str:
        starts = [a.start for a in self.activities if a.start]
        ends = [a.end for a in self.activities if a.end]
        if not starts:
            return ""
        end = max(ends).isoformat() if ends else "…"
        return f"{min(starts).isoformat()} – {end}"


@dataclass
class ClusterGroup:
    name: str
    rows: list[RecommendationRow] = field(default_factory=list)

    @property
    def counts(self) -> Counter:
        return Counter(row.status for row in self.rows)


@dataclass
class ReportData:
    """``grouping`` says what the groups are: "clusters", "themes" or "goals" (no cluster
    set chosen), or "none"."""

    groups: list[ClusterGroup]
    overall: Counter
    responses: Counter
    by_institution: list[tuple[str, Counter]]
    by_goal: list[tuple[str, Counter]]
    scope_label: str
    grouping: str = "clusters"

    @property
    def total(self) -> int:
        return sum(self.overall.values())

    def rows(self) -> Iterator[RecommendationRow]:
        for group in self.groups:
            yield from group.rows


def paragraph_key(paragraph: str) -> tuple:
    """Natural order of paragraph numbers: 115.2 before 115.10."""
    return tuple(int(part) if part.isdigit() else 0 for part in re.split(r"[^0-9]+", paragraph))
