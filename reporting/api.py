"""Report runs over the API (/api/v1/reports/): ask for a report, poll it, download it.

A run is a Celery job (``reporting.services.runs``); the API answers 202 at once with the
run, and the run's ``downloads`` fill in when it is done. Files are served through the API
(token or session), with the same visibility as the workspace's pages.
"""

from __future__ import annotations

from django.http import FileResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.routers import SimpleRouter

from mechanisms.models import Institution
from nrtd.api import CreatingViewSet
from nrtd.permissions import RulesPermission
from recommendations.models import ActionPlan, Body, Cluster, ClusterSet, Mechanism, Review
from reporting import consultation_api
from reporting.exports import CONTENT_TYPES
from reporting.models import FORMATS_BY_KIND, OutputFormat, ReportDraft, ReportKind, ReportRun
from reporting.selectors.runs import runs_visible_to
from reporting.services.runs import (
    report_run_cancel,
    report_run_create,
    report_run_retry,
    report_runs_sweep,
)


class ReportRequestSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReportKind.choices)
    review = serializers.PrimaryKeyRelatedField(
        queryset=Review.objects.all(),
        required=False,
        allow_null=True,
        help_text="Only this review's recommendations; required for treaty_followup and "
        "treaty_periodic, which answer a treaty body's review.",
    )
    body = serializers.PrimaryKeyRelatedField(
        queryset=Body.objects.all(),
        required=False,
        allow_null=True,
        help_text="Only this body's recommendations (a CEDAW-only report, for example).",
    )
    draft = serializers.PrimaryKeyRelatedField(
        queryset=ReportDraft.objects.all(),
        required=False,
        allow_null=True,
        help_text=(
            "The draft whose narrative sections a national, periodic or mid-term report uses."
        ),
    )
    plan = serializers.PrimaryKeyRelatedField(
        queryset=ActionPlan.objects.all(),
        required=False,
        allow_null=True,
        help_text="The national action plan; required for plan_annual. The annual kinds "
        "(parliament_annual, plan_annual) cover date_from to date_to; one date alone stands "
        "for its calendar year, none for the last full calendar year.",
    )
    format = serializers.ChoiceField(
        choices=OutputFormat.choices,
        required=False,
        help_text="docx or pdf for midterm, national, treaty_followup, treaty_periodic, "
        "parliament_annual and plan_annual; xlsx for matrix. Default: the first.",
    )
    formats = serializers.ListField(
        child=serializers.ChoiceField(choices=OutputFormat.choices),
        required=False,
        help_text="Several formats at once (instead of `format`); an empty list is refused.",
    )
    include_noted = serializers.BooleanField(default=True)
    cycle = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=9)
    mechanisms = serializers.ListField(
        child=serializers.ChoiceField(choices=Mechanism.choices), required=False
    )
    cluster_set = serializers.PrimaryKeyRelatedField(
        queryset=ClusterSet.objects.all(), required=False, allow_null=True
    )
    clusters = serializers.PrimaryKeyRelatedField(
        queryset=Cluster.objects.all(), many=True, required=False
    )
    institutions = serializers.PrimaryKeyRelatedField(
        queryset=Institution.objects.all(), many=True, required=False
    )
    date_from = serializers.DateField(required=False, allow_null=True)
    date_to = serializers.DateField(required=False, allow_null=True)
    language = serializers.ChoiceField(
        choices=[code for code, _name in ReportRun._meta.get_field("language").choices],
        required=False,
    )

    def validate(self, attrs):
        fmt = attrs.pop("format", None)
        allowed = [str(f) for f in FORMATS_BY_KIND[ReportKind(attrs["kind"])]]
        if fmt and fmt not in allowed:
            raise serializers.ValidationError(
                {"format": [_("This report is written as: %s.") % ", ".join(allowed)]}
            )
        if "formats" not in attrs:
            attrs["formats"] = [fmt or allowed[0]]
        # An empty or ill-fitting "formats" goes on to the service, which refuses it with the
        # same message as the form.
        return attrs


