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
from mechanisms.models import StakeholderMember as Member
from mechanisms.views.base import (
    PostActionView,
    RecordCreateView,
    RecordListView,
    RecordMixin,
    RecordUpdateView,
    WorkspaceMixin,
)


class StakeholderListView(RecordListView):
    template_name = "mechanisms/stakeholder_list.html"
    view_perm = "mechanisms.view_stakeholders"
    records = staticmethod(selectors.stakeholder_list)
    context_name = "stakeholders"


class StakeholderMixin(RecordMixin):
    view_perm = "mechanisms.view_stakeholders"
    records = staticmethod(selectors.stakeholder_list)
    record_name = "stakeholder"


class StakeholderDetailView(StakeholderMixin, WorkspaceMixin, TemplateView):
    template_name = "mechanisms/stakeholder_detail.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            record=self.stakeholder,
            members=selectors.stakeholder_members(stakeholder=self.stakeholder),
            tab="detail",
            **kwargs,
        )


class StakeholderCreateView(RecordCreateView):
    form_class = StakeholderForm
    view_perm = "mechanisms.view_stakeholders"
    change_perm = "mechanisms.manage_stakeholders"
    title = gettext_lazy("New stakeholder organisation")
    create_service = staticmethod(services.stakeholder_create)
    detail_url = "mechanisms:stakeholder_detail"
    list_url = "mechanisms:stakeholder_list"


class StakeholderUpdateView(StakeholderMixin, RecordUpdateView):
    form_class = StakeholderForm
    change_perm = "mechanisms.manage_stakeholders"
    title = gettext_lazy("Edit stakeholder organisation")
    update_service = staticmethod(services.stakeholder_update)
    detail_url = "mechanisms:stakeholder_detail"


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
