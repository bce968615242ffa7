"""Follow-up endpoints: activities, indicators, progress updates and update rounds."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from nrtd.api import (
    ApiMixin,
    CreatingViewSet,
    RecordsViewSet,
    error_body,
    list_or_create,
    list_or_create_schema,
)
from nrtd.permissions import RulesPermission
from recommendations.api import followup_serializers as fs
from recommendations.followup import rounds
from recommendations.followup import services as followup
from recommendations.followup.grid import (
    UNSEEN,
    GridCell,
    indicator_values_grid_write,
    is_conflict,
)
from recommendations.models import (
    Activity,
    Indicator,
    ProgressUpdate,
    UpdateRound,
)
from recommendations.publishing import services as publishing
from recommendations.publishing.selectors import (
    activities_visible_to,
    indicators_visible_to,
    plan_items_visible_to,
    recommendations_visible_to,
    updates_visible_to,
    visible_recommendation_ids,
)

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
    RecordsViewSet,
):
    serializer_class = fs.ActivitySerializer
    create_service = staticmethod(followup.activity_create)
    update_service = staticmethod(followup.activity_update)
    record_name = "activity"
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
            visible_recommendation_ids(self.request.user),
            Prefetch("plan_items", queryset=plan_items_visible_to(self.request.user).only("pk")),
        )
        return activities_visible_to(self.request.user, qs).order_by("-start_date", "pk")


@extend_schema_view(
    list=extend_schema(
        description="Published indicators for everyone; every indicator for the government side."
    ),
    update=extend_schema(description=VERSION_HELP),
    partial_update=extend_schema(description=VERSION_HELP),
)
class IndicatorViewSet(
    RecordsViewSet,
):
    serializer_class = fs.IndicatorSerializer
    create_service = staticmethod(followup.indicator_create)
    update_service = staticmethod(followup.indicator_update)
    record_name = "indicator"
    permission_classes = [RulesPermission]
    filterset_fields = ["institution", "recommendations"]
    rules_permissions = {
        "create": "recommendations.add_indicator",
        "update": "recommendations.change_indicator",
        "partial_update": "recommendations.change_indicator",
        "values:post": "recommendations.change_indicator",
        "grid": "recommendations.change_indicator",
        "publish": "recommendations.publish_recommendation",
    }
    rules_object_permissions = ("update", "partial_update", "values:post", "grid", "publish")

    def get_queryset(self):
        qs = Indicator.objects.select_related("sdg_indicator", "institution").prefetch_related(
            "values",
            visible_recommendation_ids(self.request.user),
        )
        return indicators_visible_to(self.request.user, qs).order_by("name", "pk")

    @list_or_create_schema(
        fs.IndicatorValueSerializer,
        list_summary="Dated values of an indicator",
        create_summary="Add a dated value",
        example=("Value", {"date": "2025-06-30", "value": "41.5"}),
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def values(self, request, pk=None):
        indicator = self.get_object()
        return list_or_create(
            request,
            indicator.values.all,
            fs.IndicatorValueSerializer,
            lambda values: followup.indicator_value_add(
                actor=request.user, indicator=indicator, **values
            ),
        )

    @extend_schema(
        summary="Write a grid of disaggregated values in one go",
        description=(
            "One date, one or two dimensions, and the cells: a value adds or changes the cell, "
            "null removes it. All or nothing: a refused cell answers 400 keyed "
            '"row|column"; a cell someone changed since you read it (see `expected`) 409.'
        ),
        request=fs.IndicatorGridSerializer,
        responses={
            200: inline_serializer(
                "GridCounts",
                {
                    "added": serializers.IntegerField(),
                    "changed": serializers.IntegerField(),
                    "removed": serializers.IntegerField(),
                },
            )
        },
    )
    @action(detail=True, methods=["post"])
    def grid(self, request, pk=None):
        indicator = self.get_object()
        data = fs.IndicatorGridSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        given = data.validated_data
        cells = [
            GridCell(
                row=cell["row"],
                column=cell.get("column", ""),
                value=cell["value"],
                expected=cell.get("expected", UNSEEN),
            )
            for cell in given["cells"]
        ]
        try:
            counts = indicator_values_grid_write(
                actor=request.user,
                indicator=indicator,
                date=given["date"],
                rows=given["rows"],
                columns=given.get("columns") or None,
                cells=cells,
                note=given.get("note", ""),
            )
        except DjangoValidationError as exc:
            if not is_conflict(exc):
                raise  # 400 in the API's error shape, the refused cells as fields
            return Response(
                error_body(
                    409,
                    _("Someone changed values of this grid since you read them; nothing saved."),
                    fields=exc.message_dict,
                ),
                status=status.HTTP_409_CONFLICT,
            )
        return Response(counts)

    @extend_schema(
        summary="Publish or withdraw an indicator (the secretariat)",
        description="An indicator without any value cannot be published (400).",
        request=fs.IndicatorPublishSerializer,
        responses=fs.IndicatorSerializer,
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        indicator = self.get_object()
        data = fs.IndicatorPublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        publishing.indicator_set_published(
            actor=request.user, indicator=indicator, published=data.validated_data["published"]
        )
        return Response(self.get_serializer(self.get_object()).data)


class ProgressUpdateViewSet(ApiMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """One progress update; the secretariat accepts it or sends it back."""

    serializer_class = fs.ProgressUpdateSerializer
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
        return updates_visible_to(self.request.user, qs)

    @extend_schema(
        request=inline_serializer(
            "ReviewComment", {"comment": serializers.CharField(required=False, allow_blank=True)}
        ),
        responses=fs.ProgressUpdateSerializer,
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
        responses=fs.ProgressUpdateSerializer,
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
    CreatingViewSet,
):
    serializer_class = fs.UpdateRoundSerializer
    permission_classes = [RulesPermission]
    rules_permissions = {
        "list": "recommendations.view_workspace",
        "retrieve": "recommendations.view_workspace",
        "create": "recommendations.manage_rounds",
        "close": "recommendations.manage_rounds",
    }

    def get_queryset(self):
        from recommendations.followup.selectors import rounds_visible_to

        if not self.request.user.has_perm("recommendations.view_workspace"):
            return UpdateRound.objects.none()
        return rounds_visible_to(self.request.user).prefetch_related(
            "clusters", "bodies", "institutions"
        )

    def perform_create(self, serializer):
        serializer.instance = rounds.round_open(
            actor=self.request.user, **serializer.validated_data
        )
        serializer.instance.task_count = serializer.instance.tasks.count()

    @extend_schema(request=None, responses=fs.UpdateRoundSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        update_round = rounds.round_close(actor=request.user, update_round=self.get_object())
        update_round.task_count = update_round.tasks.count()
        return Response(self.get_serializer(update_round).data)
