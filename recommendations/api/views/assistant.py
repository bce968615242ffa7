"""The assistant's suggestions for one recommendation."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import (
    OpenApiExample,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.parsers import FormParser, JSONParser
from rest_framework.response import Response

from nrtd.api import ApiMixin
from nrtd.permissions import RulesPermission
from recommendations.api import followup_serializers as fs


@extend_schema(
    summary="Suggest themes, groups and SDGs for a text",
    description=(
        "The classification assistant's suggestions for a recommendation's text "
        "(`recommendations.classify_recommendation`)."
    ),
    request=fs.SuggestionRequestSerializer,
    responses=inline_serializer(
        "Suggestions",
        {
            name: inline_serializer(
                f"Suggestion{name.title().replace('_', '')}",
                {
                    "code": serializers.CharField(),
                    "label": serializers.CharField(),
                    "score": serializers.FloatField(),
                },
                many=True,
            )
            for name in ("sdg_goals", "sdg_targets", "themes", "groups")
        },
    ),
    examples=[
        OpenApiExample(
            "Text",
            value={"text": "Criminalise marital rape and ensure access to shelters", "top": 3},
            request_only=True,
        )
    ],
)
class SuggestionViewSet(ApiMixin, viewsets.GenericViewSet):
    permission_classes = [RulesPermission]
    rules_permissions = {"create": "recommendations.classify_recommendation"}
    serializer_class = fs.SuggestionRequestSerializer
    parser_classes = [JSONParser, FormParser]

    def create(self, request):
        from recommendations.assistant import suggest

        data = fs.SuggestionRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            result = suggest(data.validated_data["text"], top=data.validated_data["top"])
        except ValueError as exc:
            # The vectoriser finds no word to weigh (digits, stop words only).
            raise ValidationError({"text": [_("There are no words to classify.")]}) from exc
        return Response(result)
