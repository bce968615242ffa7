"""Serializers of the special procedures' visits and communications. They shape input; the
services in recommendations.special.services validate the whole record and write."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from recommendations.models import Body, Communication, Mechanism, Review, State, Visit
from recommendations.special.services import COMMUNICATION_FIELDS, VISIT_FIELDS

VERSION_HELP = _("On a change: the version you read. A change over a newer version answers 409.")


def _mandates():
    return Body.objects.filter(mechanism=Mechanism.SPECIAL_PROCEDURE)


class _Versioned(serializers.ModelSerializer):
    version = serializers.IntegerField(required=False, help_text=VERSION_HELP)

    def validate(self, attrs):
        if self.instance is not None and "version" not in attrs:
            raise serializers.ValidationError({"version": [_("Give the version you read.")]})
        return attrs


class VisitSerializer(_Versioned):
    state = serializers.SlugRelatedField(slug_field="iso3", queryset=State.objects.all())
    mandate = serializers.SlugRelatedField(slug_field="code", queryset=_mandates())
    stage = serializers.ChoiceField(choices=Visit.Stage.choices, default=Visit.Stage.REQUESTED)
    report = serializers.PrimaryKeyRelatedField(
        queryset=Review.objects.filter(mechanism=Mechanism.SPECIAL_PROCEDURE),
        required=False,
        allow_null=True,
        help_text=_("The special procedure's review holding the visit report."),
    )

    class Meta:
        model = Visit
        fields = ["id", *VISIT_FIELDS, "version"]
        validators = []


class CommunicationSerializer(_Versioned):
    state = serializers.SlugRelatedField(slug_field="iso3", queryset=State.objects.all())
    mandates = serializers.SlugRelatedField(slug_field="code", many=True, queryset=_mandates())
    reply_due = serializers.DateField(
        required=False, help_text=_("Left out: 60 days after receipt.")
    )
    replied_on = serializers.DateField(read_only=True)
    reply_document = serializers.SerializerMethodField()
    overdue = serializers.BooleanField(read_only=True)

    class Meta:
        model = Communication
        fields = [
            "id",
            *COMMUNICATION_FIELDS,
            "replied_on",
            "reply_document",
            "overdue",
            "version",
        ]
        validators = []

    def get_reply_document(self, obj) -> str | None:
        if not obj.reply_document:
            return None
        path = reverse("special:communication_document", args=[obj.pk])
        request = self.context.get("request")
        return request.build_absolute_uri(path) if request else path


class CommunicationReplySerializer(serializers.Serializer):
    replied_on = serializers.DateField()
    reply_document = serializers.FileField(required=False)
    version = serializers.IntegerField(help_text=VERSION_HELP)
