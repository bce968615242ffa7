"""Secretariat screens: institutions, seats, users, stakeholders, the national mechanism,
the History tab of each record, invitations and two-factor authentication.

Views are thin: they check the permission (404 when the user may not see the record, 403
when they may see it but not change it), call a selector or a service, and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView, TemplateView

from mechanisms import selectors, services
from mechanisms.forms import (
    InstitutionForm,
    InviteForm,
    MechanismForm,
    MechanismMemberForm,
    MeetingForm,
    SeatForm,
    SeatTransferForm,
    SetPasswordForm,
    StakeholderForm,
    TokenForm,
)
from mechanisms.models import Institution, Meeting, NationalMechanism, Profile, Stakeholder
from mechanisms.models import StakeholderMember as Member
from mechanisms.two_factor import has_confirmed_device, two_factor_required

User = get_user_model()


class WorkspaceMixin(LoginRequiredMixin):
    """Login, then permissions: ``view_perm`` failing answers 404 (the user may not know the
    record exists), ``change_perm`` failing answers 403. Two-factor authentication is
    enforced before any view, by ``mechanisms.two_factor.TwoFactorMiddleware``."""

    view_perm: str | None = None
    change_perm: str | None = None
    http_method_names = ["get", "head"]

    def get_permission_object(self):
        return None

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        obj = self.get_permission_object()
        if self.view_perm and not request.user.has_perm(self.view_perm, obj):
            raise Http404
        if self.change_perm and not request.user.has_perm(self.change_perm, obj):
            raise PermissionDenied
        return View.dispatch(self, request, *args, **kwargs)


class ServiceFormView(WorkspaceMixin, FormView):
    """A form whose valid data goes to a service; the service's ValidationError comes back
    on the form, which keeps what the user typed."""

    template_name = "mechanisms/form.html"
    http_method_names = ["get", "head", "post"]
    title = ""
    submit_label = gettext_lazy("Save")

    def perform(self, form):
        raise NotImplementedError

    def form_valid(self, form):
        try:
            self.result = self.perform(form)
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for name, errors in exc.error_dict.items():
                    form.add_error(name if name in form.fields else None, errors)
            else:
                form.add_error(None, exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Saved."))
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs):
        ctx = super().get_context_data(**kwargs)
        ctx.update(title=self.title, submit_label=self.submit_label, cancel_url=self.cancel_url())
        return ctx

    def cancel_url(self):
        return self.get_success_url()


class PostActionView(WorkspaceMixin, View):
    """A button: POST only, then back to the record."""

    http_method_names = ["post"]

    def post(self, request, *args, **kwargs):
        try:
            message = self.perform()
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, message)
        return HttpResponseRedirect(self.success_url())


def _model_form_data(form) -> dict:
    return {name: form.cleaned_data[name] for name in form._meta.fields}


# Institutions -------------------------------------------------------------------------------


class InstitutionListView(WorkspaceMixin, TemplateView):
    template_name = "mechanisms/institution_list.html"
    view_perm = "mechanisms.view_institution"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            institutions=selectors.institution_list(user=self.request.user), **kwargs
        )


class InstitutionMixin:
    view_perm = "mechanisms.view_institution"

    def get_permission_object(self):
        self.institution = get_object_or_404(
            selectors.institution_list(user=self.request.user), pk=self.kwargs["pk"]
        )
        return self.institution


class InstitutionDetailView(InstitutionMixin, WorkspaceMixin, TemplateView):
    template_name = "mechanisms/institution_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            record=self.institution,
            seats=selectors.seat_list(user=self.request.user, institution=self.institution),
            tab="detail",
            **kwargs,
        )


class InstitutionCreateView(ServiceFormView):
    form_class = InstitutionForm
    view_perm = "mechanisms.view_institution"
    change_perm = "mechanisms.manage_institutions"
    title = gettext_lazy("New institution")

    def perform(self, form):
        return services.institution_create(actor=self.request.user, **_model_form_data(form))

    def get_success_url(self):
        if getattr(self, "result", None) is not None:
            return reverse("mechanisms:institution_detail", args=[self.result.pk])
        return reverse("mechanisms:institution_list")


class InstitutionUpdateView(InstitutionMixin, ServiceFormView):
    form_class = InstitutionForm
    change_perm = "mechanisms.manage_institutions"
    title = gettext_lazy("Edit institution")

    def get_form_kwargs(self):
        # A copy, so a failed validation does not leave the typed values on the record.
        instance = Institution.objects.get(pk=self.institution.pk)
        return {**super().get_form_kwargs(), "instance": instance}

    def perform(self, form):
        return services.institution_update(
            actor=self.request.user, institution=self.institution, **_model_form_data(form)
        )

    def get_success_url(self):
        return reverse("mechanisms:institution_detail", args=[self.institution.pk])


class InstitutionDeactivateView(InstitutionMixin, PostActionView):
    change_perm = "mechanisms.manage_institutions"

    def perform(self):
        services.institution_deactivate(actor=self.request.user, institution=self.institution)
        return _("The institution is deactivated.")

    def success_url(self):
        return reverse("mechanisms:institution_detail", args=[self.institution.pk])


# Seats ------------------------------------------------------------------------------------


class SeatListView(WorkspaceMixin, TemplateView):
    template_name = "mechanisms/seat_list.html"
    view_perm = "mechanisms.view_internal"

    def get_context_data(self, **kwargs):
        return super().get_context_data(seats=selectors.seat_list(user=self.request.user), **kwargs)


class SeatMixin:
    view_perm = "mechanisms.view_internal"

    def get_permission_object(self):
        self.seat = get_object_or_404(
            selectors.seat_list(user=self.request.user), pk=self.kwargs["pk"]
        )
        return self.seat


class SeatDetailView(SeatMixin, WorkspaceMixin, TemplateView):
    template_name = "mechanisms/seat_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            record=self.seat, tenures=selectors.seat_tenures(seat=self.seat), tab="detail", **kwargs
        )


class SeatCreateView(ServiceFormView):
    form_class = SeatForm
    view_perm = "mechanisms.view_internal"
    change_perm = "mechanisms.manage_seats"
    title = gettext_lazy("New focal point seat")

    def get_initial(self):
        return {"institution": self.request.GET.get("institution")}

    def perform(self, form):
        return services.seat_create(actor=self.request.user, **_model_form_data(form))

    def get_success_url(self):
        if getattr(self, "result", None) is not None:
            return reverse("mechanisms:seat_detail", args=[self.result.pk])
        return reverse("mechanisms:seat_list")


class SeatTransferView(SeatMixin, ServiceFormView):
    form_class = SeatTransferForm
    change_perm = "mechanisms.transfer_seat"
    title = gettext_lazy("Transfer the seat")
    submit_label = gettext_lazy("Transfer")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "seat": self.seat}

    def perform(self, form):
        return services.seat_transfer(
            actor=self.request.user,
            seat=self.seat,
            successor=form.cleaned_data["successor"],
            handover_note=form.cleaned_data["handover_note"],
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(record=self.seat, **kwargs)

    def get_success_url(self):
        return reverse("mechanisms:seat_detail", args=[self.seat.pk])


# Users ------------------------------------------------------------------------------------


class UserListView(WorkspaceMixin, TemplateView):
    template_name = "mechanisms/user_list.html"
    view_perm = "mechanisms.view_users"

    def get_context_data(self, **kwargs):
        return super().get_context_data(users=selectors.user_list(user=self.request.user), **kwargs)


class UserMixin:
    view_perm = "mechanisms.view_users"

    def get_permission_object(self):
        self.account = get_object_or_404(
            selectors.user_list(user=self.request.user), pk=self.kwargs["pk"]
        )
        return self.account


class UserDetailView(UserMixin, WorkspaceMixin, TemplateView):
    template_name = "mechanisms/user_detail.html"

    def get_context_data(self, **kwargs):
        profile = Profile.objects.filter(user=self.account).select_related("institution").first()
        tenures = self.account.tenures.select_related("seat__institution").order_by("-started")
        return super().get_context_data(
            record=self.account, profile=profile, tenures=tenures, tab="detail", **kwargs
        )


class UserInviteView(ServiceFormView):
    form_class = InviteForm
    view_perm = "mechanisms.view_users"
    change_perm = "mechanisms.manage_users"
    title = gettext_lazy("Invite a user")
    submit_label = gettext_lazy("Send the invitation")

    def perform(self, form):
        def link_for(uidb64: str, token: str) -> str:
            return self.request.build_absolute_uri(
                reverse("mechanisms:invitation_accept", args=[uidb64, token])
            )

        return services.user_invite(actor=self.request.user, link_for=link_for, **form.cleaned_data)

    def get_success_url(self):
        if getattr(self, "result", None) is not None:
            return reverse("mechanisms:user_detail", args=[self.result.pk])
        return reverse("mechanisms:user_list")


class UserDeactivateView(UserMixin, PostActionView):
    change_perm = "mechanisms.manage_users"

    def perform(self):
        services.user_deactivate(actor=self.request.user, user=self.account)
        return _("The account is deactivated; its seats are vacant.")

    def success_url(self):
        return reverse("mechanisms:user_detail", args=[self.account.pk])


class InvitationAcceptView(FormView):
    """The one-time link: anyone holding it may set the password, once."""

    form_class = SetPasswordForm
    template_name = "mechanisms/invitation_accept.html"

    def dispatch(self, request, *args, **kwargs):
        self.invitee = services.invitation_user(kwargs["uidb64"], kwargs["token"])
        if self.invitee is None:
            return render(request, "mechanisms/invitation_invalid.html", status=404)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        try:
            services.invitation_accept(
                uidb64=self.kwargs["uidb64"],
                token=self.kwargs["token"],
                password=form.cleaned_data["password1"],
            )
        except ValidationError as exc:
            form.add_error("password1", exc)
            return self.form_invalid(form)
        messages.success(self.request, _("Your password is set. You can log in now."))
        return HttpResponseRedirect(reverse("login"))

    def get_context_data(self, **kwargs):
        return super().get_context_data(invitee=self.invitee, **kwargs)


# Stakeholders ---------------------------------------------------------------------------------


class StakeholderListView(WorkspaceMixin, TemplateView):
    template_name = "mechanisms/stakeholder_list.html"
    view_perm = "mechanisms.view_stakeholders"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            stakeholders=selectors.stakeholder_list(user=self.request.user), **kwargs
        )


class StakeholderMixin:
    view_perm = "mechanisms.view_stakeholders"

    def get_permission_object(self):
        self.stakeholder = get_object_or_404(
            selectors.stakeholder_list(user=self.request.user), pk=self.kwargs["pk"]
        )
        return self.stakeholder


class StakeholderDetailView(StakeholderMixin, WorkspaceMixin, TemplateView):
    template_name = "mechanisms/stakeholder_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            record=self.stakeholder,
            members=selectors.stakeholder_members(stakeholder=self.stakeholder),
            tab="detail",
            **kwargs,
        )


class StakeholderCreateView(ServiceFormView):
    form_class = StakeholderForm
    view_perm = "mechanisms.view_stakeholders"
    change_perm = "mechanisms.manage_stakeholders"
    title = gettext_lazy("New stakeholder organisation")

    def perform(self, form):
        return services.stakeholder_create(actor=self.request.user, **_model_form_data(form))

    def get_success_url(self):
        if getattr(self, "result", None) is not None:
            return reverse("mechanisms:stakeholder_detail", args=[self.result.pk])
        return reverse("mechanisms:stakeholder_list")


class StakeholderUpdateView(StakeholderMixin, ServiceFormView):
    form_class = StakeholderForm
    change_perm = "mechanisms.manage_stakeholders"
    title = gettext_lazy("Edit stakeholder organisation")

    def get_form_kwargs(self):
        instance = Stakeholder.objects.get(pk=self.stakeholder.pk)
        return {**super().get_form_kwargs(), "instance": instance}

    def perform(self, form):
        return services.stakeholder_update(
            actor=self.request.user, stakeholder=self.stakeholder, **_model_form_data(form)
        )

    def get_success_url(self):
        return reverse("mechanisms:stakeholder_detail", args=[self.stakeholder.pk])


class StakeholderMemberVerifyView(PostActionView):
    view_perm = "mechanisms.view_stakeholders"
    change_perm = "mechanisms.verify_stakeholder_member"

    def get_permission_object(self):
        self.member = get_object_or_404(
            Member.objects.filter(
                stakeholder__in=selectors.stakeholder_list(user=self.request.user)
            ),
            pk=self.kwargs["pk"],
        )
        return self.member

    def perform(self):
        verified = self.request.POST.get("verified", "1") == "1"
        services.stakeholder_member_verify(
            actor=self.request.user, member=self.member, verified=verified
        )
        return _("Member verified.") if verified else _("Verification withdrawn.")

    def success_url(self):
        return reverse("mechanisms:stakeholder_detail", args=[self.member.stakeholder_id])


# The national mechanism -----------------------------------------------------------------------


class MechanismMixin:
    view_perm = "mechanisms.view_mechanism"

    def get_permission_object(self):
        self.mechanism = selectors.mechanism_current()
        return self.mechanism


class MechanismDetailView(MechanismMixin, WorkspaceMixin, TemplateView):
    template_name = "mechanisms/mechanism_detail.html"

    def get_context_data(self, **kwargs):
        mechanism = self.mechanism
        return super().get_context_data(
            record=mechanism,
            members=mechanism.members.select_related("institution") if mechanism else [],
            meetings=mechanism.meetings.all() if mechanism else [],
            tab="detail",
            **kwargs,
        )


class MechanismUpdateView(MechanismMixin, ServiceFormView):
    form_class = MechanismForm
    change_perm = "mechanisms.manage_mechanism"
    title = gettext_lazy("Edit the national mechanism")

    def get_form_kwargs(self):
        instance = (
            NationalMechanism.objects.get(pk=self.mechanism.pk)
            if self.mechanism
            else NationalMechanism()
        )
        return {**super().get_form_kwargs(), "instance": instance}

    def perform(self, form):
        return services.mechanism_update(
            actor=self.request.user,
            mechanism=self.mechanism or NationalMechanism(),
            **_model_form_data(form),
        )

    def get_success_url(self):
        return reverse("mechanisms:mechanism")


class MechanismRequiredMixin(MechanismMixin):
    def get_permission_object(self):
        mechanism = super().get_permission_object()
        if mechanism is None:
            raise Http404
        return mechanism


class MechanismMemberAddView(MechanismRequiredMixin, ServiceFormView):
    form_class = MechanismMemberForm
    change_perm = "mechanisms.manage_mechanism"
    title = gettext_lazy("Add a member institution")

    def perform(self, form):
        return services.mechanism_member_add(
            actor=self.request.user, mechanism=self.mechanism, **_model_form_data(form)
        )

    def get_success_url(self):
        return reverse("mechanisms:mechanism")


class MeetingCreateView(MechanismRequiredMixin, ServiceFormView):
    form_class = MeetingForm
    change_perm = "mechanisms.manage_mechanism"
    title = gettext_lazy("New meeting")

    def perform(self, form):
        return services.meeting_create(
            actor=self.request.user, mechanism=self.mechanism, **_model_form_data(form)
        )

    def get_success_url(self):
        if getattr(self, "result", None) is not None:
            return reverse("mechanisms:meeting_detail", args=[self.result.pk])
        return reverse("mechanisms:mechanism")


class MeetingMixin:
    view_perm = "mechanisms.view_mechanism"

    def get_permission_object(self):
        self.meeting = get_object_or_404(
            Meeting.objects.select_related("mechanism"), pk=self.kwargs["pk"]
        )
        return self.meeting.mechanism


class MeetingDetailView(MeetingMixin, WorkspaceMixin, TemplateView):
    template_name = "mechanisms/meeting_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(record=self.meeting, tab="detail", **kwargs)


class MeetingUpdateView(MeetingMixin, ServiceFormView):
    form_class = MeetingForm
    change_perm = "mechanisms.manage_mechanism"
    title = gettext_lazy("Edit meeting")

    def get_form_kwargs(self):
        instance = Meeting.objects.get(pk=self.meeting.pk)
        return {**super().get_form_kwargs(), "instance": instance}

    def perform(self, form):
        return services.meeting_update(
            actor=self.request.user, meeting=self.meeting, **_model_form_data(form)
        )

    def get_success_url(self):
        return reverse("mechanisms:meeting_detail", args=[self.meeting.pk])


# History ----------------------------------------------------------------------------------


class HistoryView(WorkspaceMixin, TemplateView):
    """The History tab of a record: read-only, GET only."""

    template_name = "mechanisms/history.html"
    kind = ""

    KINDS = {
        # kind: (permission to see the record, name of its detail page)
        "institution": ("view_institution", "institution_detail"),
        "seat": ("view_internal", "seat_detail"),
        "user": ("view_users", "user_detail"),
        "stakeholder": ("view_stakeholders", "stakeholder_detail"),
        "mechanism": ("view_mechanism", "mechanism"),
        "meeting": ("view_mechanism", "meeting_detail"),
    }

    def get_permission_object(self):
        user = self.request.user
        pk = self.kwargs.get("pk")
        if self.kind == "institution":
            obj = get_object_or_404(selectors.institution_list(user=user), pk=pk)
        elif self.kind == "seat":
            obj = get_object_or_404(selectors.seat_list(user=user), pk=pk)
        elif self.kind == "user":
            obj = get_object_or_404(selectors.user_list(user=user), pk=pk)
        elif self.kind == "stakeholder":
            obj = get_object_or_404(selectors.stakeholder_list(user=user), pk=pk)
        elif self.kind == "mechanism":
            obj = selectors.mechanism_current()
            if obj is None:
                raise Http404
        elif self.kind == "meeting":
            obj = get_object_or_404(Meeting, pk=pk)
        else:  # pragma: no cover - a URL names an unknown kind
            raise Http404
        perm, self.detail_name = self.KINDS[self.kind]
        if not user.has_perm(f"mechanisms.{perm}", obj) or not user.has_perm(
            "mechanisms.view_history", obj
        ):
            raise Http404
        self.record = obj
        return obj

    def get_context_data(self, **kwargs):
        record = self.record
        if self.kind == "user":
            # An account's history is its role's history and its seats' tenures.
            profile = Profile.objects.filter(user=record).first()
            entries = selectors.history_changes(profile) if profile else []
        else:
            entries = selectors.history_changes(record)
        args = [] if self.kind == "mechanism" else [record.pk]
        return super().get_context_data(
            record=record,
            entries=entries,
            tab="history",
            detail_url=reverse(f"mechanisms:{self.detail_name}", args=args),
            history_url=self.request.path,
            **kwargs,
        )


# Two-factor authentication --------------------------------------------------------------------


def _safe_next(request, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


class TwoFactorSetupView(LoginRequiredMixin, FormView):
    form_class = TokenForm
    template_name = "mechanisms/two_factor_setup.html"
    http_method_names = ["get", "head", "post"]

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return self.handle_no_permission()
        if not request.user.has_perm("mechanisms.setup_two_factor"):
            raise PermissionDenied
        # A user who already has a device proves it before replacing it.
        if has_confirmed_device(request.user) and not request.user.is_verified():
            return HttpResponseRedirect(
                reverse("mechanisms:two_factor_verify") + "?next=" + request.path
            )
        self.device = services.totp_device_start(user=request.user)
        return super().dispatch(request, *args, **kwargs)

    def form_valid(self, form):
        from django_otp import login as otp_login

        if not services.totp_device_confirm(
            user=self.request.user, device=self.device, token=form.cleaned_data["token"]
        ):
            form.add_error("token", _("This code is not valid. Check your device's clock."))
            return self.form_invalid(form)
        otp_login(self.request, self.device)
        messages.success(self.request, _("Two-factor authentication is on."))
        return HttpResponseRedirect(_safe_next(self.request, reverse("home")))

    def get_context_data(self, **kwargs):
        from base64 import b32encode

        return super().get_context_data(
            config_url=self.device.config_url,
            secret=b32encode(self.device.bin_key).decode(),
            has_device=has_confirmed_device(self.request.user),
            required=two_factor_required(self.request.user),
            next=_safe_next(self.request, ""),
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
        from django_otp import login as otp_login
        from django_otp import match_token

        device = match_token(self.request.user, form.cleaned_data["token"])
        if device is None:
            form.add_error("token", _("This code is not valid."))
            return self.form_invalid(form)
        otp_login(self.request, device)
        return HttpResponseRedirect(_safe_next(self.request, reverse("home")))

    def get_context_data(self, **kwargs):
        return super().get_context_data(next=_safe_next(self.request, ""), **kwargs)
