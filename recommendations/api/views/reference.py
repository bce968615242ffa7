"""Reference data (bodies, States, themes, groups, SDGs), cluster sets and reviews: read only."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django_filters import rest_framework as filters
from rest_framework import viewsets

from nrtd.api import ApiMixin
from nrtd.permissions import RulesPermission
from recommendations.api import serializers as s
from recommendations.models import (
    AffectedGroup,
    Body,
    Cluster,
    ClusterSet,
    Review,
    SdgGoal,
    SdgTarget,
    State,
    Theme,
)


class ReferenceViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    """Public reference data: read by everyone."""

    permission_classes = [RulesPermission]


class BodyViewSet(ReferenceViewSet):
    """Mechanisms' bodies (UPR, treaty bodies, special procedures, regional bodies)."""

    queryset = Body.objects.select_related("parent")
    serializer_class = s.BodySerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_fields = ["mechanism", "is_active"]


class StateViewSet(ReferenceViewSet):
    queryset = State.objects.all()
    serializer_class = s.StateSerializer
    lookup_field = "iso3"
    filterset_fields = ["un_status", "regional_group"]


class ThemeViewSet(ReferenceViewSet):
    """UHRI themes, two levels (``parent`` is the level-1 theme's code)."""

    queryset = Theme.objects.select_related("parent")
    serializer_class = s.ThemeSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"


class GroupViewSet(ReferenceViewSet):
    """Affected persons and groups."""

    queryset = AffectedGroup.objects.all()
    serializer_class = s.GroupSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"


class SdgGoalViewSet(ReferenceViewSet):
    queryset = SdgGoal.objects.all()
    serializer_class = s.SdgGoalSerializer
    lookup_field = "number"
    lookup_value_regex = "[0-9]+"


class SdgTargetViewSet(ReferenceViewSet):
    queryset = SdgTarget.objects.select_related("goal")
    serializer_class = s.SdgTargetSerializer
    lookup_field = "code"
    lookup_value_regex = "[^/]+"
    filterset_fields = {"goal__number": ["exact"]}


class ClusterSetViewSet(ReferenceViewSet):
    queryset = ClusterSet.objects.prefetch_related(
        Prefetch("clusters", queryset=Cluster.objects.select_related("cluster_set"))
    )
    serializer_class = s.ClusterSetSerializer


class ClusterViewSet(ReferenceViewSet):
    queryset = Cluster.objects.select_related("cluster_set")
    serializer_class = s.ClusterSerializer
    filterset_fields = ["cluster_set"]


class ReviewFilter(filters.FilterSet):
    state_under_review = filters.CharFilter(
        method="filter_state",
        label="State under review: name or ISO code (alpha-2 or alpha-3)",
    )
    cycle = filters.NumberFilter()
    session = filters.NumberFilter()

    class Meta:
        model = Review
        fields = ["state_under_review", "cycle", "session"]

    def filter_state(self, qs, name, value):
        value = value.strip()
        return qs.filter(
            Q(state_under_review__name__iexact=value)
            | Q(state_under_review__iso2__iexact=value)
            | Q(state_under_review__iso3__iexact=value)
        )


class ReviewViewSet(ReferenceViewSet):
    """UPR reviews: a State under review, a cycle and a Working Group session."""

    queryset = Review.objects.select_related("state_under_review")
    serializer_class = s.ReviewSerializer
    filterset_class = ReviewFilter
