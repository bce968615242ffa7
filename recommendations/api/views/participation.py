"""The NHRI's and CSOs' own assessments, through the portal's one write path."""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_view,
)

from nrtd.api import CreatingViewSet
from nrtd.permissions import RulesPermission
from recommendations.api import participation_serializers as ps
from recommendations.models import Assessment, Reply
from recommendations.portal.services import assessment_submit, reply_submit
from recommendations.publishing.selectors import (
    assessments_visible_to,
    recommendations_visible_to,
    replies_visible_to,
)


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
    CreatingViewSet,
):
    serializer_class = ps.AssessmentSerializer
    permission_classes = [RulesPermission]
    filterset_fields = ["recommendation", "status"]
    rules_permissions = {"create": "recommendations.add_assessment"}

    def get_queryset(self):
        user = self.request.user
        qs = Assessment.objects.select_related("stakeholder", "author").filter(
            recommendation__in=recommendations_visible_to(user)
        )
        return assessments_visible_to(user, qs).order_by("-date", "-pk")

    def perform_create(self, serializer):
        serializer.instance = assessment_submit(
            actor=self.request.user, **serializer.validated_data
        )


@extend_schema_view(
    list=extend_schema(
        description=(
            "The lead institutions' answers to the NHRI's and CSOs' published comments and "
            "assessments: published ones for everyone, all for the government side."
        )
    ),
    create=extend_schema(
        description=(
            "A focal point of the institution that leads the recommendation answers a "
            "published comment or assessment (`recommendations.reply_to_stakeholders` on its "
            "recommendation); the answer is public once the secretariat publishes it."
        ),
        examples=[
            OpenApiExample(
                "Answer",
                value={"comment": 88, "body": "The bill was tabled on 3 March; see the record."},
                request_only=True,
            )
        ],
    ),
)
class ReplyViewSet(
    CreatingViewSet,
):
    serializer_class = ps.ReplySerializer
    permission_classes = [RulesPermission]
    filterset_fields = ["comment", "assessment"]
    # Asked without an object first (the government side only); the service then asks
    # recommendations.reply_to_stakeholders about the recommendation answered on.
    rules_permissions = {"create": "recommendations.view_workspace"}

    def get_queryset(self):
        qs = Reply.objects.select_related("institution", "author")
        return replies_visible_to(self.request.user, qs).order_by("created", "pk")

    def perform_create(self, serializer):
        data = serializer.validated_data
        serializer.instance = reply_submit(
            actor=self.request.user,
            body=data.get("body", ""),
            comment=data.get("comment"),
            assessment=data.get("assessment"),
        )
