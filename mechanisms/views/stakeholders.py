"""Stakeholder organisations (NHRI, civil society, UN agencies) and the verification of
their members."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from mechanisms import selectors, services
from mechanisms.forms import StakeholderForm
from mechanisms.models import Stakeholder
from mechanisms.models import StakeholderMember as Member
from mechanisms.views.base import (
    PostActionView,
    ServiceFormView,
    WorkspaceMixin,
    model_form_data,
)


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
        return services.stakeholder_create(actor=self.request.user, **model_form_data(form))

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
            actor=self.request.user, stakeholder=self.stakeholder, **model_form_data(form)
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
