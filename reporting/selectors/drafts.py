"""Report drafts a user may see, and the current text of a draft's sections."""

from __future__ import annotations

from django.db.models import QuerySet

from reporting.models import ReportDraft, SectionVersion


def drafts_visible_to(user) -> QuerySet[ReportDraft]:
    if not user.has_perm("reporting.view_drafts"):
        return ReportDraft.objects.none()
    return ReportDraft.objects.select_related("review__state_under_review", "created_by")


def current_sections(draft: ReportDraft) -> dict[str, SectionVersion]:
    """The latest saved version of each narrative section."""
    current: dict[str, SectionVersion] = {}
    for version in draft.versions.select_related("author").order_by("section", "-number"):
        current.setdefault(version.section, version)
    return current
