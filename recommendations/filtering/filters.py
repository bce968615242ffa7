"""The one FilterSet of the registry, shared by the registry list, the API and the portal.

Query names are the public contract (``?theme=A41&theme=D21&response=noted``): several
values of one facet are alternatives (OR); different facets narrow each other (AND).

Voluntary pledges are a kind of their own: without ``kind`` in the query, a list holds the
recommendations only (``?kind=voluntary_pledge`` for the pledges, both kinds for both).
"""

from __future__ import annotations

from collections.abc import Mapping

import django_filters
from django.db.models import Q, QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from mechanisms.models import Institution
from recommendations.filtering.search import search_recommendations
from recommendations.models import (
    ActionCategory,
    AffectedGroup,
    Assignment,
    Body,
    Cluster,
    Mechanism,
    Priority,
    Recommendation,
    Response,
    Review,
    SdgGoal,
    SdgTarget,
    State,
    Status,
    Theme,
)

CYCLES = [(str(n), str(n)) for n in range(1, 10)]


SESSIONS = [(str(n), str(n)) for n in range(1, 100)]


YEARS = [(str(n), str(n)) for n in range(1990, 2100)]


# The yes/no flags of the classification ("needs parliament", "has budget implications"):
# the values of their filters and facets, the same in the query string and in the counts.
FLAG_CHOICES = [("true", _("Yes")), ("false", _("No"))]
FLAGS = ("needs_parliament", "budget_implications")
# The query string names an action category by its number, as text.
ACTION_CATEGORY_CHOICES = [(str(value), label) for value, label in ActionCategory.choices]


def _through_values(field: str, values) -> QuerySet:
    """Ids of recommendations linked through the M2M ``field`` to any of ``values``."""
    m2m = Recommendation._meta.get_field(field)
    through = m2m.remote_field.through
    return through.objects.filter(**{f"{m2m.m2m_reverse_field_name()}__in": values}).values(
        m2m.m2m_field_name()
    )


def theme_ids(chosen) -> list[int]:
    """The ids of the themes ``chosen`` and of their sub-themes: a level-1 theme stands for
    its sub-themes too (the tree is at most three deep). The ids are looked up first (a few
    rows of a small table), so the planner sees the theme ids themselves rather than a
    three-way self-join of the theme tree."""
    chosen = [theme.pk for theme in chosen]
    return list(
        Theme.objects.filter(
            Q(pk__in=chosen) | Q(parent__in=chosen) | Q(parent__parent__in=chosen)
        ).values_list("pk", flat=True)
    )


KINDS = Recommendation.Kind


class RecommendationFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(method="filter_search", label=_("Text"))
    kind = django_filters.MultipleChoiceFilter(
        choices=KINDS.choices, label=_("Kind"), distinct=False
    )
    body = django_filters.ModelMultipleChoiceFilter(
        queryset=Body.objects.all(), to_field_name="code", method="filter_in", label=_("Body")
    )
    mechanism = django_filters.MultipleChoiceFilter(
        choices=Mechanism.choices, label=_("Mechanism"), distinct=False
    )
    cycle = django_filters.MultipleChoiceFilter(
        field_name="review__cycle", choices=CYCLES, label=_("UPR cycle"), distinct=False
    )
    session = django_filters.MultipleChoiceFilter(
        field_name="review__session", choices=SESSIONS, label=_("UPR session"), distinct=False
    )
    state_under_review = django_filters.ModelMultipleChoiceFilter(
        field_name="review__state_under_review",
        queryset=State.objects.all(),
        to_field_name="iso3",
        method="filter_in",
        label=_("State under review"),
    )
    review = django_filters.ModelMultipleChoiceFilter(
        queryset=Review.objects.all(), method="filter_in", label=_("Review")
    )
    recommending_state = django_filters.ModelMultipleChoiceFilter(
        queryset=State.objects.all(),
        to_field_name="iso3",
        method="filter_m2m",
        label=_("Recommending State"),
    )
    response = django_filters.MultipleChoiceFilter(
        choices=Response.choices, label=_("Response"), distinct=False
    )
    theme = django_filters.ModelMultipleChoiceFilter(
        queryset=Theme.objects.all(), to_field_name="code", method="filter_theme", label=_("Theme")
    )
    group = django_filters.ModelMultipleChoiceFilter(
        queryset=AffectedGroup.objects.all(),
        to_field_name="code",
        method="filter_m2m",
        label=_("Affected group"),
    )
    sdg_goal = django_filters.ModelMultipleChoiceFilter(
        queryset=SdgGoal.objects.all(),
        to_field_name="number",
        method="filter_m2m",
        label=_("SDG goal"),
    )
    sdg_target = django_filters.ModelMultipleChoiceFilter(
        queryset=SdgTarget.objects.all(),
        to_field_name="code",
        method="filter_m2m",
        label=_("SDG target"),
    )
    institution = django_filters.ModelMultipleChoiceFilter(
        queryset=Institution.objects.all(), method="filter_institution", label=_("Institution")
    )
    lead = django_filters.ChoiceFilter(
        choices=[("none", _("No lead institution yet"))],
        method="filter_lead",
        label=_("Lead institution"),
    )
    status = django_filters.MultipleChoiceFilter(
        choices=Status.choices, label=_("Status"), distinct=False
    )
    cluster = django_filters.ModelMultipleChoiceFilter(
        queryset=Cluster.objects.all(), method="filter_m2m", label=_("Cluster")
    )
    year = django_filters.MultipleChoiceFilter(
        field_name="date__year", choices=YEARS, label=_("Year"), distinct=False
    )
    priority = django_filters.MultipleChoiceFilter(
        choices=Priority.choices, label=_("Priority"), distinct=False
    )
    action_category = django_filters.MultipleChoiceFilter(
        choices=ACTION_CATEGORY_CHOICES, label=_("Action category (UPR Info)"), distinct=False
    )
    needs_parliament = django_filters.MultipleChoiceFilter(
        choices=FLAG_CHOICES, method="filter_flag", label=_("Needs parliament")
    )
    budget_implications = django_filters.MultipleChoiceFilter(
        choices=FLAG_CHOICES, method="filter_flag", label=_("Has budget implications")
    )

    M2M_FIELDS = {
        "recommending_state": "recommending_states",
        "group": "groups",
        "sdg_goal": "sdg_goals",
        "sdg_target": "sdg_targets",
        "cluster": "clusters",
    }

    class Meta:
        model = Recommendation
        fields: list[str] = []

    def __init__(self, data=None, *args, **kwargs):
        # Plain dicts (tests, callers in code) get list semantics like a query string.
        if data is not None and not isinstance(data, QueryDict):
            data = as_querydict(data)
        super().__init__(data, *args, **kwargs)

    def filter_queryset(self, queryset):
        if not self.form.cleaned_data.get("kind"):
            queryset = queryset.filter(kind=KINDS.RECOMMENDATION)
        return super().filter_queryset(queryset)

    def filter_search(self, qs, name, value):
        return search_recommendations(qs, value)

    def filter_in(self, qs, name, value):
        # A method, because ModelMultipleChoiceFilter would compare the FK with to_field_name.
        if not value:
            return qs
        return qs.filter(**{f"{name}__in": value})

    def filter_m2m(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(pk__in=_through_values(self.M2M_FIELDS[name], value))

    def filter_theme(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(pk__in=_through_values("themes", theme_ids(value)))

    def filter_flag(self, qs, name, value):
        # Both values chosen (or none) is no choice at all.
        chosen = {v == "true" for v in value or ()}
        if len(chosen) != 1:
            return qs
        return qs.filter(**{name: chosen.pop()})

    def filter_institution(self, qs, name, value):
        if not value:
            return qs
        return qs.filter(
            pk__in=Assignment.objects.filter(institution__in=value).values("recommendation_id")
        )

    def filter_lead(self, qs, name, value):
        if value != "none":
            return qs
        leads = Assignment.objects.filter(role=Assignment.Role.LEAD).values("recommendation_id")
        return qs.exclude(pk__in=leads)


def as_querydict(data: Mapping | None) -> QueryDict:
    if isinstance(data, QueryDict):
        return data.copy()
    result = QueryDict(mutable=True)
    for key, value in (data or {}).items():
        result.setlist(key, list(value) if isinstance(value, list | tuple) else [value])
    return result
