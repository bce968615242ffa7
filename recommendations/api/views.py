"""API endpoints of the registry and its follow-up, under /api/v1/.

Reads go through the same selectors and FilterSet as the pages; writes through the services.
The recommendations list uses cursor pagination ordered by id: every page, the first or the
five-thousandth, costs one index range scan (``WHERE id > cursor ORDER BY id LIMIT n``), and
no page counts the 250,000 rows. Facet counts give the totals a client needs.
"""

from __future__ import annotations

import copy

from django.db import transaction
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_filters import rest_framework as filters
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from mechanisms.models import StakeholderMember
from nrtd.api import ApiMixin
from recommendations.api import serializers as s
from recommendations.api.permissions import RulesPermission
from recommendations.filtering.filters import FACETS, RecommendationFilter, facet_counts
from recommendations.followup import rounds
from recommendations.followup import services as followup
from recommendations.imports.services import import_job_create
from recommendations.models import (
    Activity,
    AffectedGroup,
    Assessment,
    Body,
    Cluster,
    ClusterSet,
    Comment,
    ImportJob,
    Indicator,
    ProgressUpdate,
    Review,
    SdgGoal,
    SdgTarget,
    State,
    Theme,
    UpdateRound,
)
from recommendations.registry.selectors import (
    recommendation_detail,
    recommendation_list,
    recommendations_visible_to,
)

# --- recommendations ------------------------------------------------------------------


class ApiRecommendationFilter(RecommendationFilter):
    """The shared FilterSet, with the type of each value stated for the schema (the filters
    take codes and ids through methods, whose types the schema generator cannot guess)."""

    recommending_state = copy.deepcopy(RecommendationFilter.base_filters["recommending_state"])
    theme = copy.deepcopy(RecommendationFilter.base_filters["theme"])
    group = copy.deepcopy(RecommendationFilter.base_filters["group"])
    sdg_goal = copy.deepcopy(RecommendationFilter.base_filters["sdg_goal"])
    sdg_target = copy.deepcopy(RecommendationFilter.base_filters["sdg_target"])
    institution = copy.deepcopy(RecommendationFilter.base_filters["institution"])
    cluster = copy.deepcopy(RecommendationFilter.base_filters["cluster"])


for _name, _type in [
    ("recommending_state", OpenApiTypes.STR),
    ("theme", OpenApiTypes.STR),
    ("group", OpenApiTypes.STR),
    ("sdg_goal", OpenApiTypes.INT),
    ("sdg_target", OpenApiTypes.STR),
    ("institution", OpenApiTypes.INT),
    ("cluster", OpenApiTypes.INT),
]:
    extend_schema_field(_type)(ApiRecommendationFilter.base_filters[_name])


class RecommendationCursorPagination(CursorPagination):
    ordering = "id"
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 1000


def _list_queryset(user):
    return recommendation_list(user).prefetch_related(
        "groups", "sdg_goals", "sdg_targets", "clusters"
    )


RECOMMENDATION_EXAMPLE = {
    "id": 412,
    "external_id": "uhri:7a5c2f0e-3a41-4b0e-9d1b-2f0c7d0e9b11",
    "paragraph": "115.12",
    "text": "Ratify the Optional Protocol to the Convention against Torture",
    "mechanism": "upr",
    "body": "UPR",
    "document_symbol": "A/HRC/34/15",
    "date": "2016-12-14",
    "review": {"id": 3, "state_under_review": "SVN", "cycle": 2, "session": 26},
    "recommending_states": ["DNK", "FRA"],
    "response": "supported",
    "response_label": "Supported",
    "themes": ["A41", "D21"],
    "groups": ["persons-deprived-of-their-liberty"],
    "sdg_goals": [16],
    "sdg_targets": ["16.3"],
    "clusters": [7],
    "lead_institution": {"id": 2, "name": "Ministry of Justice", "acronym": "MoJ"},
    "supporting_institutions": [],
    "status": "in_progress",
    "priority": "",
    "is_published": True,
}


