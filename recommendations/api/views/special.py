"""Special procedures' country visits and communications: read by the government side,
written by the secretariat, through the same services and FilterSets as the screens."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from nrtd.api import RecordsViewSet
from nrtd.permissions import RulesPermission
from recommendations.api import special_serializers as s
from recommendations.special import selectors, services

VERSION_HELP = (
    "Changes (PUT, PATCH) carry the `version` you read; if someone saved the record since, "
    "the answer is 409 with what changed, and nothing is written."
)
PERMISSIONS = {
    "list": services.VIEW,
    "retrieve": services.VIEW,
    "create": services.MANAGE,
    "update": services.MANAGE,
    "partial_update": services.MANAGE,
    "reply": services.MANAGE,
}


class _SpecialViewSet(
    RecordsViewSet,
):
    permission_classes = [RulesPermission]
    rules_permissions = PERMISSIONS
    rules_object_permissions = ("update", "partial_update", "reply")


@extend_schema_view(
    list=extend_schema(
        summary="Special procedures' country visits",
        description=(
            "Government side only. Stages: requested, accepted, scheduled, held, "
            "report_received, declined, withdrawn."
        ),
    ),
    create=extend_schema(summary="Record a visit (secretariat)"),
    update=extend_schema(description=VERSION_HELP),
    partial_update=extend_schema(
        description=VERSION_HELP + " A new `stage` must follow the current one."
    ),
)
class VisitViewSet(_SpecialViewSet):
    serializer_class = s.VisitSerializer
    create_service = staticmethod(services.visit_create)
    update_service = staticmethod(services.visit_update)
    record_name = "visit"
    filterset_class = selectors.VisitFilter

    def get_queryset(self):
        return selectors.visits_visible_to(self.request.user)


@extend_schema_view(
    list=extend_schema(
        summary="Communications from special procedures",
        description=(
            "Government side only: communications are confidential until OHCHR publishes "
            "them (`is_public`). `status`: awaiting, overdue or replied."
        ),
    ),
    create=extend_schema(
        summary="Record a communication (secretariat)",
        description="`reply_due` left out: 60 days after `received_on`.",
    ),
    update=extend_schema(description=VERSION_HELP),
    partial_update=extend_schema(description=VERSION_HELP),
)
class CommunicationViewSet(_SpecialViewSet):
    serializer_class = s.CommunicationSerializer
    create_service = staticmethod(services.communication_create)
    update_service = staticmethod(services.communication_update)
    record_name = "communication"
    filterset_class = selectors.CommunicationFilter

    def get_queryset(self):
        return selectors.communications_visible_to(self.request.user)

    @extend_schema(
        summary="Record the State's reply: date and reply document (multipart)",
        request=s.CommunicationReplySerializer,
        responses=s.CommunicationSerializer,
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser, JSONParser])
    def reply(self, request, pk=None):
        communication = self.get_object()
        data = s.CommunicationReplySerializer(data=request.data)
        data.is_valid(raise_exception=True)
        saved = services.communication_reply(
            actor=request.user,
            communication=communication,
            expected_version=data.validated_data["version"],
            replied_on=data.validated_data["replied_on"],
            document=data.validated_data.get("reply_document"),
        )
        return Response(self.get_serializer(saved).data)
