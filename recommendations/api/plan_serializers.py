"""Serializers of the national action plans. They check the shape of a request; the plan
services (``recommendations.followup.plans``) check permissions and the domain's rules."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from mechanisms.models import Institution
from recommendations.followup.plans import PLAN_ITEM_FIELDS
from recommendations.models import ActionPlan, ActionPlanItem, Cluster, Indicator, Recommendation

VERSION_FIELD_HELP = _(
    "On a change: the version you read. A change over a newer version answers 409."
)


class ActionPlanSerializer(serializers.ModelSerializer):
    class Meta:
        model = ActionPlan
        fields = ["id", "title", "period_start", "period_end", "description", "is_published"]
        read_only_fields = ["id", "is_published"]


class ActionPlanPublishSerializer(serializers.Serializer):
    published = serializers.BooleanField(
        help_text=_("true to put the plan on the portal, false to take it off.")
    )


class ActionPlanItemSerializer(serializers.ModelSerializer):
    plan = serializers.PrimaryKeyRelatedField(queryset=ActionPlan.objects.all())
    responsible_institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), required=False, allow_null=True
    )
    clusters = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Cluster.objects.all(), required=False
    )
    recommendations = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Recommendation.objects.all(), required=False
    )
    indicators = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Indicator.objects.all(), required=False
    )
    is_overdue = serializers.BooleanField(read_only=True)
    version = serializers.IntegerField(required=False, help_text=VERSION_FIELD_HELP)

    class Meta:
        model = ActionPlanItem
        fields = [
            "id",
            "plan",
            *PLAN_ITEM_FIELDS,
            "clusters",
            "recommendations",
            "indicators",
            "is_overdue",
            "version",
        ]
        read_only_fields = ["id"]

    def validate(self, attrs):
        if self.instance is not None:
            if "version" not in attrs:
                raise serializers.ValidationError({"version": [_("Give the version you read.")]})
            if "plan" in attrs and attrs["plan"].pk != self.instance.plan_id:
                raise serializers.ValidationError(
                    {"plan": [_("An item cannot move to another plan.")]}
                )
            attrs.pop("plan", None)
        return attrs


class ActionPlanItemStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ActionPlanItem.ItemStatus.choices)
    version = serializers.IntegerField(help_text=VERSION_FIELD_HELP)
