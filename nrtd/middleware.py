"""Project-wide request checks that belong to no app."""

from __future__ import annotations

import re

from django.http import HttpResponseBadRequest, JsonResponse
from django.utils.translation import gettext as _

# C0 controls and DEL, but tab, line feed and carriage return (a text area sent by GET keeps
# its lines). PostgreSQL refuses NUL in any string, so a query such as ``search=%00`` would
# otherwise fail deep in a query with a 500.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


class ControlCharactersMiddleware:
    """Answer 400 to a query string whose names or values hold control characters."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        for key, values in request.GET.lists():
            if CONTROL_CHARACTERS.search(key) or any(
                CONTROL_CHARACTERS.search(value) for value in values
            ):
                message = _("The address holds control characters.")
                if request.path.startswith("/api/"):
                    from nrtd.api import error_body  # the API's one error shape

                    return JsonResponse(error_body(400, message, code="invalid"), status=400)
                return HttpResponseBadRequest(message, content_type="text/plain")
        return self.get_response(request)
