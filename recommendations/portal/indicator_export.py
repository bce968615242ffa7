"""Open data of the published indicators: one row per value (a total, or one cell of a
breakdown), with one column per disaggregation dimension holding the value's category."""

from __future__ import annotations

from collections.abc import Iterator

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from recommendations.models import DisaggregationDimension, Indicator, IndicatorValue
from recommendations.publishing.selectors import public_indicators, public_recommendations

EXPORT_CHUNK = 2000

INDICATOR_BASE_FIELDS = [
    ("indicator_id", gettext_lazy("Stable identifier of the indicator in this database.")),
    ("indicator", gettext_lazy("The indicator's name.")),
    ("unit", gettext_lazy("Unit of the values, e.g. %, number of cases.")),
    ("baseline", gettext_lazy("Value at the start (baseline).")),
    ("baseline_date", gettext_lazy("Date of the baseline (ISO 8601).")),
    ("target", gettext_lazy("Value aimed at.")),
    ("target_date", gettext_lazy("Date by which the target is aimed at (ISO 8601).")),
    ("data_source", gettext_lazy("Where the values come from.")),
    ("sdg_indicator", gettext_lazy("The SDG indicator it corresponds to, e.g. 16.3.1.")),
    ("institution", gettext_lazy("The institution that reports the values.")),
    ("recommendations", gettext_lazy("Identifiers of the published recommendations it measures.")),
    ("date", gettext_lazy("Date of the value (ISO 8601).")),
    ("value", gettext_lazy("The value.")),
]


def _dimensions() -> list[DisaggregationDimension]:
    # Every dimension, the inactive ones too: older values keep their columns.
    return list(DisaggregationDimension.objects.order_by("position", "code"))


def indicator_dictionary() -> list[tuple[str, str]]:
    """(column, meaning) of the indicator values' export, in the export's order."""
    return [
        *INDICATOR_BASE_FIELDS,
        *(
            (
                d.code,
                _(
                    "Disaggregation: the value's category by %(ground)s (its name in "
                    "English); empty on every ground for the total."
                )
                % {"ground": (d.localized_name or d.name).lower()},
            )
            for d in _dimensions()
        ),
    ]


def indicator_export_fields() -> list[str]:
    return [name for name, _meaning in INDICATOR_BASE_FIELDS] + [d.code for d in _dimensions()]


def _number(value) -> str:
    return "" if value is None else format(value.normalize(), "f")


def indicator_export_rows(fields: list[str] | None = None) -> Iterator[dict]:
    """One row per value of each published indicator (a total, or one cell of a breakdown
    with its category under each dimension), with the published recommendations it
    measures."""
    codes = (fields or indicator_export_fields())[len(INDICATOR_BASE_FIELDS) :]
    values = (
        IndicatorValue.objects.filter(indicator__in=public_indicators())
        .select_related("indicator__sdg_indicator", "indicator__institution")
        .order_by("indicator__name", "indicator_id", "date", "pk")
    )
    measured: dict[int, list[int]] = {}
    through = Indicator.recommendations.through
    for indicator_id, rec_id in (
        through.objects.filter(
            indicator__in=public_indicators(), recommendation__in=public_recommendations()
        )
        .order_by("recommendation_id")
        .values_list("indicator_id", "recommendation_id")
    ):
        measured.setdefault(indicator_id, []).append(rec_id)
    for row in values.iterator(chunk_size=EXPORT_CHUNK):
        indicator = row.indicator
        given = row.disaggregation or {}
        yield {
            "indicator_id": indicator.pk,
            "indicator": indicator.name,
            "unit": indicator.unit,
            "baseline": _number(indicator.baseline),
            "baseline_date": indicator.baseline_date.isoformat() if indicator.baseline_date else "",
            "target": _number(indicator.target),
            "target_date": indicator.target_date.isoformat() if indicator.target_date else "",
            "data_source": indicator.data_source,
            "sdg_indicator": indicator.sdg_indicator.code if indicator.sdg_indicator else "",
            "institution": indicator.institution.name if indicator.institution else "",
            "recommendations": [str(pk) for pk in measured.get(indicator.pk, [])],
            "date": row.date.isoformat(),
            "value": _number(row.value),
            **{code: given.get(code, "") for code in codes},
        }
