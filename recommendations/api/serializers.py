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
from recommendations.models import (
    AffectedGroup,
    Assignment,
    Body,
    Cluster,
    ClusterSet,
    Mechanism,
    Recommendation,
    Response,
    ResponseEntry,
    Review,
    SdgGoal,
    SdgTarget,
    State,
    Theme,
)
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
