"""Serializers of the follow-up: progress updates, activities, indicators, update rounds
and assignments. As in ``serializers``, writing serializers only validate the shape of a
request; the services check permissions and the rules of the domain."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mechanisms.models import Institution
from recommendations.api.serializers import InstitutionRefSerializer
from recommendations.followup.services import ACTIVITY_FIELDS, INDICATOR_FIELDS
from recommendations.models import (
    ActionPlanItem,
    Activity,
    Assignment,
    Body,
    Cluster,
    Indicator,
    IndicatorValue,
    ProgressUpdate,
    Recommendation,
    SdgIndicator,
    Status,
    UpdateRound,
)
from recommendations.publishing.selectors import sees_internal

# --- follow-up ------------------------------------------------------------------------------


class InternalFieldsMixin:
    """Fields named in ``internal_fields`` (who wrote it: personal data of focal points)
    are left out for users outside the government side."""

    internal_fields: tuple[str, ...] = ()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not sees_internal(request.user):
            for name in self.internal_fields:
                data.pop(name, None)
        return data


class ProgressUpdateSerializer(InternalFieldsMixin, serializers.ModelSerializer):
    institution = InstitutionRefSerializer(read_only=True, allow_null=True)
    author = serializers.CharField(
        source="author.username", read_only=True, help_text=_("Government side only.")
    )
    internal_fields = ("author", "state", "review_comment", "update_round")

    class Meta:
        model = ProgressUpdate
        fields = [
            "id",
            "recommendation",
            "institution",
            "status",
            "narrative",
            "date",
            "state",
            "update_round",
            "review_comment",
            "is_published",
            "author",
            "version",
        ]
        read_only_fields = fields


class ProgressUpdateCreateSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Status.choices)
    narrative = serializers.CharField(max_length=20000)
    date = serializers.DateField(required=False)
    institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "The institution the update speaks for: one of yours assigned to the "
            "recommendation (default: the lead). The secretariat may leave it empty to speak "
            "for the State."
        ),
    )
    submit = serializers.BooleanField(
        default=True, help_text=_("False keeps the update as a draft.")
    )


class VersionedFollowupMixin:
    """Activities and indicators: linked recommendations chosen among those the caller may
    see, and a change must carry the version it read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            from recommendations.publishing.selectors import recommendations_visible_to

            self.fields["recommendations"].child_relation.queryset = recommendations_visible_to(
                request.user
            )

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": [_("Give the version you read.")]})
        return attrs


class ActivitySerializer(VersionedFollowupMixin, serializers.ModelSerializer):
    lead_institution = serializers.PrimaryKeyRelatedField(queryset=Institution.objects.all())
    recommendations = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Recommendation.objects.all()
    )
    plan_items = serializers.PrimaryKeyRelatedField(
        many=True,
        queryset=ActionPlanItem.objects.all(),
        required=False,
        help_text=_("The national action plan items the activity serves."),
    )
    version = serializers.IntegerField(
        required=False,
        help_text=_(
            "On a change: the version you read. A change over a newer version answers 409."
        ),
    )

    class Meta:
        model = Activity
        fields = [
            "id",
            *ACTIVITY_FIELDS,
            "recommendations",
            "plan_items",
            "is_published",
            "version",
        ]
        read_only_fields = ["id", "is_published"]


class IndicatorValueSerializer(serializers.ModelSerializer):
    disaggregation = serializers.DictField(
        child=serializers.CharField(allow_blank=True),
        required=False,
        help_text=_(
            "Empty for the total; else the value's category under each dimension it belongs "
            'to, e.g. {"sex": "female", "age": "15-24"}: the codes and categories of the '
            "active disaggregation dimensions the secretariat defines."
        ),
    )

    class Meta:
        model = IndicatorValue
        fields = ["id", "date", "value", "note", "disaggregation"]
        read_only_fields = ["id"]


class IndicatorPublishSerializer(serializers.Serializer):
    published = serializers.BooleanField(
        help_text=_("true to publish (the indicator needs a value), false to withdraw it.")
    )


class IndicatorSerializer(VersionedFollowupMixin, serializers.ModelSerializer):
    institution = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), required=False, allow_null=True
    )
    sdg_indicator = serializers.SlugRelatedField(
        slug_field="code", queryset=SdgIndicator.objects.all(), required=False, allow_null=True
    )
    recommendations = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Recommendation.objects.all(), required=False
    )
    values = IndicatorValueSerializer(many=True, read_only=True)
    version = serializers.IntegerField(
        required=False,
        help_text=_(
            "On a change: the version you read. A change over a newer version answers 409."
        ),
    )

    class Meta:
        model = Indicator
        fields = [
            "id",
            *INDICATOR_FIELDS,
            "recommendations",
            "values",
            "is_published",
            "version",
        ]
        read_only_fields = ["id", "is_published", "values"]


class UpdateRoundSerializer(serializers.ModelSerializer):
    clusters = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Cluster.objects.all(), required=False
    )
    bodies = serializers.SlugRelatedField(
        slug_field="code", many=True, queryset=Body.objects.all(), required=False
    )
    institutions = serializers.PrimaryKeyRelatedField(
        many=True, queryset=Institution.objects.all(), required=False
    )
    task_count = serializers.SerializerMethodField()

    class Meta:
        model = UpdateRound
        fields = [
            "id",
            "name",
            "deadline",
            "status",
            "clusters",
            "bodies",
            "institutions",
            "opened",
            "closed",
            "task_count",
        ]
        read_only_fields = ["id", "status", "opened", "closed", "task_count"]

    @extend_schema_field(serializers.IntegerField())
    def get_task_count(self, obj) -> int:
        count = getattr(obj, "task_count", None)
        return obj.tasks.count() if count is None else count


class SuggestionRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20000)
    top = serializers.IntegerField(min_value=1, max_value=20, default=5)


class AssignmentSerializer(serializers.ModelSerializer):
    institution_name = serializers.CharField(source="institution.name", read_only=True)

    class Meta:
        model = Assignment
        fields = ["institution", "institution_name", "role"]
        # The service validates the pair (one lead, active institutions); not DRF's check.
        validators = []


class GridCellSerializer(serializers.Serializer):
    row = serializers.CharField(
        allow_blank=True, help_text=_("A category of the first dimension; empty for its total.")
    )
    column = serializers.CharField(
        allow_blank=True,
        required=False,
        default="",
        help_text=_("A category of the second dimension; empty for its total (or none)."),
    )
    value = serializers.DecimalField(max_digits=16, decimal_places=4, allow_null=True)
    expected = serializers.DecimalField(
        max_digits=16,
        decimal_places=4,
        allow_null=True,
        required=False,
        help_text=_(
            "The value you read (null: empty). When given, a cell changed since is refused "
            "(409) and nothing is written."
        ),
    )


class IndicatorGridSerializer(serializers.Serializer):
    date = serializers.DateField()
    rows = serializers.SlugField(help_text=_("Code of the first dimension, e.g. sex."))
    columns = serializers.SlugField(
        required=False, allow_blank=True, help_text=_("Code of the second dimension, if any.")
    )
    note = serializers.CharField(required=False, allow_blank=True, max_length=500, default="")
    cells = GridCellSerializer(many=True, allow_empty=False)
