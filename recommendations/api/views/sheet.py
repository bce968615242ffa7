"""The ministries' spreadsheet over the API: upload a filled-in sheet, follow its job."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from nrtd.api import ApiMixin
from nrtd.permissions import RulesPermission
from recommendations.api import serializers as s
from recommendations.followup.sheet_upload import UPLOAD, sheet_upload_create
from recommendations.models import SheetUpload


class SheetUploadViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Upload the .xlsx sheet downloaded from My work, filled in; a job turns each filled-in
    row into a progress update: poll it until ``status`` is ``done`` or ``failed``. A
    focal point sees their own uploads, the secretariat everyone's."""

    serializer_class = s.SheetUploadSerializer
    permission_classes = [RulesPermission]
    parser_classes = [MultiPartParser, FormParser]
    rules_permissions = {"list": UPLOAD, "retrieve": UPLOAD, "create": UPLOAD}

    def get_queryset(self):
        uploads = SheetUpload.objects.order_by("-created", "-pk")
        if getattr(self, "swagger_fake_view", False):  # the schema, built without a user
            return uploads.none()
        if not self.request.user.has_perm("recommendations.manage_rounds"):
            uploads = uploads.filter(created_by=self.request.user)
        return uploads

    @extend_schema(
        request={"multipart/form-data": s.SheetUploadCreateSerializer},
        responses={202: s.SheetUploadSerializer},
        description=(
            "Answers 202 with the job; `Location` is where to poll it. A bad row refuses the "
            "whole sheet (the job's `errors` name its row and column); rows whose "
            "recommendation changed since the download are listed in `result.changed`."
        ),
    )
    def create(self, request, *args, **kwargs):
        data = s.SheetUploadCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        upload = sheet_upload_create(actor=request.user, uploaded_file=data.validated_data["file"])
        upload.refresh_from_db()
        url = reverse("api:sheet-uploads-detail", kwargs={"pk": upload.pk}, request=request)
        return Response(
            s.SheetUploadSerializer(upload).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": url},
        )
