"""Serializers of the API's background jobs: imports and uploaded spreadsheets (ministries'
sheets, assignment sheets). Each is created by a multipart upload and then polled."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from recommendations.models import ImportJob, SheetUpload, State

# What every background job answers: where it is and what came of it.
JOB_FIELDS = ["status", "progress", "result", "errors", "created", "started", "finished"]

# --- imports ----------------------------------------------------------------------------------


class ImportJobSerializer(serializers.ModelSerializer):
    format = serializers.CharField(
        read_only=True, help_text=_("The format detected or given; empty until detected.")
    )

    class Meta:
        model = ImportJob
        fields = [
            "id",
            "original_name",
            "format",
            "state_name",
            "session",
            "dry_run",
            "states_under_review",
            "publish",
            "preview",
            *JOB_FIELDS,
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        from nrtd.jobs import live_progress

        data = super().to_representation(instance)
        data["progress"] = live_progress(instance)
        return data


class ImportJobCreateSerializer(serializers.Serializer):
    file = serializers.FileField()
    format = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=20,
        help_text=_("Leave empty to detect it from the content."),
    )
    state = serializers.CharField(required=False, allow_blank=True, max_length=120)
    session = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=999)
    dry_run = serializers.BooleanField(
        default=False,
        help_text=_(
            "Record the preview only (States under review found, new / changed / unchanged, "
            "pledges, names that did not resolve); import later with POST .../run/."
        ),
    )
    states_under_review = serializers.ListField(
        child=serializers.CharField(max_length=3),
        required=False,
        help_text=_(
            "ISO3 codes of the States under review to import (repeat the field). Default: "
            "this deployment's own State (NRTD_OWN_STATE), else those already held, else all."
        ),
    )
    publish = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Publish the new items. Default: the NRTD_PUBLISH_ON_IMPORT setting."),
    )

    def validate_states_under_review(self, value):
        codes = sorted({code.strip().upper() for code in value if code.strip()})
        known = set(State.objects.filter(iso3__in=codes).values_list("iso3", flat=True))
        if unknown := [c for c in codes if c not in known]:
            raise serializers.ValidationError(
                _("Unknown State code: %(codes)s.") % {"codes": ", ".join(unknown)}
            )
        return codes

    def validate_format(self, value):
        from recommendations.imports.parsers.detect import PARSERS

        if value and value not in PARSERS:
            raise serializers.ValidationError(
                _("Unknown format; one of: %(formats)s.") % {"formats": ", ".join(PARSERS)}
            )
        return value


class ImportJobRunSerializer(serializers.Serializer):
    states_under_review = serializers.ListField(
        child=serializers.CharField(max_length=3),
        help_text=_("ISO3 codes of the States under review to import, among the preview's."),
    )
    publish = serializers.BooleanField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("Publish the new items. Default: the NRTD_PUBLISH_ON_IMPORT setting."),
    )


# --- uploaded spreadsheets ----------------------------------------------------------------


class SheetUploadSerializer(serializers.ModelSerializer):
    class Meta:
        model = SheetUpload
        fields = [
            "id",
            "kind",
            "original_name",
            "institution",
            *JOB_FIELDS,
        ]
        read_only_fields = fields


class SheetUploadCreateSerializer(serializers.Serializer):
    file = serializers.FileField(help_text=_("The .xlsx sheet downloaded from My work."))


class AssignmentUploadCreateSerializer(serializers.Serializer):
    file = serializers.FileField(
        help_text=_("An assignment sheet (.xlsx or .csv), as downloaded from the registry.")
    )
