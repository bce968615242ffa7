"""Setting up a TOTP device and entering its code after login. The pages themselves are
exempt from ``TwoFactorMiddleware``, which sends users here."""

from __future__ import annotations

from base64 import b32encode

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.generic import FormView
from django_otp import login as otp_login
from django_otp import match_token

from mechanisms import services
from mechanisms.forms import TokenForm
from mechanisms.two_factor import has_confirmed_device, two_factor_required
from nrtd.web import require, safe_next


class TwoFactorSetupView(LoginRequiredMixin, FormView):
    form_class = TokenForm
    template_name = "mechanisms/two_factor_setup.html"
    http_method_names = ["get", "head", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        require(request.user, "mechanisms.setup_two_factor")
        # A user who already has a device proves it before replacing it.
        if has_confirmed_device(request.user) and not request.user.is_verified():
            return HttpResponseRedirect(
                reverse("mechanisms:two_factor_verify") + "?next=" + request.path
            )
        self.device = services.totp_device_start(user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        if not services.totp_device_confirm(
            user=self.request.user, device=self.device, token=form.cleaned_data["token"]
        ):
            form.add_error("token", _("This code is not valid. Check your device's clock."))
            return self.form_invalid(form)
        otp_login(self.request, self.device)
        messages.success(self.request, _("Two-factor authentication is on."))
        return HttpResponseRedirect(safe_next(self.request, reverse("home")))

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            config_url=self.device.config_url,
            secret=b32encode(self.device.bin_key).decode(),
            has_device=has_confirmed_device(self.request.user),
            required=two_factor_required(self.request.user),
            next=safe_next(self.request, ""),
            **kwargs,
        )


class TwoFactorVerifyView(LoginRequiredMixin, FormView):
    form_class = TokenForm
    template_name = "mechanisms/two_factor_verify.html"
    http_method_names = ["get", "head", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not has_confirmed_device(request.user):
            return HttpResponseRedirect(reverse("mechanisms:two_factor_setup"))
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        device = match_token(self.request.user, form.cleaned_data["token"])
        if device is None:
            form.add_error("token", _("This code is not valid."))
            return self.form_invalid(form)
        otp_login(self.request, device)
        return HttpResponseRedirect(safe_next(self.request, reverse("home")))

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=safe_next(self.request, ""), **kwargs)
