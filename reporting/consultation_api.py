"""Public consultations over the API (/api/v1/consultations/, /api/v1/public-comments/).

Anyone reads the drafts and national action plans opened for public comment, with the
opened sections, the published comments and, once published, the secretariat's replies; and
comments through the same service (and the same rules and rate limit) as the portal's form.
The secretariat moderates and answers comments, closes a consultation and publishes the
replies through the services its pages use.
"""

from __future__ import annotations

from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import SimpleRouter

from nrtd.api import ApiMixin
from nrtd.permissions import RulesPermission
from recommendations.models.participation import Moderation
from reporting.models import Consultation, PublicComment
from reporting.selectors.consultations import public_comments_of, public_consultations
from reporting.services import drafts as draft_services
from reporting.services import public_consultation as services
from reporting.views.public import post_rate_limited

MANAGE = "reporting.manage_consultation"


class PublishedCommentSerializer(serializers.ModelSerializer):
    """A published comment as the portal shows it: never the e-mail address."""

    organisation = serializers.CharField(source="shown_organisation", read_only=True)
    reply = serializers.SerializerMethodField(
        help_text="The secretariat's reply, once the replies are published; else empty."
    )

    class Meta:
        model = PublicComment
        fields = ["id", "section", "name", "organisation", "body", "created", "reply"]
        read_only_fields = fields

    def get_reply(self, comment) -> str:
        return comment.reply if comment.consultation.replies_published else ""


class SectionSerializer(serializers.Serializer):
    key = serializers.CharField(help_text='A draft\'s section, or a plan\'s "general"/"item-<id>".')
    label = serializers.CharField()
    text = serializers.CharField(help_text="The text as it was when the consultation opened.")
    comments = PublishedCommentSerializer(many=True)


class ConsultationSerializer(serializers.ModelSerializer):
    kind = serializers.SerializerMethodField(help_text="What is consulted on: draft or plan.")
    is_open = serializers.BooleanField(read_only=True)

    class Meta:
        model = Consultation
        fields = [
            "id",
            "title",
            "kind",
            "deadline",
            "status",
            "is_open",
            "organisations_only",
            "closed",
            "replies_published",
        ]
        read_only_fields = fields

    def get_kind(self, consultation) -> str:
        return "plan" if consultation.plan_id else "draft"


class ConsultationDetailSerializer(ConsultationSerializer):
    sections = serializers.SerializerMethodField()

    class Meta(ConsultationSerializer.Meta):
        fields = [*ConsultationSerializer.Meta.fields, "sections"]
        read_only_fields = fields

    @extend_schema_field(SectionSerializer(many=True))
    def get_sections(self, consultation) -> list[dict]:
        comments = list(public_comments_of(consultation))
        for comment in comments:
            comment.consultation = consultation
        return SectionSerializer(
            [
                {
                    "key": key,
                    "label": label,
                    "text": (consultation.snapshot.get(key) or {}).get("text", ""),
                    "comments": [c for c in comments if c.section == key],
                }
                for key, label in consultation.public_section_choices
            ],
            many=True,
        ).data


class CommentSubmitSerializer(serializers.Serializer):
    """The portal form's fields; the service checks the section, the deadline and the
    organisations-only rule."""

    section = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=200)
    organisation = serializers.CharField(max_length=255, required=False, allow_blank=True)
    email = serializers.EmailField(help_text="Never shown; the secretariat may write to you.")
    body = serializers.CharField(max_length=10000)


class SubmittedCommentSerializer(serializers.ModelSerializer):
    class Meta:
        model = PublicComment
        fields = ["id", "section", "name", "organisation", "body", "created", "moderation"]
        read_only_fields = fields


