"""The REST API: /api/v1/ (each app's endpoints), the token endpoint, the OpenAPI schema and
its interactive docs, and what every endpoint shares: authentication order, throttling, the
JSON error shape and the schema of that shape.

Mounted by the project's urls as ``path("api/", include("nrtd.api"))``. The apps' URL modules
are included by name so that this module imports no app code.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.templatetags.static import static
from django.urls import NoReverseMatch, include, path, re_path
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.authentication import SessionAuthentication, TokenAuthentication
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.reverse import reverse
from rest_framework.settings import api_settings
from rest_framework.throttling import AnonRateThrottle, SimpleRateThrottle
from rest_framework.views import APIView
from rest_framework.views import exception_handler as drf_exception_handler

logger = logging.getLogger(__name__)

# Rates used until settings give REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] its own.
DEFAULT_RATES = {"anon": "600/hour", "token": "20/hour"}

# --- shared by every endpoint ---------------------------------------------------------


class AnonThrottle(AnonRateThrottle):
    """Anonymous callers (open data) share a rate per address; signed-in users are not
    throttled."""

    def get_rate(self):
        return (api_settings.DEFAULT_THROTTLE_RATES or {}).get(self.scope) or DEFAULT_RATES[
            self.scope
        ]


class TokenThrottle(SimpleRateThrottle):
    """Password guessing through the token endpoint: a low rate per address (django-axes
    also locks the account after repeated failures)."""

    scope = "token"

    def get_rate(self):
        return (api_settings.DEFAULT_THROTTLE_RATES or {}).get(self.scope) or DEFAULT_RATES[
            self.scope
        ]

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


class ErrorBodySerializer(serializers.Serializer):
    status = serializers.IntegerField()
    code = serializers.CharField()
    message = serializers.CharField()
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text=_("Messages per field of the request, for invalid input."),
    )


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


ERROR_CODES = {
    400: "invalid",
    401: "not_authenticated",
    403: "permission_denied",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_media_type",
    429: "throttled",
    503: "queue_unavailable",
}


class ApiSchema(AutoSchema):
    """The default schema, plus the JSON error shape on the answers every endpoint can give."""

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        method = self.method.upper()
        codes = [400, 401, 403, 404, 429]
        if method in ("PUT", "PATCH"):
            codes.append(409)
        if method == "POST":
            codes.append(415)
        for code in codes:
            if str(code) not in responses:
                responses[str(code)] = self._get_response_for_code(
                    ErrorSerializer, str(code), direction=direction
                )
                responses[str(code)]["description"] = ERROR_CODES[code].replace("_", " ")
        return responses


def service_create(serializer, service, actor) -> None:
    """Hand a create to its service (the one write path), without the ``version`` field."""
    data = dict(serializer.validated_data)
    data.pop("version", None)
    serializer.instance = service(actor=actor, **data)


def service_update(serializer, service, actor, name: str) -> None:
    """Hand a versioned change to its service: the version read, and the record by name."""
    data = dict(serializer.validated_data)
    version = data.pop("version")
    serializer.instance = service(
        actor=actor, expected_version=version, **{name: serializer.instance}, **data
    )


def list_or_create(request, rows, serializer_class, create, *, request_serializer=None):
    """A record's sub-list that also takes a new row (``@action(methods=["get", "post"])``).
    GET: ``rows()`` through ``serializer_class``. POST: the request checked by
    ``request_serializer`` (default: the same class), its values handed to ``create(values)``
    (a service), and the row it returns answered with 201."""
    context = {"request": request}
    if request.method == "GET":
        return Response(serializer_class(rows(), many=True, context=context).data)
    data = (request_serializer or serializer_class)(data=request.data, context=context)
    data.is_valid(raise_exception=True)
    created = create(dict(data.validated_data))
    return Response(serializer_class(created, context=context).data, status=status.HTTP_201_CREATED)


def list_or_create_schema(
    serializer_class,
    *,
    list_summary: str,
    create_summary: str,
    list_description: str | None = None,
    create_description: str | None = None,
    request=None,
    example: tuple[str, dict] | None = None,
):
    """The schema of a ``list_or_create`` action: GET lists ``serializer_class``; POST takes
    ``request`` (default: the same class), answers 201 with the new row, and shows the
    (name, value) ``example``."""
    listing = extend_schema(
        methods=["GET"],
        summary=list_summary,
        description=list_description,
        responses=serializer_class(many=True),
    )
    creating = extend_schema(
        methods=["POST"],
        summary=create_summary,
        description=create_description,
        request=request or serializer_class,
        responses={201: serializer_class},
        examples=[OpenApiExample(*example, request_only=True)] if example else None,
    )
    return lambda view: listing(creating(view))


class ApiMixin:
    """Base of every API view: token first (so an anonymous write answers 401 with a
    WWW-Authenticate header), then the browser's session; anonymous throttling; the schema
    with the error shape."""

    authentication_classes = [TokenAuthentication, SessionAuthentication]
    throttle_classes = [AnonThrottle]
    schema = ApiSchema()

    def get_exception_handler(self):
        # Ours whatever REST_FRAMEWORK["EXCEPTION_HANDLER"] says.
        return exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        _check_integers(request, kwargs)


# Records listed, read and created (through their service, in ``perform_create``); never
# changed or deleted through the API. (No docstring: the schema's descriptions come from
# ApiMixin's, as before.)
class CreatingViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    pass


# The same, and changed (PUT, PATCH carrying the version read). Both writes go to the
# record's services, the one write path: ``create_service(actor=..., **fields)`` and
# ``update_service(actor=..., expected_version=..., <record_name>=record, **fields)``.
class RecordsViewSet(
    ApiMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    create_service = None  # staticmethod(services.<thing>_create)
    update_service = None  # staticmethod(services.<thing>_update)
    record_name = ""

    def perform_create(self, serializer):
        service_create(serializer, self.create_service, self.request.user)

    def perform_update(self, serializer):
        service_update(serializer, self.update_service, self.request.user, self.record_name)


# Integers the database can hold (SQLite and PostgreSQL bigint): a larger id in a query or a
# path is a client's mistake, not a server error.
_INTEGER = re.compile(r"^[+-]?\d+$")
_LIMIT = 2**63 - 1


def _check_integers(request, kwargs) -> None:
    for value in kwargs.values():
        if isinstance(value, str) and _INTEGER.match(value) and abs(int(value)) > _LIMIT:
            raise exceptions.NotFound()
    fields = {}
    for name, values in request.query_params.lists():
        for value in values:
            value = value.strip()
            if _INTEGER.match(value) and abs(int(value)) > _LIMIT:
                fields[name] = [str(_("This number is too large."))]
    if fields:
        raise exceptions.ValidationError(fields)


def _flatten(detail, prefix="") -> dict[str, list[str]]:
    """DRF's nested error detail as {"field" or "field.sub": [messages]}."""
    fields: dict[str, list[str]] = {}
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = f"{prefix}.{key}" if prefix else str(key)
            for sub, messages in _flatten(value, name).items():
                fields.setdefault(sub, []).extend(messages)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                for sub, messages in _flatten(value, f"{prefix}.{index}").items():
                    fields.setdefault(sub, []).extend(messages)
            else:
                fields.setdefault(prefix or api_settings.NON_FIELD_ERRORS_KEY, []).append(
                    str(value)
                )
    else:
        fields.setdefault(prefix or api_settings.NON_FIELD_ERRORS_KEY, []).append(str(detail))
    return fields


