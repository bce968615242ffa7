"""Serializers of what civil society and the NHRI write: assessments, comments and the
replies of the institutions that lead."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from recommendations.api.followup_serializers import InternalFieldsMixin
from recommendations.models import (
    Assessment,
    Comment,
    Recommendation,
    Reply,
)


class AssessmentSerializer(InternalFieldsMixin, serializers.ModelSerializer):
    recommendation = serializers.PrimaryKeyRelatedField(queryset=Recommendation.objects.all())
    organisation = serializers.CharField(source="stakeholder.name", read_only=True)
    organisation_kind = serializers.CharField(source="stakeholder.kind", read_only=True)
    author = serializers.SerializerMethodField()
    internal_fields = ("moderation",)

    class Meta:
        model = Assessment
        fields = [
            "id",
            "recommendation",
            "organisation",
            "organisation_kind",
            "author",
            "status",
            "traffic_light",
            "narrative",
            "date",
            "organisation_only",
            "moderation",
        ]
        read_only_fields = ["id", "moderation"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            from recommendations.publishing.selectors import recommendations_visible_to

            self.fields["recommendation"].queryset = recommendations_visible_to(request.user)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_author(self, obj):
        # Reprisal risk: the author's name only when they chose to be named.
        return None if obj.organisation_only else obj.author.get_full_name() or None


class ReplySerializer(InternalFieldsMixin, serializers.ModelSerializer):
    """The lead institution's answer to a published comment or assessment of the NHRI or a
    CSO. Give ``comment`` or ``assessment``, not both."""

    comment = serializers.PrimaryKeyRelatedField(
        queryset=Comment.objects.filter(is_internal=False), required=False, allow_null=True
    )
    assessment = serializers.PrimaryKeyRelatedField(
        queryset=Assessment.objects.all(), required=False, allow_null=True
    )
    institution = serializers.CharField(source="institution.name", read_only=True)
    author = serializers.CharField(source="author.username", read_only=True)
    internal_fields = ("author", "moderation")

    class Meta:
        model = Reply
        fields = [
            "id",
            "comment",
            "assessment",
            "institution",
            "author",
            "body",
            "moderation",
            "created",
        ]
        read_only_fields = ["id", "institution", "author", "moderation", "created"]


class CommentSerializer(InternalFieldsMixin, serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", read_only=True)
    is_published = serializers.SerializerMethodField(
        help_text=_(
            "True when the comment is published (see moderation); kept for existing clients."
        )
    )
    internal_fields = ("author", "is_internal")

    class Meta:
        model = Comment
        fields = [
            "id",
            "recommendation",
            "activity",
            "kind",
            "body",
            "author",
            "is_internal",
            "moderation",
            "is_published",
            "created",
        ]
        read_only_fields = ["id", "recommendation", "author", "is_internal", "moderation"]
        extra_kwargs = {"activity": {"required": False, "allow_null": True}}

    def get_is_published(self, obj) -> bool:
        return not obj.is_internal and obj.moderation == Comment.Moderation.PUBLISHED