@extend_schema_view(
    list=extend_schema(
        summary="Drafts and plans opened for public comment",
        description="Open and closed ones, newest deadline first. Anyone may read them.",
    ),
    retrieve=extend_schema(
        summary="One public consultation",
        description=(
            "Its opened sections with their text at opening, each with its published "
            "comments; the secretariat's replies once it has published them."
        ),
    ),
)
class ConsultationViewSet(
    ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    permission_classes = [RulesPermission]
    # Reading and commenting are public (as on the portal); closing and publishing are not.
    rules_permissions = {"close": MANAGE, "publish_replies": MANAGE}
    filterset_fields = []

    def get_queryset(self):
        return public_consultations().order_by("-deadline", "-pk")

    def get_serializer_class(self):
        if self.action == "list":
            return ConsultationSerializer
        return ConsultationDetailSerializer

    @extend_schema(
        summary="Comment on a public consultation",
        description=(
            "The same rules as the portal's form: an opened section, before the deadline, "
            "and, if the consultation is for organisations only, a verified member of a "
            "registered organisation (token or session). The comment waits for moderation. "
            "Rate limited like the portal's forms."
        ),
        request=CommentSubmitSerializer,
        responses={201: SubmittedCommentSerializer},
        examples=[
            OpenApiExample(
                "Comment on an item of a plan",
                value={
                    "section": "item-14",
                    "name": "Amina Diallo",
                    "organisation": "Rights Watch Local",
                    "email": "amina@example.org",
                    "body": "Add shelters in the northern provinces.",
                },
                request_only=True,
            )
        ],
    )
    @action(detail=True, methods=["post"])
    def comments(self, request, pk=None):
        consultation = self.get_object()
        if post_rate_limited(request):
            raise exceptions.Throttled()
        data = CommentSubmitSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        comment = services.public_comment_submit(
            consultation=consultation, user=request.user, **data.validated_data
        )
        return Response(SubmittedCommentSerializer(comment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Close a consultation (secretariat)",
        request=None,
        responses=ConsultationSerializer,
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        consultation = draft_services.consultation_close(
            actor=request.user, consultation=self.get_object()
        )
        return Response(ConsultationSerializer(consultation).data)

    @extend_schema(
        summary="Publish the replies with the final text (secretariat)",
        description="Only once the consultation is closed.",
        request=None,
        responses=ConsultationSerializer,
    )
    @action(detail=True, methods=["post"], url_path="publish-replies")
    def publish_replies(self, request, pk=None):
        consultation = services.consultation_replies_publish(
            actor=request.user, consultation=self.get_object()
        )
        return Response(ConsultationSerializer(consultation).data)


class PublicCommentSerializer(serializers.ModelSerializer):
    """A public comment as the secretariat sees it: every moderation state, the address."""

    class Meta:
        model = PublicComment
        fields = [
            "id",
            "consultation",
            "section",
            "name",
            "organisation",
            "email",
            "body",
            "created",
            "moderation",
            "moderated",
            "reply",
            "replied",
        ]
        read_only_fields = fields


class PublicCommentModerateSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(choices=Moderation.choices)


class PublicReplySerializer(serializers.Serializer):
    reply = serializers.CharField()


@extend_schema_view(
    list=extend_schema(
        summary="Public comments, every moderation state (secretariat)",
        description="With the commenters' e-mail addresses: the secretariat's only.",
    ),
    retrieve=extend_schema(summary="One public comment (secretariat)"),
)
class PublicCommentViewSet(
    ApiMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    serializer_class = PublicCommentSerializer
    permission_classes = [RulesPermission]
    rules_permissions = {
        "list": MANAGE,
        "retrieve": MANAGE,
        "moderate": services.MODERATE,
        "reply": MANAGE,
    }
    filterset_fields = ["consultation", "moderation"]

    def get_queryset(self):
        return PublicComment.objects.select_related("consultation").order_by("created", "pk")

    @extend_schema(
        summary="Publish, reject or send back to the queue (secretariat)",
        request=PublicCommentModerateSerializer,
        responses=PublicCommentSerializer,
    )
    @action(detail=True, methods=["post"])
    def moderate(self, request, pk=None):
        return self._answer(
            request, PublicCommentModerateSerializer, services.public_comment_moderate
        )

    @extend_schema(
        summary="Answer a comment (secretariat)",
        description="Public once the consultation's replies are published.",
        request=PublicReplySerializer,
        responses=PublicCommentSerializer,
    )
    @action(detail=True, methods=["post"])
    def reply(self, request, pk=None):
        return self._answer(request, PublicReplySerializer, services.public_comment_reply)

    def _answer(self, request, serializer_class, service):
        """The comment after ``service`` has acted on it with the posted fields (the
        serializer's, named as the service's arguments), once they are valid."""
        data = serializer_class(data=request.data)
        data.is_valid(raise_exception=True)
        comment = service(actor=request.user, comment=self.get_object(), **data.validated_data)
        return Response(self.get_serializer(comment).data)


router = SimpleRouter()
router.register("consultations", ConsultationViewSet, basename="consultations")
router.register("public-comments", PublicCommentViewSet, basename="public-comments")
urlpatterns = router.urls