@extend_schema_view(
    list=extend_schema(
        summary="List recommendations",
        description=(
            "Published recommendations for everyone; the government side also sees "
            "unpublished ones. Filters combine with AND; repeat a filter for OR "
            "(`?theme=A41&theme=D21`). Pages are cursors ordered by id: follow `next`. "
            "`page_size` up to 1000."
        ),
        examples=[
            OpenApiExample(
                "A page",
                value={"next": None, "previous": None, "results": [RECOMMENDATION_EXAMPLE]},
                response_only=True,
            )
        ],
    ),
    retrieve=extend_schema(
        summary="One recommendation, with its response history and links",
        responses=s.RecommendationDetailSerializer,
    ),
)
class RecommendationViewSet(ApiMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = s.RecommendationSerializer
    lookup_value_regex = "[0-9]+"
    filter_backends = [filters.DjangoFilterBackend]
    filterset_class = ApiRecommendationFilter
    pagination_class = RecommendationCursorPagination
    permission_classes = [RulesPermission]
    rules_permissions = {
        "progress:post": "recommendations.update_progress",
        "comments:post": "recommendations.comment_followup",
    }
    rules_object_permissions = ("progress:post", "comments:post")

    def get_queryset(self):
        return _list_queryset(self.request.user)

    def get_object(self):
        pk = self.kwargs["pk"]
        if self.action == "retrieve":
            obj = recommendation_detail(self.request.user, pk)
        else:
            obj = get_object_or_404(recommendations_visible_to(self.request.user), pk=pk)
        if self.request.method not in ("GET", "HEAD", "OPTIONS"):
            self.check_object_permissions(self.request, obj)
        return obj

    def retrieve(self, request, *args, **kwargs):
        obj = self.get_object()
        return Response(s.RecommendationDetailSerializer(obj, context={"request": request}).data)

    @extend_schema(
        summary="Counts per facet value, for the same filters as the list",
        description=(
            "Each facet is counted with every filter except its own, so choosing "
            "`response=noted` still shows how many are supported. `facet` chooses the "
            "facets (default: all)."
        ),
        filters=True,
        parameters=[
            OpenApiParameter(
                "facet",
                str,
                many=True,
                enum=list(FACETS),
                description="Facets to count (repeat for several).",
            )
        ],
        responses=inline_serializer(
            "Facets",
            {name: s.FacetValueSerializer(many=True, required=False) for name in FACETS},
        ),
        examples=[
            OpenApiExample(
                "Responses",
                value={
                    "response": [
                        {"value": "supported", "label": "Supported", "count": 1804},
                        {"value": "noted", "label": "Noted", "count": 392},
                    ]
                },
                response_only=True,
            )
        ],
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def facets(self, request):
        names = request.query_params.getlist("facet") or list(FACETS)
        unknown = [n for n in names if n not in FACETS]
        if unknown:
            raise ValidationError({"facet": [_("Unknown facet: %s.") % ", ".join(unknown)]})
        base = recommendations_visible_to(request.user)
        # Validates the filters (an unknown theme answers 400, as on the list).
        self.filter_queryset(base)
        return Response(facet_counts(base, names, request.query_params))

    @extend_schema(
        methods=["GET"],
        summary="Progress updates of a recommendation",
        description="Published updates for everyone; every update for the government side.",
        responses=s.ProgressUpdateSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Record a progress update",
        description=(
            "A dated status with its narrative. Allowed to the secretariat and to focal "
            "points of an institution assigned to the recommendation "
            "(`recommendations.update_progress`). The secretariat's update is accepted at "
            "once; a focal point's update answering an open round waits for review."
        ),
        request=s.ProgressUpdateCreateSerializer,
        responses={201: s.ProgressUpdateSerializer},
        examples=[
            OpenApiExample(
                "Progress",
                value={
                    "status": "in_progress",
                    "narrative": "The draft law was sent to Parliament in March.",
                },
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def progress(self, request, pk=None):
        recommendation = self.get_object()
        if request.method == "GET":
            updates = recommendation.progress_updates.select_related(
                "institution", "author"
            ).order_by("-date", "-pk")
            if not request.user.has_perm("recommendations.view_internal"):
                updates = updates.filter(is_published=True)
            return Response(
                s.ProgressUpdateSerializer(updates, many=True, context={"request": request}).data
            )
        data = s.ProgressUpdateCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        update = followup.progress_update_create(
            actor=request.user, recommendation=recommendation, **data.validated_data
        )
        return Response(
            s.ProgressUpdateSerializer(update, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        methods=["GET"],
        summary="Comments on a recommendation",
        description=(
            "Published comments for everyone; an author also sees their own, with their "
            "moderation state; every comment for the government side."
        ),
        responses=s.CommentSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Comment, or leave a handover note",
        description=(
            "Allowed to the secretariat and focal points of an assigned institution "
            "(`recommendations.comment_followup`); the comment is internal."
        ),
        request=s.CommentSerializer,
        responses={201: s.CommentSerializer},
        examples=[
            OpenApiExample(
                "Handover",
                value={"kind": "handover", "body": "The budget line is in the 2026 draft."},
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def comments(self, request, pk=None):
        recommendation = self.get_object()
        if request.method == "GET":
            comments = recommendation.comments.select_related("author").order_by("created")
            user = request.user
            if not user.has_perm("recommendations.view_internal"):
                mine = Q(author=user) if user.is_authenticated else Q(pk__in=[])
                comments = comments.filter(
                    Q(moderation=Comment.Moderation.PUBLISHED) | mine, is_internal=False
                )
            return Response(
                s.CommentSerializer(comments, many=True, context={"request": request}).data
            )
        data = s.CommentSerializer(data=request.data, context={"request": request})
        data.is_valid(raise_exception=True)
        activity = data.validated_data.get("activity")
        if (
            activity is not None
            and not activity.recommendations.filter(pk=recommendation.pk).exists()
        ):
            raise ValidationError({"activity": [_("This activity does not serve it.")]})
        comment = followup.comment_add(
            actor=request.user,
            recommendation=recommendation,
            body=data.validated_data["body"],
            kind=data.validated_data.get("kind", Comment.Kind.COMMENT),
            activity=activity,
        )
        return Response(
            s.CommentSerializer(comment, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )


# --- reference data -------------------------------------------------------------------


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


# --- follow-up --------------------------------------------------------------------------


def _published_or_internal(user, qs):
    if user.has_perm("recommendations.view_internal"):
        return qs
    return qs.filter(is_published=True)


VERSION_HELP = (
    "Changes (PUT, PATCH) carry the `version` you read; if someone saved the record since, "
    "the answer is 409 with what changed, and nothing is written."
)


@extend_schema_view(
    list=extend_schema(
        description="Published activities for everyone; every activity for the government side."
    ),
    create=extend_schema(
        description=(
            "Record an activity (`recommendations.add_activity`): a focal point records "
            "activities their own institution leads, on recommendations it is assigned."
        ),
        examples=[
            OpenApiExample(
                "Training",
                value={
                    "title": "Training of prison staff",
                    "description": "Three regional sessions on the prohibition of torture.",
                    "lead_institution": 2,
                    "start_date": "2025-03-01",
                    "status": "ongoing",
                    "recommendations": [412],
                },
                request_only=True,
            )
        ],
    ),
    update=extend_schema(description=VERSION_HELP),
    partial_update=extend_schema(description=VERSION_HELP),
)
class ActivityViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.ActivitySerializer
    permission_classes = [RulesPermission]
    filterset_fields = ["status", "lead_institution", "recommendations"]
    rules_permissions = {
        "create": "recommendations.add_activity",
        "update": "recommendations.change_activity",
        "partial_update": "recommendations.change_activity",
    }
    rules_object_permissions = ("update", "partial_update")

    def get_queryset(self):
        qs = Activity.objects.select_related("lead_institution").prefetch_related(
            Prefetch(
                "recommendations",
                queryset=recommendations_visible_to(self.request.user).only("pk"),
            )
        )
        return _published_or_internal(self.request.user, qs).order_by("-start_date", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = followup.activity_create(actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version")
        serializer.instance = followup.activity_update(
            actor=self.request.user, activity=serializer.instance, expected_version=version, **data
        )


@extend_schema_view(
    list=extend_schema(
        description="Published indicators for everyone; every indicator for the government side."
    ),
    update=extend_schema(description=VERSION_HELP),
    partial_update=extend_schema(description=VERSION_HELP),
)
class IndicatorViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.IndicatorSerializer
    permission_classes = [RulesPermission]
    filterset_fields = ["institution", "recommendations"]
    rules_permissions = {
        "create": "recommendations.add_indicator",
        "update": "recommendations.change_indicator",
        "partial_update": "recommendations.change_indicator",
        "values:post": "recommendations.change_indicator",
    }
    rules_object_permissions = ("update", "partial_update", "values:post")

    def get_queryset(self):
        qs = Indicator.objects.select_related("sdg_indicator", "institution").prefetch_related(
            "values",
            Prefetch(
                "recommendations",
                queryset=recommendations_visible_to(self.request.user).only("pk"),
            ),
        )
        return _published_or_internal(self.request.user, qs).order_by("name", "pk")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("version", None)
        serializer.instance = followup.indicator_create(actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        version = data.pop("version")
        serializer.instance = followup.indicator_update(
            actor=self.request.user,
            indicator=serializer.instance,
            expected_version=version,
            **data,
        )

    @extend_schema(
        methods=["GET"],
        summary="Dated values of an indicator",
        responses=s.IndicatorValueSerializer(many=True),
    )
    @extend_schema(
        methods=["POST"],
        summary="Add a dated value",
        request=s.IndicatorValueSerializer,
        responses={201: s.IndicatorValueSerializer},
        examples=[
            OpenApiExample(
                "Value", value={"date": "2025-06-30", "value": "41.5"}, request_only=True
            )
        ],
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def values(self, request, pk=None):
        indicator = self.get_object()
        if request.method == "GET":
            return Response(s.IndicatorValueSerializer(indicator.values.all(), many=True).data)
        data = s.IndicatorValueSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        row = followup.indicator_value_add(
            actor=request.user, indicator=indicator, **data.validated_data
        )
        return Response(s.IndicatorValueSerializer(row).data, status=status.HTTP_201_CREATED)


# API-ONLY WRITE PATH (no service yet): the NHRI's and CSOs' assessments. Move to
# recommendations/followup/services.py as ``assessment_create`` when the follow-up services
# grow one; the API then calls that.
@transaction.atomic
def assessment_create(*, actor, recommendation, status, narrative, date, **fields) -> Assessment:
    from django.core.exceptions import PermissionDenied

    if not actor.has_perm("recommendations.add_assessment", recommendation):
        raise PermissionDenied
    membership = (
        StakeholderMember.objects.filter(user=actor, is_verified=True)
        .select_related("stakeholder")
        .order_by("pk")
        .first()
    )
    if membership is None:
        raise PermissionDenied
    assessment = Assessment(
        recommendation=recommendation,
        stakeholder=membership.stakeholder,
        author=actor,
        status=status,
        narrative=narrative,
        date=date,
        traffic_light=fields.get("traffic_light", ""),
        organisation_only=fields.get("organisation_only", True),
        moderation=Assessment.Moderation.PENDING,
    )
    assessment.full_clean(exclude=["evidence"])
    assessment._history_user = actor
    assessment.save()
    return assessment


@extend_schema_view(
    list=extend_schema(
        description=(
            "Published assessments for everyone; the government side also sees those "
            "awaiting moderation; an author sees their own."
        )
    ),
    create=extend_schema(
        description=(
            "The NHRI's or a CSO's own assessment (`recommendations.add_assessment`), stored "
            "apart from the State's progress updates; published after moderation."
        ),
        examples=[
            OpenApiExample(
                "NHRI",
                value={
                    "recommendation": 412,
                    "status": "partially_implemented",
                    "traffic_light": "orange",
                    "narrative": "The law passed; no budget was allocated.",
                    "date": "2025-05-01",
                },
                request_only=True,
            )
        ],
    ),
)
class AssessmentViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.AssessmentSerializer
    permission_classes = [RulesPermission]
    filterset_fields = ["recommendation", "status"]
    rules_permissions = {"create": "recommendations.add_assessment"}

    def get_queryset(self):
        user = self.request.user
        qs = Assessment.objects.select_related("stakeholder", "author").filter(
            recommendation__in=recommendations_visible_to(user)
        )
        if not user.has_perm("recommendations.view_internal"):
            mine = Q(author=user) if user.is_authenticated else Q(pk__in=[])
            qs = qs.filter(Q(moderation=Assessment.Moderation.PUBLISHED) | mine)
        return qs.order_by("-date", "-pk")

    def perform_create(self, serializer):
        serializer.instance = assessment_create(
            actor=self.request.user, **serializer.validated_data
        )


class ProgressUpdateViewSet(ApiMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One progress update; the secretariat accepts it or sends it back."""

    serializer_class = s.ProgressUpdateSerializer
    permission_classes = [RulesPermission]
    rules_permissions = {
        "accept": "recommendations.review_progress",
        "send_back": "recommendations.review_progress",
    }
    # Looked up first: an update the user may not see answers 404.
    rules_object_permissions = ("accept", "send_back")

    def get_queryset(self):
        qs = ProgressUpdate.objects.select_related("institution", "author").filter(
            recommendation__in=recommendations_visible_to(self.request.user)
        )
        return _published_or_internal(self.request.user, qs)

    @extend_schema(
        request=inline_serializer(
            "ReviewComment", {"comment": serializers.CharField(required=False, allow_blank=True)}
        ),
        responses=s.ProgressUpdateSerializer,
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        update = self.get_object()
        update = rounds.progress_update_accept(
            actor=request.user, update=update, comment=str(request.data.get("comment", ""))
        )
        return Response(self.get_serializer(update).data)

    @extend_schema(
        request=inline_serializer("SendBack", {"comment": serializers.CharField()}),
        responses=s.ProgressUpdateSerializer,
    )
    @action(detail=True, methods=["post"], url_path="send-back")
    def send_back(self, request, pk=None):
        update = self.get_object()
        comment = str(request.data.get("comment", "")).strip()
        if not comment:
            raise ValidationError({"comment": [_("Say what is missing.")]})
        update = rounds.progress_update_send_back(
            actor=request.user, update=update, comment=comment
        )
        return Response(self.get_serializer(update).data)


@extend_schema_view(
    list=extend_schema(description="Rounds the user's institutions owe (all for the secretariat)."),
    create=extend_schema(
        description=(
            "Open a round (`recommendations.manage_rounds`): one task per recommendation in "
            "scope and institution asked. Empty scope lists mean everything."
        ),
        examples=[
            OpenApiExample(
                "Mid-term round",
                value={"name": "Mid-term 2026", "deadline": "2026-03-31", "bodies": ["UPR"]},
                request_only=True,
            )
        ],
    ),
)
class UpdateRoundViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = s.UpdateRoundSerializer
    permission_classes = [RulesPermission]
    rules_permissions = {
        "list": "recommendations.view_workspace",
        "retrieve": "recommendations.view_workspace",
        "create": "recommendations.manage_rounds",
        "close": "recommendations.manage_rounds",
    }

    def get_queryset(self):
        from recommendations.followup.selectors import rounds_for

        if not self.request.user.has_perm("recommendations.view_workspace"):
            return UpdateRound.objects.none()
        return rounds_for(self.request.user).prefetch_related("clusters", "bodies", "institutions")

    def perform_create(self, serializer):
        serializer.instance = rounds.round_open(
            actor=self.request.user, **serializer.validated_data
        )
        serializer.instance.task_count = serializer.instance.tasks.count()

    @extend_schema(request=None, responses=s.UpdateRoundSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        update_round = rounds.round_close(actor=request.user, update_round=self.get_object())
        update_round.task_count = update_round.tasks.count()
        return Response(self.get_serializer(update_round).data)


# --- imports ----------------------------------------------------------------------------


class ImportJobViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Upload a file of recommendations (OHCHR matrix, UPR Info or UHRI export, or this
    API's own JSON export); the import runs as a job: poll it until ``status`` is ``done``
    or ``failed``."""

    serializer_class = s.ImportJobSerializer
    permission_classes = [RulesPermission]
    parser_classes = [MultiPartParser, FormParser]
    rules_permissions = {
        "list": "recommendations.import_recommendations",
        "retrieve": "recommendations.import_recommendations",
        "create": "recommendations.import_recommendations",
    }

    def get_queryset(self):
        return ImportJob.objects.order_by("-created", "-pk")

    @extend_schema(
        request={"multipart/form-data": s.ImportJobCreateSerializer},
        responses={202: s.ImportJobSerializer},
        description=(
            "Answers 202 with the job; `Location` is where to poll it. Nothing is written "
            "if the file has any problem: the job's `errors` list them."
        ),
    )
    def create(self, request, *args, **kwargs):
        data = s.ImportJobCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        job = import_job_create(
            actor=request.user,
            uploaded_file=values["file"],
            format=values.get("format", ""),
            state=values.get("state", ""),
            session=values.get("session"),
            dry_run=values.get("dry_run", False),
        )
        job.refresh_from_db()
        url = reverse("api:imports-detail", kwargs={"pk": job.pk}, request=request)
        return Response(
            s.ImportJobSerializer(job).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": url},
        )


# --- suggestions --------------------------------------------------------------------------


@extend_schema(
    summary="Suggest themes, groups and SDGs for a text",
    description=(
        "The classification assistant's suggestions for a recommendation's text "
        "(`recommendations.classify_recommendation`)."
    ),
    request=s.SuggestionRequestSerializer,
    responses=inline_serializer(
        "Suggestions",
        {
            name: inline_serializer(
                f"Suggestion{name.title().replace('_', '')}",
                {
                    "code": serializers.CharField(),
                    "label": serializers.CharField(),
                    "score": serializers.FloatField(),
                },
                many=True,
            )
            for name in ("sdg_goals", "sdg_targets", "themes", "groups")
        },
    ),
    examples=[
        OpenApiExample(
            "Text",
            value={"text": "Criminalise marital rape and ensure access to shelters", "top": 3},
            request_only=True,
        )
    ],
)
class SuggestionViewSet(ApiMixin, viewsets.GenericViewSet):
    permission_classes = [RulesPermission]
    rules_permissions = {"create": "recommendations.classify_recommendation"}
    serializer_class = s.SuggestionRequestSerializer
    parser_classes = [JSONParser, FormParser]

    def create(self, request):
        from recommendations.assistant import suggest

        data = s.SuggestionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = suggest(data.validated_data["text"], top=data.validated_data["top"])
        except ValueError as exc:
            # The vectoriser finds no word to weigh (digits, stop words only).
            raise ValidationError({"text": [_("There are no words to classify.")]}) from exc
        return Response(result)
