"""National action plans and their items. The public reads published plans and their
published items; the secretariat manages them; the focal points of an item's responsible
institution report its status."""

from __future__ import annotations

from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.response import Response

from nrtd.api import CreatingViewSet, RecordsViewSet
from nrtd.permissions import RulesPermission
from recommendations.api import plan_serializers as s
from recommendations.followup import plans
from recommendations.publishing.selectors import (
    indicators_visible_to,
    plan_items_visible_to,
    plans_visible_to,
    visible_recommendation_ids,
)

VERSION_HELP = (
    "Changes (PUT, PATCH) carry the `version` you read; if someone saved the item since, "
    "the answer is 409 with what changed, and nothing is written."
)


@extend_schema_view(
    list=extend_schema(description="Published plans for everyone; all for the government side.")
)
class ActionPlanViewSet(
    CreatingViewSet,
):
    serializer_class = s.ActionPlanSerializer
    permission_classes = [RulesPermission]
    rules_permissions = {
        "create": "recommendations.manage_action_plans",
        "publish": "recommendations.manage_action_plans",
    }
    # Asked after the lookup: a plan the caller may not see answers 404, not 403.
    rules_object_permissions = ("publish",)

    def get_queryset(self):
        return plans_visible_to(self.request.user).order_by("pk")

    def perform_create(self, serializer):
        serializer.instance = plans.action_plan_create(
            actor=self.request.user, **serializer.validated_data
        )

    @extend_schema(request=s.ActionPlanPublishSerializer, responses=s.ActionPlanSerializer)
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        data = s.ActionPlanPublishSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plan = plans.action_plan_publish(
            actor=request.user, plan=self.get_object(), published=data.validated_data["published"]
        )
        return Response(self.get_serializer(plan).data)


@extend_schema_view(
    list=extend_schema(
        description="Published items of published plans for everyone; all for the government "
        "side. Linked recommendations and indicators are those the caller may see."
    ),
    update=extend_schema(description=VERSION_HELP),
    partial_update=extend_schema(description=VERSION_HELP),
)
class ActionPlanItemViewSet(
    RecordsViewSet,
):
    serializer_class = s.ActionPlanItemSerializer
    create_service = staticmethod(plans.action_plan_item_add)
    update_service = staticmethod(plans.action_plan_item_update)
    record_name = "item"
    permission_classes = [RulesPermission]
    filterset_fields = ["plan", "status", "responsible_institution", "recommendations"]
    rules_permissions = {
        "create": "recommendations.manage_action_plans",
        "update": "recommendations.manage_action_plans",
        "partial_update": "recommendations.manage_action_plans",
        "status": "recommendations.update_plan_item_status",
    }
    rules_object_permissions = ("update", "partial_update", "status")

    def get_queryset(self):
        user = self.request.user
        qs = plan_items_visible_to(user).prefetch_related(
            "clusters",
            visible_recommendation_ids(user),
            Prefetch("indicators", queryset=indicators_visible_to(user).only("pk")),
        )
        return qs.order_by("plan_id", "code", "pk")

    @extend_schema(
        summary="Report an item's status (its responsible institution, or the secretariat)",
        request=s.ActionPlanItemStatusSerializer,
        responses=s.ActionPlanItemSerializer,
    )
    @action(detail=True, methods=["post"])
    def status(self, request, pk=None):
        item = self.get_object()
        data = s.ActionPlanItemStatusSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        plans.action_plan_item_set_status(
            actor=request.user,
            item=item,
            expected_version=data.validated_data["version"],
            status=data.validated_data["status"],
        )
        return Response(self.get_serializer(self.get_object()).data)
