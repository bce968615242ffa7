"""Optional TOTP two-factor authentication (django-otp).

A user with a confirmed TOTP device must enter a code after logging in before any page
other than the login, logout and two-factor pages. With the setting
``NRTD_REQUIRE_2FA_FOR_SECRETARIAT`` on, a secretariat user without a device is sent to set
one up first. ``TwoFactorMiddleware`` (in settings.MIDDLEWARE, after
``django_otp.middleware.OTPMiddleware``) is the one place this is enforced, for the whole site;
views do not check it again.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from mechanisms.rules import is_secretariat

EXEMPT_PREFIXES = ("/static/", "/media/", "/i18n/", "/healthz", "/accounts/")


def has_confirmed_device(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def two_factor_required(user) -> bool:
    return settings.NRTD_REQUIRE_2FA_FOR_SECRETARIAT and is_secretariat(user)


def two_factor_redirect(request):
    """A redirect to the verify or set-up page when this request must not go on, else None."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    path = request.path
    verify_url = reverse("mechanisms:two_factor_verify")
    setup_url = reverse("mechanisms:two_factor_setup")
    if path in (verify_url, setup_url) or path.startswith(EXEMPT_PREFIXES):
        return None
    is_verified = getattr(user, "is_verified", None)
    if is_verified is not None and is_verified():
        return None
    query = urlencode({"next": request.get_full_path()})
    if has_confirmed_device(user):
        return redirect(f"{verify_url}?{query}")
    if two_factor_required(user):
        return redirect(f"{setup_url}?{query}")
    return None


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = two_factor_redirect(request)
        if response is not None:
            return response
        return self.get_response(request)
