"""The published indicators as the portal shows them (recommendation, cluster and SDG
pages): each with its latest values laid out as a table and a chart, and a small line of its
totals. Only published indicators, their values and the published recommendations they
measure are read."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils.translation import get_language_bidi

from recommendations.followup.charts import trend_line
from recommendations.followup.dimensions import DimensionLabels
from recommendations.followup.selectors import latest_values
from recommendations.models import Indicator, Recommendation
from recommendations.publishing.selectors import public_indicators, public_recommendations

MAX_CARDS = 30


def indicator_cards(indicators, *, prefix: str = "indicator") -> list[Indicator]:
    """Give each indicator (values prefetched) ``latest``, ``trend``, ``trend_count`` and a
    ``chart_id`` unique on the page."""
    indicators = list(indicators)
    labels = DimensionLabels.load() if indicators else None
    rtl = get_language_bidi()
    for indicator in indicators:
        values = list(indicator.values.all())
        indicator.latest = latest_values(values, labels)
        totals = sorted((v.date, v.value) for v in values if not v.disaggregation)
        indicator.trend = trend_line(totals, target=indicator.target, rtl=rtl)
        indicator.trend_count = len(totals)
        indicator.chart_id = f"{prefix}-{indicator.pk}"
    return indicators


def public_indicators_measuring(recommendations: QuerySet[Recommendation]) -> QuerySet[Indicator]:
    """The published indicators linked to any of ``recommendations`` (themselves already
    limited to the published ones), with their values and the published recommendations
    each measures."""
    return (
        public_indicators()
        .filter(pk__in=Indicator.objects.filter(recommendations__in=recommendations).values("pk"))
        .select_related("sdg_indicator")
        .prefetch_related(
            "values",
            Prefetch(
                "recommendations",
                queryset=public_recommendations().order_by("paragraph", "pk"),
                to_attr="public_recommendations",
            ),
        )
        .order_by("name", "pk")
    )


def indicator_section(recommendations: QuerySet[Recommendation], *, prefix: str) -> dict:
    qs = public_indicators_measuring(recommendations)
    return {
        "indicators": indicator_cards(qs[:MAX_CARDS], prefix=prefix),
        "indicator_count": qs.count(),
    }