def error_body(status_code: int, message: str, *, code: str | None = None, fields=None) -> dict:
    body = {
        "status": status_code,
        "code": code or ERROR_CODES.get(status_code, "error"),
        "message": str(message),
    }
    if fields:
        body["fields"] = fields
    return {"error": body}


def _django_validation_error(exc: DjangoValidationError) -> exceptions.ValidationError:
    if hasattr(exc, "error_dict"):
        detail = {
            (api_settings.NON_FIELD_ERRORS_KEY if key == "__all__" else key): messages
            for key, messages in exc.message_dict.items()
        }
    else:
        detail = {api_settings.NON_FIELD_ERRORS_KEY: exc.messages}
    return exceptions.ValidationError(detail)


def exception_handler(exc, context):
    """Every error the API answers, 4xx or 5xx, as
    ``{"error": {"status", "code", "message", "fields"?}}``."""
    from nrtd.concurrency import RecordChanged
    from nrtd.jobs import QueueUnavailable

    if isinstance(exc, QueueUnavailable):
        # The job's row exists, marked failed with the reason: say where it is.
        return Response(
            {**error_body(503, exc.message, code="queue_unavailable"), "job": exc.pk},
            status=status.HTTP_503_SERVICE_UNAVAILABLE,
            headers={"Retry-After": "60"},
        )
    if isinstance(exc, DjangoValidationError):
        exc = _django_validation_error(exc)
    elif isinstance(exc, OverflowError):
        # An id beyond what SQLite stores, in a request body: the client's mistake.
        exc = exceptions.ValidationError([_("A number in the request is too large.")])
    elif isinstance(exc, RecordChanged):
        return Response(
            error_body(
                409,
                _("Someone saved this record since you read it; read it again and retry."),
                fields={c.label: [f"{c.yours} → {c.now}"] for c in exc.changes} or None,
            ),
            status=409,
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        # Not an API exception: a bug. Log it and answer in the same shape, without details.
        logger.exception("API error", exc_info=exc)
        if settings.DEBUG and settings.NRTD_API_RAISE:
            raise exc
        return Response(
            error_body(500, _("Internal error; it has been logged."), code="server_error"),
            status=status.HTTP_500_INTERNAL_SERVER_ERROR,
        )
    detail = response.data
    fields = None
    if isinstance(exc, exceptions.ValidationError):
        fields = _flatten(detail)
        non_field = fields.get(api_settings.NON_FIELD_ERRORS_KEY)
        message = non_field[0] if non_field else _("Invalid input.")
        code = "invalid"
    else:
        message = detail.get("detail", "") if isinstance(detail, dict) else str(detail)
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        code = codes.get("detail") if isinstance(codes, dict) else codes
        code = ERROR_CODES.get(response.status_code) if not isinstance(code, str) else code
    response.data = error_body(response.status_code, message, code=code, fields=fields)
    return response


# --- endpoints of the project itself --------------------------------------------------


class TokenView(ApiMixin, ObtainAuthToken):
    """Exchange a username and password for the user's API token (created on first use)."""

    throttle_classes = [TokenThrottle]

    @extend_schema(
        operation_id="auth_token_create",
        request=inline_serializer(
            "TokenRequest",
            {"username": serializers.CharField(), "password": serializers.CharField()},
        ),
        responses={200: inline_serializer("TokenResponse", {"token": serializers.CharField()})},
        examples=[
            OpenApiExample(
                "Sign in",
                value={"username": "secretariat", "password": "nrtd-demo"},
                request_only=True,
            ),
            OpenApiExample(
                "Token",
                value={"token": "9944b09199c62bcf9418ad846dd0e4bbdfc6ee4b"},
                response_only=True,
            ),
        ],
        auth=[],
        tags=["auth"],
    )
    def post(self, request, *args, **kwargs):
        # django-axes locks the account and address after repeated failures; Django's
        # authenticate() then answers "no such user", which DRF would turn into a 400. A
        # locked-out caller is told to wait instead, like the login page does.
        from axes.handlers.proxy import AxesProxyHandler
        from axes.helpers import get_cool_off

        credentials = {"username": str(request.data.get("username") or "")}
        cool_off = get_cool_off(request._request)
        locked = exceptions.Throttled(wait=cool_off.total_seconds() if cool_off else None)
        if AxesProxyHandler.is_locked(request._request, credentials):
            raise locked
        try:
            return super().post(request, *args, **kwargs)
        except exceptions.ValidationError:
            if getattr(request, "axes_locked_out", False) or AxesProxyHandler.is_locked(
                request._request, credentials
            ):
                raise locked from None
            raise


ROOT_ENDPOINTS = [
    "recommendations",
    "bodies",
    "states",
    "themes",
    "groups",
    "sdg-goals",
    "sdg-targets",
    "cluster-sets",
    "clusters",
    "reviews",
    "institutions",
    "activities",
    "indicators",
    "assessments",
    "rounds",
    "imports",
    "reports",
]


class ApiRootView(ApiMixin, APIView):
    """Links to every collection of the API."""

    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request, format=None):  # noqa: A002 - DRF's name
        links = {}
        for name in ROOT_ENDPOINTS:
            try:
                links[name] = reverse(f"api:{name}-list", request=request)
            except NoReverseMatch:
                continue  # an app whose endpoints are not mounted
        links["token"] = reverse("api:token", request=request)
        links["schema"] = reverse("api-schema", request=request)
        links["docs"] = reverse("api-docs", request=request)
        return Response(links)


