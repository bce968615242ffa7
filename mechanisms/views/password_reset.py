"""Self-service password reset by e-mail: Django's views, in the site's layout, with a limit
per address on the requests (each one sends an e-mail)."""

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from mechanisms.registration import client_address, rate_limit_exceeded


class PasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        limit = settings.NRTD_PASSWORD_RESETS_PER_HOUR
        if rate_limit_exceeded("password-reset", client_address(self.request), limit=limit):
            return render(self.request, "portal/rate_limited.html", status=429)
        return super().form_valid(form)
