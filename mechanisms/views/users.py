"""User accounts: the list, an account, invitations (sending one, and the one-time link
that sets the password) and deactivation."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import FormView, TemplateView

from mechanisms import selectors, services
from mechanisms.forms import InviteForm, SetPasswordForm
from mechanisms.models import Profile
from mechanisms.views.base import (
    PostActionView,
    RecordCreateView,
    RecordListView,
    RecordMixin,
    WorkspaceMixin,
)


class UserListView(RecordListView):
    template_name = "mechanisms/user_list.html"
    view_perm = "mechanisms.view_users"
    records = staticmethod(selectors.user_list)
    context_name = "users"


class UserMixin(RecordMixin):
    view_perm = "mechanisms.view_users"
    records = staticmethod(selectors.user_list)
    record_name = "account"


class UserDetailView(UserMixin, WorkspaceMixin, TemplateView):
    template_name = "mechanisms/user_detail.html"

    def get_context_data(self, **kwargs):
        profile = Profile.objects.filter(user=self.account).select_related("institution").first()
        tenures = self.account.tenures.select_related("seat__institution").order_by("-started")
        return super().get_context_data(
            record=self.account, profile=profile, tenures=tenures, tab="detail", **kwargs
        )


class UserInviteView(RecordCreateView):
    form_class = InviteForm
    detail_url = "mechanisms:user_detail"
    list_url = "mechanisms:user_list"
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
