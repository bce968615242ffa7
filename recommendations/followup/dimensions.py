"""Disaggregation dimensions (sex, age group, region …) and their categories: what the
secretariat defines, how a value's breakdown is checked against them, and how a breakdown is
labelled in the reader's language. One write path for the workspace screen."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nrtd.web import require
from recommendations.models import DisaggregationCategory, DisaggregationDimension

MANAGE_DIMENSIONS = "recommendations.manage_dimensions"
CATEGORY_MAX_LENGTH = 100


# --- reads --------------------------------------------------------------------------------


def active_dimensions():
    return DisaggregationDimension.objects.filter(is_active=True).prefetch_related("categories")


def all_dimensions():
    return DisaggregationDimension.objects.prefetch_related("categories")


@dataclass
class DimensionLabels:
    """Every dimension's label and its categories' labels in the active language, read once
    for a page (a handful of rows), so labelling a table of values costs no more queries."""

    order: dict[str, int] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)
    categories: dict[str, dict[str, str]] = field(default_factory=dict)
    category_order: dict[str, dict[str, int]] = field(default_factory=dict)

    @classmethod
    def load(cls) -> DimensionLabels:
        labels = cls()
        for position, dimension in enumerate(all_dimensions()):
            labels.order[dimension.code] = position
            labels.names[dimension.code] = dimension.localized_name or dimension.name
            cats = list(dimension.categories.all())
            labels.categories[dimension.code] = {c.name: c.localized_name or c.name for c in cats}
            labels.category_order[dimension.code] = {c.name: i for i, c in enumerate(cats)}
        return labels

    def dimension(self, code: str) -> str:
        return self.names.get(code, code)

    def category(self, code: str, name: str) -> str:
        return self.categories.get(code, {}).get(name, name)

    def category_key(self, code: str, name: str):
        return (self.category_order.get(code, {}).get(name, len(self.category_order)), name)

    def breakdown(self, given: dict) -> list[tuple[str, str]]:
        """[(dimension's label, category's label)] in the dimensions' order."""
        codes = sorted((c for c in given if given[c]), key=lambda c: (self.order.get(c, 999), c))
        return [(self.dimension(c), self.category(c, given[c])) for c in codes]


def label_values(rows: Iterable, labels: DimensionLabels | None = None) -> list:
    """Give each IndicatorValue its breakdown in the reader's language (``row.breakdown``)."""
    rows = list(rows)
    labels = labels or DimensionLabels.load()
    for row in rows:
        row.labelled_breakdown = labels.breakdown(row.disaggregation or {})
    return rows


# --- checking a breakdown -----------------------------------------------------------------


def _categories_by_key(dimension) -> dict[str, str]:
    return {c.name.casefold(): c.name for c in dimension.categories.all()}


def clean_disaggregation(given, *, dimensions=None) -> dict[str, str]:
    """{dimension code: category} checked against the active dimensions: each category one
    of its dimension's (compared without regard to case, stored as the secretariat spells
    it); empty categories dropped (no breakdown at all is the total). An error names the
    dimension and the category refused."""
    if given in (None, ""):
        return {}
    if not isinstance(given, dict):
        raise ValidationError({"disaggregation": _("Give the breakdown as ground: category.")})
    active = {d.code: d for d in (dimensions if dimensions is not None else active_dimensions())}
    unknown = sorted(str(k) for k in given if k not in active)
    if unknown:
        raise ValidationError(
            {
                "disaggregation": _("Unknown ground: %(grounds)s. Known: %(known)s.")
                % {"grounds": ", ".join(unknown), "known": ", ".join(active)}
            }
        )
    cleaned = {}
    for code, dimension in active.items():
        category = given.get(code)
        if category is None:
            continue
        if not isinstance(category, str):
            raise ValidationError({"disaggregation": _("A category is a short text.")})
        category = " ".join(category.split())
        if not category:
            continue
        known = _categories_by_key(dimension)
        if category.casefold() not in known:
            raise ValidationError(
                {
                    "disaggregation": _(
                        "“%(category)s” is not a category of %(ground)s. Its categories: %(known)s."
                    )
                    % {
                        "category": category,
                        "ground": dimension.localized_name or dimension.name,
                        "known": ", ".join(known.values()) or "—",
                    }
                }
            )
        cleaned[code] = known[category.casefold()]
    return cleaned


# --- the secretariat's writes ---------------------------------------------------------------


def _clean_names(names: dict[str, str]) -> dict[str, str]:
    return {code: " ".join(v.split()) for code, v in (names or {}).items() if v and v.strip()}


@transaction.atomic
def dimension_save(
    *,
    actor,
    dimension: DisaggregationDimension | None = None,
    code: str,
    name: str,
    name_translations: dict[str, str] | None = None,
    is_active: bool = True,
    position: int = 0,
    categories: list[dict],
) -> DisaggregationDimension:
    """Create or change a dimension with its categories in order. ``categories`` is the
    list as the screen shows it: [{"pk" (None for a new one), "name", "name_translations",
    "delete"}]. A category's name and the dimension's code are stored in values: once set
    they are not changed here (a new category is added instead); a removed category stays
    readable in the values already recorded."""
    require(actor, MANAGE_DIMENSIONS)
    if dimension is None:
        dimension = DisaggregationDimension(code=code)
    else:
        dimension = DisaggregationDimension.objects.select_for_update().get(pk=dimension.pk)
    dimension.name = " ".join((name or "").split())
    dimension.name_translations = _clean_names(name_translations)
    dimension.is_active = is_active
    dimension.position = position
    try:
        dimension.full_clean()
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from exc
    dimension.save()
    existing = {c.pk: c for c in dimension.categories.all()}
    seen: set[str] = set()
    position_of = 0
    for row in categories:
        category = existing.get(row.get("pk")) if row.get("pk") else None
        if row.get("delete"):
            if category is not None:
                category.delete()
            continue
        label = category.name if category else " ".join((row.get("name") or "").split())
        if not label:
            continue
        if label.casefold() in seen:
            raise ValidationError(
                {"categories": _("The category “%(name)s” is listed twice.") % {"name": label}}
            )
        seen.add(label.casefold())
        if len(label) > CATEGORY_MAX_LENGTH:
            raise ValidationError(
                {
                    "categories": _("Keep a category under %(n)s characters.")
                    % {"n": CATEGORY_MAX_LENGTH}
                }
            )
        category = category or DisaggregationCategory(dimension=dimension, name=label)
        category.name_translations = _clean_names(row.get("name_translations"))
        category.position = position_of
        position_of += 10
        category.save()
    return dimension
