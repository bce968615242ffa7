"""Serializers of the registry and its follow-up.

Reading serializers present records; writing ones only validate the shape of a request and
hand the values to a service (``recommendations.services``), which checks permissions and
the rules of the domain. Related reference records are named by their public codes (body
``UPR``, State ``SVN``, theme ``A41``, SDG target ``16.10``), the same values the filters
take, so an export can be imported elsewhere.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from mechanisms.models import Institution
from recommendations.followup.services import ACTIVITY_FIELDS, INDICATOR_FIELDS
from recommendations.models import (
    ActionPlanItem,
    Activity,
    AffectedGroup,
    Assessment,
    Assignment,
    Body,
    Cluster,
    ClusterSet,
    Comment,
    Indicator,
    IndicatorValue,
    Mechanism,
    ProgressUpdate,
    Recommendation,
    Reply,
    Response,
    ResponseEntry,
    Review,
    SdgGoal,
    SdgIndicator,
    SdgTarget,
    State,
    Status,
    Theme,
    UpdateRound,
)
from recommendations.publishing.selectors import sees_internal
from recommendations.reviews.services import REVIEW_FIELDS

# --- reference data ---------------------------------------------------------------------


class BodySerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Body
        fields = ["id", "code", "name", "mechanism", "parent", "is_active"]


class StateSerializer(serializers.ModelSerializer):
    class Meta:
        model = State
        fields = ["id", "iso2", "iso3", "name", "un_status", "regional_group"]


class ThemeSerializer(serializers.ModelSerializer):
    parent = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Theme
        fields = ["id", "code", "name", "parent"]


class GroupSerializer(serializers.ModelSerializer):
    class Meta:
        model = AffectedGroup
        fields = ["id", "code", "name"]


class SdgGoalSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    short_title = serializers.CharField(read_only=True)

    class Meta:
        model = SdgGoal
        fields = ["number", "title", "short_title", "titles"]


class SdgTargetSerializer(serializers.ModelSerializer):
    goal = serializers.SlugRelatedField(slug_field="number", read_only=True)
    title = serializers.CharField(read_only=True)

    class Meta:
        model = SdgTarget
        fields = ["code", "goal", "title", "titles"]


class ReviewSerializer(serializers.ModelSerializer):
    """A review of any mechanism: UPR (cycle, session, Working Group report and addendum),
    treaty body (concluding observations, State report, follow-up and next report dates),
    special procedure (mandate, visit dates, report) or regional body (document)."""

    state_under_review = serializers.SlugRelatedField(
        slug_field="iso3", queryset=State.objects.all()
    )
    state_name = serializers.CharField(source="state_under_review.name", read_only=True)
    body = serializers.SlugRelatedField(
        slug_field="code", queryset=Body.objects.all(), required=False, allow_null=True
    )
    mechanism = serializers.ChoiceField(choices=Mechanism.choices, default=Mechanism.UPR)

    class Meta:
        model = Review
        fields = ["id", *REVIEW_FIELDS, "state_name", "version"]
        read_only_fields = ["version"]
        # The service checks what each mechanism needs and refuses a review held twice.
        validators = []


class SplitRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=2_000_000, trim_whitespace=False)


class SplitItemSerializer(serializers.Serializer):
    paragraph = serializers.CharField(allow_blank=True, max_length=30)
    text = serializers.CharField()
    kind = serializers.ChoiceField(
        choices=["recommendation", "observation", "followup_procedure", "next_report"],
        required=False,
    )
    heading = serializers.CharField(required=False, allow_blank=True)
    is_recommendation = serializers.BooleanField(default=True)
    followup = serializers.BooleanField(default=False)


class SplitResultSerializer(serializers.Serializer):
    items = SplitItemSerializer(many=True)
    followup_references = serializers.ListField(child=serializers.CharField())
    followup_years = serializers.IntegerField(allow_null=True)
    followup_due = serializers.DateField(allow_null=True)
    next_report_due = serializers.DateField(allow_null=True)


class SplitSaveSerializer(serializers.Serializer):
    items = SplitItemSerializer(many=True, allow_empty=False)
    followup_due = serializers.DateField(required=False, allow_null=True)
    next_report_due = serializers.DateField(required=False, allow_null=True)
    is_published = serializers.BooleanField(default=True)


class RecommendationCreateSerializer(serializers.Serializer):
    """A recommendation entered by hand: its mechanism, document and date are its review's."""

    review = serializers.PrimaryKeyRelatedField(queryset=Review.objects.all())
    text = serializers.CharField()
    paragraph = serializers.CharField(required=False, allow_blank=True, max_length=30)
    body = serializers.SlugRelatedField(
        slug_field="code", queryset=Body.objects.all(), required=False, allow_null=True
    )
    response = serializers.ChoiceField(choices=Response.choices, required=False, allow_blank=True)
    response_label = serializers.CharField(required=False, allow_blank=True, max_length=120)
    response_justification = serializers.CharField(required=False, allow_blank=True)
    is_followup_item = serializers.BooleanField(default=False)
    is_published = serializers.BooleanField(default=True)


