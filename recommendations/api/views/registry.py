"""The recommendations endpoint: the shared FilterSet, cursor pagination, facet counts.

The list uses cursor pagination ordered by id: every page, the first or the five-thousandth,
costs one index range scan (``WHERE id > cursor ORDER BY id LIMIT n``), and no page counts
the 250,000 rows. Facet counts give the totals a client needs.
"""

from __future__ import annotations

import copy

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
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.response import Response

from mechanisms.models import Institution
from nrtd.api import ApiMixin, list_or_create, list_or_create_schema
from nrtd.permissions import RulesPermission
from recommendations.api import followup_serializers as fs
from recommendations.api import participation_serializers as ps
from recommendations.api import serializers as s
from recommendations.filtering.facets import FACETS, facet_counts_total_and_page
from recommendations.filtering.filters import RecommendationFilter
from recommendations.followup import services as followup
from recommendations.models import Comment
from recommendations.publishing.selectors import (
    comments_visible_to,
    recommendations_visible_to,
    updates_visible_to,
)
from recommendations.registry.assignment import PERM as ASSIGN
from recommendations.registry.assignment import recommendation_assign, recommendation_unassign
from recommendations.registry.responses import PERM as CHANGE_RESPONSE
from recommendations.registry.responses import (
    recommendation_change_response,
    response_history,
)
from recommendations.registry.selectors import recommendation_detail, recommendation_rows_visible_to
from recommendations.reviews.services import PERM as ADD
from recommendations.reviews.services import recommendation_add


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
    return recommendation_rows_visible_to(user).prefetch_related(
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
    create=extend_schema(
        summary="Add a recommendation by hand (secretariat)",
        description=(
            "Its mechanism, document symbol and date are its review's; `body` defaults to the "
            "review's. A response starts its response history."
        ),
        request=s.RecommendationCreateSerializer,
        responses={201: s.RecommendationDetailSerializer},
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
        "create": ADD,
        "progress:post": "recommendations.update_progress",
        "comments:post": "recommendations.comment_followup",
        "assignments:post": ASSIGN,
        "unassign": ASSIGN,
        "response_changes:post": CHANGE_RESPONSE,
    }
    rules_object_permissions = (
        "progress:post",
        "comments:post",
        "assignments:post",
        "unassign",
        "response_changes:post",
    )

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

    def create(self, request, *args, **kwargs):
        data = s.RecommendationCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        created = recommendation_add(actor=request.user, **data.validated_data)
        obj = recommendation_detail(request.user, created.pk)
        return Response(
            s.RecommendationDetailSerializer(obj, context={"request": request}).data,
            status=status.HTTP_201_CREATED,
        )

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
        # The portal's single pass: the text search once, each set of choices once.
        counts, _total, _ids = facet_counts_total_and_page(base, names, request.query_params)
        return Response(counts)

    @list_or_create_schema(
        fs.AssignmentSerializer,
        list_summary="Institutions assigned to a recommendation",
        list_description="The lead institution and the supporting ones, for whoever sees it.",
        create_summary="Assign a lead or supporting institution",
        create_description=(
            "The secretariat (`recommendations.assign_recommendation`). A new lead makes the "
            "previous lead supporting; assigning the same role again changes nothing."
        ),
        example=("Lead", {"institution": 2, "role": "lead"}),
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def assignments(self, request, pk=None):
        recommendation = self.get_object()
        return list_or_create(
            request,
            lambda: recommendation.assignments.select_related("institution").order_by("role", "pk"),
            fs.AssignmentSerializer,
            lambda values: recommendation_assign(
                actor=request.user, recommendation=recommendation, **values
            ),
        )

    @extend_schema(
        summary="Remove an institution from a recommendation",
        description="The secretariat (`recommendations.assign_recommendation`).",
        responses={204: None},
    )
    @action(
        detail=True,
        methods=["delete"],
        url_path=r"assignments/(?P<institution_id>[0-9]+)",
        url_name="unassign",
    )
    def unassign(self, request, pk=None, institution_id=None):
        recommendation = self.get_object()
        institution = get_object_or_404(Institution, pk=institution_id)
        if not recommendation_unassign(
            actor=request.user, recommendation=recommendation, institution=institution
        ):
            raise NotFound()
        return Response(status=status.HTTP_204_NO_CONTENT)

    @list_or_create_schema(
        s.ResponseEntrySerializer,
        list_summary="The response history of a recommendation",
        list_description="Every dated response, changes after the review included, oldest first.",
        create_summary="Record a change of response after the review",
        create_description=(
            "The secretariat (`recommendations.change_response`): the stage (midterm, "
            "national_report, oral_statement, other), date, new response and the State's "
            "justification. The current response follows the latest change. `version` is the "
            "recommendation's version; 409 when its response changed since."
        ),
        request=s.ResponseChangeSerializer,
        example=(
            "Accepted at mid-term",
            {
                "version": 3,
                "stage": "midterm",
                "date": "2027-03-01",
                "value": "supported",
                "justification": "The law on the ombudsman was adopted in 2026.",
            },
        ),
    )
    @action(
        detail=True,
        methods=["get", "post"],
        pagination_class=None,
        url_path="response-changes",
        url_name="response-changes",
    )
    def response_changes(self, request, pk=None):
        recommendation = self.get_object()
        return list_or_create(
            request,
            lambda: response_history(recommendation),
            s.ResponseEntrySerializer,
            lambda values: recommendation_change_response(
                actor=request.user,
                recommendation=recommendation,
                expected_version=values.pop("version"),
                **values,
            ),
            request_serializer=s.ResponseChangeSerializer,
        )

    @list_or_create_schema(
        fs.ProgressUpdateSerializer,
        list_summary="Progress updates of a recommendation",
        list_description="Published updates for everyone; every update for the government side.",
        create_summary="Record a progress update",
        create_description=(
            "A dated status with its narrative. Allowed to the secretariat and to focal "
            "points of an institution assigned to the recommendation "
            "(`recommendations.update_progress`). The secretariat's update is accepted at "
            "once; a focal point's update answering an open round waits for review."
        ),
        request=fs.ProgressUpdateCreateSerializer,
        example=(
            "Progress",
            {
                "status": "in_progress",
                "narrative": "The draft law was sent to Parliament in March.",
            },
        ),
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def progress(self, request, pk=None):
        recommendation = self.get_object()
        return list_or_create(
            request,
            lambda: updates_visible_to(
                request.user,
                recommendation.progress_updates.select_related("institution", "author").order_by(
                    "-date", "-pk"
                ),
            ),
            fs.ProgressUpdateSerializer,
            lambda values: followup.progress_update_create(
                actor=request.user, recommendation=recommendation, **values
            ),
            request_serializer=fs.ProgressUpdateCreateSerializer,
        )

    @list_or_create_schema(
        ps.CommentSerializer,
        list_summary="Comments on a recommendation",
        list_description=(
            "Published comments for everyone; an author also sees their own, with their "
            "moderation state; every comment for the government side."
        ),
        create_summary="Comment, or leave a handover note",
        create_description=(
            "Allowed to the secretariat and focal points of an assigned institution "
            "(`recommendations.comment_followup`); the comment is internal."
        ),
        example=("Handover", {"kind": "handover", "body": "The budget line is in the 2026 draft."}),
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def comments(self, request, pk=None):
        recommendation = self.get_object()

        def add(values):
            activity = values.get("activity")
            if (
                activity is not None
                and not activity.recommendations.filter(pk=recommendation.pk).exists()
            ):
                raise ValidationError({"activity": [_("This activity does not serve it.")]})
            return followup.comment_add(
                actor=request.user,
                recommendation=recommendation,
                body=values["body"],
                kind=values.get("kind", Comment.Kind.COMMENT),
                activity=activity,
            )

        return list_or_create(
            request,
            lambda: comments_visible_to(
                request.user,
                recommendation.comments.select_related("author").order_by("created"),
            ),
            ps.CommentSerializer,
            add,
        )
