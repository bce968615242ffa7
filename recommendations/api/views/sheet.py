"""Spreadsheets over the API: upload a ministry's filled-in sheet, or the secretariat's
assignment sheet, and follow its job."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from nrtd.api import CreatingViewSet
from nrtd.permissions import RulesPermission
from recommendations.api import job_serializers as s
from recommendations.followup.sheet_upload import UPLOAD, sheet_upload_create
from recommendations.models import SheetUpload
from recommendations.registry.assignment import PERM as ASSIGN
from recommendations.registry.assignment_sheet import assignment_upload_create


class _UploadViewSet(CreatingViewSet):
    # A spreadsheet uploaded over the API: ``create`` checks the request with
    # ``create_serializer``, hands the file to ``upload_create`` (which queues the job) and
    # answers 202 with the job and, in ``Location``, where to poll it (``route``). (No
    # docstring: each endpoint's description is its own class's.)
    serializer_class = s.SheetUploadSerializer
    permission_classes = [RulesPermission]
    parser_classes = [MultiPartParser, FormParser]
    create_serializer: type[serializers.Serializer]
    upload_create: staticmethod
    route: str

    def create(self, request, *args, **kwargs):
        data = self.create_serializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = self.upload_create(actor=request.user, uploaded_file=data.validated_data["file"])
        upload.refresh_from_db()
        return Response(
            s.SheetUploadSerializer(upload).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": reverse(self.route, kwargs={"pk": upload.pk}, request=request)},
        )


@extend_schema_view(
    create=extend_schema(
        request={"multipart/form-data": s.SheetUploadCreateSerializer},
        responses={202: s.SheetUploadSerializer},
        description=(
            "Answers 202 with the job; `Location` is where to poll it. A bad row refuses the "
            "whole sheet (the job's `errors` name its row and column); rows whose "
            "recommendation changed since the download are listed in `result.changed`."
        ),
    )
)
class SheetUploadViewSet(_UploadViewSet):
    """Upload the .xlsx sheet downloaded from My work, filled in; a job turns each filled-in
    row into a progress update: poll it until ``status`` is ``done`` or ``failed``. A
    focal point sees their own uploads, the secretariat everyone's."""

    rules_permissions = {"list": UPLOAD, "retrieve": UPLOAD, "create": UPLOAD}
    create_serializer = s.SheetUploadCreateSerializer
    upload_create = staticmethod(sheet_upload_create)
    route = "api:sheet-uploads-detail"

    def get_queryset(self):
        uploads = SheetUpload.objects.filter(kind=SheetUpload.Kind.PROGRESS).order_by(
            "-created", "-pk"
        )
        if getattr(self, "swagger_fake_view", False):  # the schema, built without a user
            return uploads.none()
        if not self.request.user.has_perm("recommendations.manage_rounds"):
            uploads = uploads.filter(created_by=self.request.user)
        return uploads


@extend_schema_view(
    create=extend_schema(
        request={"multipart/form-data": s.AssignmentUploadCreateSerializer},
        responses={202: s.SheetUploadSerializer},
        description=(
            "Answers 202 with the job; `Location` is where to poll it. A bad row refuses the "
            "whole file (the job's `errors` name its file, row and column); `result` counts "
            "the assignments made or changed, those unchanged and the rows skipped."
        ),
    )
)
class AssignmentUploadViewSet(_UploadViewSet):
    """Upload an assignment sheet (.xlsx or .csv: recommendation id or paragraph,
    institution, role, note); a job assigns what it says through the assignment service,
    all or nothing: poll it until ``status`` is ``done`` or ``failed``. The secretariat's."""

    rules_permissions = {"list": ASSIGN, "retrieve": ASSIGN, "create": ASSIGN}
    create_serializer = s.AssignmentUploadCreateSerializer
    upload_create = staticmethod(assignment_upload_create)
    route = "api:assignment-uploads-detail"

    def get_queryset(self):
        return SheetUpload.objects.filter(kind=SheetUpload.Kind.ASSIGNMENTS).order_by(
            "-created", "-pk"
        )