class NotFoundView(ApiMixin, APIView):
    """Any other address under /api/: a 404 in the API's error shape, not an HTML page."""

    permission_classes = [AllowAny]

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise exceptions.NotFound()

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        raise exceptions.NotFound()


class SchemaView(SpectacularAPIView):
    """The OpenAPI 3 document of /api/v1/."""

    authentication_classes = []
    permission_classes = [AllowAny]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        # Separate request and response components: read-only fields (id, version, status
        # of a job) are not asked for in request bodies. Enum names: SPECTACULAR_SETTINGS.
        self.custom_settings = {"COMPONENT_SPLIT_REQUEST": True}
        return super().get(request, *args, **kwargs)


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI served from drf-spectacular-sidecar's static files: no CDN. The split view
    loads its start-up script from a URL, not inline (Content-Security-Policy)."""

    permission_classes = [AllowAny]

    @staticmethod
    def _swagger_ui_resource(filename):
        return static(f"drf_spectacular_sidecar/swagger-ui-dist/{filename}")

    @staticmethod
    def _swagger_ui_favicon():
        return static("drf_spectacular_sidecar/swagger-ui-dist/favicon-32x32.png")


v1 = [
    path("", ApiRootView.as_view(), name="root"),
    path("auth/token/", TokenView.as_view(), name="token"),
    path("", include("recommendations.api.urls")),
    path("", include("mechanisms.api")),
    path("", include("reporting.api")),
]

urlpatterns = [
    path("v1/", include((v1, "api"), namespace="api")),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(url_name="api-schema"), name="api-docs"),
    re_path(r"^[\s\S]*$", NotFoundView.as_view()),
]
