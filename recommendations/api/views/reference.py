"""Reference data (bodies, States, themes, groups, SDGs), cluster sets and reviews: read only."""

from __future__ import annotations

from django.db.models import Prefetch, Q
from django_filters import rest_framework as filters
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from nrtd.api import ApiMixin
from nrtd.permissions import RulesPermission
from recommendations.api import serializers as s
from recommendations.models import (
    AffectedGroup,
    Body,
    Cluster,
    ClusterSet,
    Mechanism,
    Review,
    SdgGoal,
    SdgTarget,
    State,
    Theme,
)
from recommendations.reviews.selectors import split_preview
from recommendations.reviews.services import (
    MANAGE,
    PERM,
    SplitItem,
    review_create,
    review_save_split,
)

REVIEW_HELP = (
    "A review of any mechanism: `upr` (cycle, session, Working Group report and addendum), "
    "`treaty_body` (body, concluding observations symbol and adoption date, State report, "
    "follow-up reply and next periodic report due dates), `special_procedure` (mandate, "
    "visit dates, report symbol) or `regional` (body, document). Read by everyone; created "
    "by the secretariat (`recommendations.add_recommendation`)."
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
    mechanism = filters.ChoiceFilter(choices=Mechanism.choices)
    body = filters.CharFilter(field_name="body__code", label="Body or mandate (code)")
    cycle = filters.NumberFilter()
    session = filters.NumberFilter()

    class Meta:
        model = Review
        fields = ["state_under_review", "mechanism", "body", "cycle", "session"]

    def filter_state(self, qs, name, value):
        value = value.strip()
        return qs.filter(
            Q(state_under_review__name__iexact=value)
            | Q(state_under_review__iso2__iexact=value)
            | Q(state_under_review__iso3__iexact=value)
        )


REVIEW_EXAMPLE = {
    "mechanism": "treaty_body",
    "state_under_review": "SVN",
    "body": "CEDAW",
    "date": "2023-03-01",
    "document_symbol": "CEDAW/C/SVN/CO/7",
    "state_report_symbol": "CEDAW/C/SVN/7",
    "followup_due": "2025-03-01",
    "next_report_due": "2027-03-01",
}


@extend_schema_view(
    list=extend_schema(summary="Reviews of every mechanism", description=REVIEW_HELP),
    create=extend_schema(
        summary="Create a review (secretariat)",
        description=REVIEW_HELP,
        examples=[OpenApiExample("Concluding observations", value=REVIEW_EXAMPLE)],
    ),
)
class ReviewViewSet(mixins.CreateModelMixin, ReferenceViewSet):
    """Reviews of any mechanism; read by everyone, created by the secretariat."""

    queryset = Review.objects.select_related("state_under_review", "body")
    serializer_class = s.ReviewSerializer
    filterset_class = ReviewFilter
    rules_permissions = {
        "create": MANAGE,
        "split": MANAGE,
        "save_split:post": PERM,
    }

    def perform_create(self, serializer):
        serializer.instance = review_create(actor=self.request.user, **serializer.validated_data)

    @extend_schema(
        summary="Split pasted text into proposed paragraphs (nothing is saved)",
        request=s.SplitRequestSerializer,
        responses=s.SplitResultSerializer,
    )
    @action(detail=True, methods=["post"])
    def split(self, request, pk=None):
        review = self.get_object()
        data = s.SplitRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return Response(split_preview(review, data.validated_data["text"]))

    @extend_schema(
        summary="Save the corrected split: the paragraphs marked as recommendations, all or none",
        request=s.SplitSaveSerializer,
        responses={201: s.RecommendationSerializer(many=True)},
    )
    @action(detail=True, methods=["post"], url_path="recommendations", url_name="save-split")
    def save_split(self, request, pk=None):
        review = self.get_object()
        data = s.SplitSaveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        saved = review_save_split(
            actor=request.user,
            review=review,
            items=[
                SplitItem(i["paragraph"], i["text"], i["is_recommendation"], i["followup"])
                for i in values["items"]
            ],
            followup_due=values.get("followup_due"),
            next_report_due=values.get("next_report_due"),
            is_published=values["is_published"],
        )
        return Response(
            s.RecommendationSerializer(saved, many=True, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )
