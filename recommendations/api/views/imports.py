"""Imports: upload a file, follow the job, read its problems."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.reverse import reverse

from nrtd.api import CreatingViewSet
from nrtd.permissions import RulesPermission
from recommendations.api import job_serializers as s
from recommendations.imports.jobs import (
    import_job_cancel,
    import_job_confirm,
    import_job_create,
    import_job_retry,
    import_jobs_sweep,
)
from recommendations.models import ImportJob


class ImportJobViewSet(
    CreatingViewSet,
):
    """Upload a file of recommendations (OHCHR matrix, UPR Info or UHRI export, or this
    API's own JSON export); the import runs as a job: poll it until ``status`` is ``done``
    or ``failed`` (or ``previewed`` for a dry run, which ``run`` then imports)."""

    serializer_class = s.ImportJobSerializer
    lookup_value_regex = "[0-9]+"
    permission_classes = [RulesPermission]
    parser_classes = [MultiPartParser, FormParser]
    rules_permissions = {
        "list": "recommendations.import_recommendations",
        "retrieve": "recommendations.import_recommendations",
        "create": "recommendations.import_recommendations",
        "retry": "recommendations.import_recommendations",
        "cancel": "recommendations.import_recommendations",
        "run": "recommendations.import_recommendations",
    }

    def get_queryset(self):
        return ImportJob.objects.order_by("-created", "-pk")

    def get_object(self):
        job = super().get_object()
        if self.action == "retrieve" and job.status in ("queued", "running"):
            import_jobs_sweep(pk=job.pk)  # noticed even when no worker is left to sweep
            job.refresh_from_db()
        return job

    @extend_schema(
        request={"multipart/form-data": s.ImportJobCreateSerializer},
        responses={202: s.ImportJobSerializer},
        description=(
            "Answers 202 with the job; `Location` is where to poll it. Nothing is written "
            "if the file has any problem: the job's `errors` list them."
        ),
    )
    def create(self, request, *args, **kwargs):
        data = s.ImportJobCreateSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        job = import_job_create(
            actor=request.user,
            uploaded_file=values["file"],
            format=values.get("format", ""),
            state=values.get("state", ""),
            session=values.get("session"),
            dry_run=values.get("dry_run", False),
            states_under_review=values.get("states_under_review"),
            publish=values.get("publish"),
        )
        return self._accepted(request, job)

    def _accepted(self, request, job):
        job.refresh_from_db()
        url = reverse("api:imports-detail", kwargs={"pk": job.pk}, request=request)
        return Response(
            s.ImportJobSerializer(job).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": url},
        )

    @extend_schema(
        request=None,
        responses={202: s.ImportJobSerializer},
        description="Queue a failed import again, with the file uploaded the first time.",
    )
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        job = import_job_retry(actor=request.user, job=self.get_object())
        job.refresh_from_db()
        return Response(s.ImportJobSerializer(job).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        request=None,
        responses={200: s.ImportJobSerializer},
        description=(
            "Cancel an import. A queued or previewed one (or one whose worker died) is "
            "``cancelled`` at once; a running one stays ``running`` until its worker stops at "
            "the next batch and rolls the import back: poll it. Nothing of a cancelled import "
            "is written. 400 when the import is already done, failed or cancelled."
        ),
    )
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        job = import_job_cancel(actor=request.user, job=self.get_object())
        return Response(s.ImportJobSerializer(job).data)

    @extend_schema(
        request=s.ImportJobRunSerializer,
        responses={202: s.ImportJobSerializer},
        description=(
            "Import a previewed job (``status`` ``previewed``, from a dry run): the States "
            "under review chosen among the preview's, published or not. Answers 202; poll "
            "the job as after an upload. 400 when the job is not waiting for a choice."
        ),
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser, FormParser, MultiPartParser])
    def run(self, request, pk=None):
        job = self.get_object()
        data = s.ImportJobRunSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            job = import_job_confirm(
                actor=request.user,
                job=job,
                states_under_review=data.validated_data["states_under_review"],
                publish=data.validated_data.get("publish"),
            )
        except DjangoValidationError as exc:
            raise ValidationError(
                exc.message_dict if hasattr(exc, "error_dict") else {"detail": exc.messages}
            ) from exc
        return self._accepted(request, job)
