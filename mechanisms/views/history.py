"""The History tab of every secretariat record."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.views.generic import TemplateView

from mechanisms import selectors
from mechanisms.models import Meeting, Profile
from mechanisms.views.base import WorkspaceMixin


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