class ReportRunSerializer(serializers.ModelSerializer):
    downloads = serializers.SerializerMethodField()
    formats = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = ReportRun
        fields = [
            "id",
            "kind",
            "review",
            "body",
            "draft",
            "plan",
            "date_from",
            "date_to",
            "formats",
            "include_noted",
            "status",
            "progress",
            "step",
            "error",
            "queued",
            "started",
            "finished",
            "downloads",
        ]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "object",
            "additionalProperties": {"type": "string", "format": "uri"},
            "description": "Format → download address, once the run is done.",
        }
    )
    def get_downloads(self, run) -> dict:
        request = self.context.get("request")
        if run.status != ReportRun.RunStatus.DONE:
            return {}
        return {
            fmt: reverse("api:reports-download", kwargs={"pk": run.pk, "fmt": fmt}, request=request)
            for fmt, _field in run.files
        }


class ReportRunViewSet(CreatingViewSet):
    """Report runs: the government side reads them; the secretariat asks for them."""

    serializer_class = ReportRunSerializer
    permission_classes = [RulesPermission]
    rules_permissions = {
        "list": "reporting.view_reports",
        "retrieve": "reporting.view_reports",
        "download": "reporting.view_reports",
        "create": "reporting.run_reports",
        "cancel": "reporting.run_reports",
        "retry": "reporting.run_reports",
    }

    def get_queryset(self):
        return runs_visible_to(self.request.user).order_by("-queued", "-pk")

    def get_object(self):
        run = super().get_object()
        if self.action == "retrieve" and run.is_active:
            report_runs_sweep(pk=run.pk)  # noticed even when no worker is left to sweep
            run.refresh_from_db()
        return run

    @extend_schema(
        summary="Ask for a report",
        description=(
            "Queues a report run (`reporting.run_reports`) and answers 202 with it; poll "
            "`GET reports/{id}/` (the `Location` header) until `status` is `done`, then "
            "follow `downloads`."
        ),
        request=ReportRequestSerializer,
        responses={202: ReportRunSerializer},
        examples=[
            OpenApiExample(
                "Mid-term report",
                value={"kind": "midterm", "review": 3, "format": "docx", "include_noted": True},
                request_only=True,
            ),
            OpenApiExample(
                "Annual report on a national action plan",
                value={
                    "kind": "plan_annual",
                    "plan": 2,
                    "date_from": "2025-01-01",
                    "date_to": "2025-12-31",
                    "formats": ["docx", "pdf"],
                },
                request_only=True,
            ),
            OpenApiExample(
                "Follow-up reply to a treaty body",
                value={"kind": "treaty_followup", "review": 7, "formats": ["docx", "pdf"]},
                request_only=True,
            ),
        ],
    )
    def create(self, request, *args, **kwargs):
        data = ReportRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        run = report_run_create(actor=request.user, **data.validated_data)
        run.refresh_from_db()
        url = reverse("api:reports-detail", kwargs={"pk": run.pk}, request=request)
        return Response(
            self.get_serializer(run).data,
            status=status.HTTP_202_ACCEPTED,
            headers={"Location": url},
        )

    @extend_schema(request=None, responses=ReportRunSerializer)
    @action(detail=True, methods=["post"])
    def cancel(self, request, pk=None):
        run = report_run_cancel(actor=request.user, run=self.get_object())
        return Response(self.get_serializer(run).data)

    @extend_schema(
        request=None,
        responses={202: ReportRunSerializer},
        summary="Run a failed or cancelled report again",
    )
    @action(detail=True, methods=["post"])
    def retry(self, request, pk=None):
        run = report_run_retry(actor=request.user, run=self.get_object())
        run.refresh_from_db()
        return Response(self.get_serializer(run).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Download a report file",
        responses={
            (200, CONTENT_TYPES[fmt]): OpenApiResponse(OpenApiTypes.BINARY) for fmt in CONTENT_TYPES
        },
    )
    @action(detail=True, methods=["get"], url_path="download/(?P<fmt>docx|pdf|xlsx)")
    def download(self, request, pk=None, fmt=None):
        run = self.get_object()
        field = run.file_for(fmt)
        if not field or not field.storage.exists(field.name):
            raise exceptions.NotFound()
        return FileResponse(
            field.open("rb"),
            as_attachment=True,
            filename=field.name.rsplit("/", 1)[-1],
            content_type=CONTENT_TYPES[fmt],
        )


router = SimpleRouter()
router.register("reports", ReportRunViewSet, basename="reports")
urlpatterns = [*router.urls, *consultation_api.urlpatterns]
