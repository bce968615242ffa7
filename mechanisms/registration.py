"""Civil society registration: a person registers with their organisation, confirms their
e-mail address through a signed link, and may then comment and submit assessments (which
the secretariat moderates). The secretariat verifies the organisation and its members
separately (mechanisms.views); registration never grants more than the CSO role.

Registration and posting are rate limited per address and per account with Django's cache
(``rate_limit_exceeded``), so no extra service is needed.
"""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.core.mail import send_mail
from django.db import transaction
from django.shortcuts import render
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from mechanisms.models import Profile, Stakeholder, StakeholderMember
from nrtd import web

User = get_user_model()


# --- rate limiting --------------------------------------------------------------------------


def rate_limit_exceeded(scope: str, key: str, *, limit: int, period: int = 3600) -> bool:
    """Count one attempt of ``scope`` by ``key`` in the current window and say whether the
    limit is now exceeded. A fixed window per period: cheap, and enough against floods."""
    cache_key = f"nrtd-rate:{scope}:{key}"
    if cache.add(cache_key, 1, timeout=period):
        count = 1
    else:
        try:
            count = cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.set(cache_key, 1, timeout=period)
            count = 1
    return count > limit


def client_address(request) -> str:
    # One rule for every per-address limit: REMOTE_ADDR, or the documented proxy's header.
    return web.client_address(request) or "unknown"


def registration_limit() -> int:
    return settings.NRTD_REGISTRATIONS_PER_HOUR


# --- form and service -----------------------------------------------------------------------


class RegistrationForm(forms.Form):
    first_name = forms.CharField(label=gettext_lazy("First name"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Last name"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    organisation = forms.CharField(
        label=gettext_lazy("Organisation"),
        max_length=255,
        help_text=gettext_lazy("The civil society organisation you speak for."),
    )
    website = forms.URLField(
        label=gettext_lazy("Organisation's website"), required=False, assume_scheme="https"
    )
    password1 = forms.CharField(label=gettext_lazy("Password"), widget=forms.PasswordInput)
    password2 = forms.CharField(label=gettext_lazy("Password again"), widget=forms.PasswordInput)

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if (
            User.objects.filter(email__iexact=email).exists()
            or User.objects.filter(username__iexact=email).exists()
        ):
            raise forms.ValidationError(_("An account with this e-mail address already exists."))
        return email

    def clean_organisation(self):
        name = self.cleaned_data["organisation"].strip()
        existing = Stakeholder.objects.filter(name__iexact=name).first()
        if existing and existing.kind != Stakeholder.Kind.CSO:
            raise forms.ValidationError(
                _("This name belongs to an organisation that is not a CSO.")
            )
        return name

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", _("The two passwords differ."))
        elif data.get("password1"):
            try:
                password_validation.validate_password(
                    data["password1"],
                    User(username=data.get("email", ""), email=data.get("email", "")),
                )
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data


@transaction.atomic
def cso_register(
    *, email: str, first_name: str, last_name: str, organisation: str, password: str, website=""
):
    """An inactive account with the CSO role, a member (unverified) of its organisation,
    created or found by name (an unverified organisation until the secretariat checks it)."""
    user = User(
        username=email, email=email, first_name=first_name, last_name=last_name, is_active=False
    )
    user.set_password(password)
    user.save()
    Profile.objects.create(user=user, role=Profile.Role.CSO)
    stakeholder = Stakeholder.objects.filter(name__iexact=organisation).first()
    if stakeholder is None:
        stakeholder = Stakeholder.objects.create(
            name=organisation, kind=Stakeholder.Kind.CSO, website=website, is_verified=False
        )
    StakeholderMember.objects.create(stakeholder=stakeholder, user=user, is_verified=False)
    return user


def verification_path(user) -> str:
    return reverse(
        "cso_registration:verify",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )


def send_verification(request, user) -> None:
    link = request.build_absolute_uri(verification_path(user))
    send_mail(
        _("Confirm your e-mail address"),
        _(
            "Someone, probably you, registered this address for %(organisation)s.\n"
            "Open this link to confirm it and activate the account:\n\n%(link)s\n\n"
            "If it was not you, ignore this message."
        )
        % {"organisation": user.stakeholder_memberships.first().stakeholder.name, "link": link},
        None,
        [user.email],
    )


def user_from_token(uidb64: str, token: str):
    try:
        pk = urlsafe_base64_decode(uidb64).decode()
        user = User.objects.get(pk=pk)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    if not default_token_generator.check_token(user, token):
        return None
    return user


# --- views ----------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD", "POST"])
def register(request):
    if request.method == "POST":
        if rate_limit_exceeded("register", client_address(request), limit=registration_limit()):
            return render(request, "portal/rate_limited.html", status=429)
        form = RegistrationForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            user = cso_register(
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
                organisation=data["organisation"],
                password=data["password1"],
                website=data.get("website", ""),
            )
            send_verification(request, user)
            return render(request, "portal/register_sent.html", {"email": user.email})
    else:
        form = RegistrationForm()
    return render(request, "portal/register.html", {"form": form})


@require_safe
def verify(request, uidb64: str, token: str):
    user = user_from_token(uidb64, token)
    if user is None:
        return render(request, "portal/register_invalid.html", status=400)
    if not user.is_active:
        user.is_active = True
        user.save(update_fields=["is_active"])
    return render(request, "portal/register_done.html", {"user_email": user.email})