class ClusterSerializer(serializers.ModelSerializer):
    cluster_set_name = serializers.CharField(source="cluster_set.name", read_only=True)

    class Meta:
        model = Cluster
        fields = ["id", "name", "order", "cluster_set", "cluster_set_name"]


class ClusterSetSerializer(serializers.ModelSerializer):
    clusters = ClusterSerializer(many=True, read_only=True)

    class Meta:
        model = ClusterSet
        fields = ["id", "name", "description", "review", "clusters"]


class InstitutionRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Institution
        fields = ["id", "name", "acronym"]


# --- recommendations ----------------------------------------------------------------------


class RecommendationReviewSerializer(serializers.ModelSerializer):
    state_under_review = serializers.SlugRelatedField(slug_field="iso3", read_only=True)

    class Meta:
        model = Review
        fields = [
            "id",
            "mechanism",
            "state_under_review",
            "cycle",
            "session",
        ]


def _institutions(recommendation, role) -> list[dict]:
    # Plain dicts, not a serializer per row: a page of 1,000 rows builds no field objects.
    return [
        {"id": a.institution.pk, "name": a.institution.name, "acronym": a.institution.acronym}
        for a in recommendation.assignments.all()
        if a.role == role
    ]


class RecommendationSerializer(serializers.ModelSerializer):
    """One recommendation as the list and the export give it."""

    body = serializers.SlugRelatedField(slug_field="code", read_only=True)
    review = RecommendationReviewSerializer(read_only=True, allow_null=True)
    recommending_states = serializers.SlugRelatedField(slug_field="iso3", many=True, read_only=True)
    themes = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    groups = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    sdg_goals = serializers.SlugRelatedField(slug_field="number", many=True, read_only=True)
    sdg_targets = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    clusters = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    lead_institution = serializers.SerializerMethodField()
    supporting_institutions = serializers.SerializerMethodField()

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "kind",
            "external_id",
            "paragraph",
            "text",
            "mechanism",
            "body",
            "document_symbol",
            "date",
            "review",
            "recommending_states",
            "response",
            "response_label",
            "response_justification",
            "themes",
            "groups",
            "sdg_goals",
            "sdg_targets",
            "clusters",
            "lead_institution",
            "supporting_institutions",
            "status",
            "priority",
            "action_category",
            "needs_parliament",
            "budget_implications",
            "is_published",
        ]

    @extend_schema_field(InstitutionRefSerializer(allow_null=True))
    def get_lead_institution(self, obj):
        leads = _institutions(obj, Assignment.Role.LEAD)
        return leads[0] if leads else None

    @extend_schema_field(InstitutionRefSerializer(many=True))
    def get_supporting_institutions(self, obj):
        return _institutions(obj, Assignment.Role.SUPPORTING)


class ResponseEntrySerializer(serializers.ModelSerializer):
    class Meta:
        model = ResponseEntry
        fields = ["stage", "date", "value", "label", "source", "justification"]


class ResponseChangeSerializer(serializers.Serializer):
    """A change of the State's response after the review; ``version`` is the
    recommendation's version the change starts from (409 when it moved on)."""

    version = serializers.IntegerField()
    stage = serializers.CharField()
    date = serializers.DateField()
    value = serializers.CharField()
    label = serializers.CharField(required=False, allow_blank=True, max_length=120, default="")
    justification = serializers.CharField(allow_blank=True)


class LinkSerializer(serializers.Serializer):
    recommendation = serializers.IntegerField()
    kind = serializers.CharField()
    paragraph = serializers.CharField()


class RecommendationDetailSerializer(RecommendationSerializer):
    responses = ResponseEntrySerializer(many=True, read_only=True)
    links = serializers.SerializerMethodField()

    class Meta(RecommendationSerializer.Meta):
        fields = [*RecommendationSerializer.Meta.fields, "responses", "links"]

    @extend_schema_field(LinkSerializer(many=True))
    def get_links(self, obj):
        out = [
            {
                "recommendation": link.target_id,
                "kind": link.kind,
                "paragraph": link.target.paragraph,
            }
            for link in obj.links_out.all()
        ]
        out += [
            {
                "recommendation": link.source_id,
                "kind": link.kind,
                "paragraph": link.source.paragraph,
            }
            for link in obj.links_in.all()
        ]
        return out


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField(help_text=_("The value to pass to the filter of that name."))
    label = serializers.CharField()
    count = serializers.IntegerField()


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
            "Empty for the total; else the value's category under each ground it belongs to, "
            'e.g. {"sex": "female", "age": "15-24"}. Grounds: sex, age, disability, region, '
            "residence, ethnicity, migratory_status, income, other."
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
