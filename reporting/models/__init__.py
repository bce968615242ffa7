"""Models of the reporting app, split by concept: report runs and drafts (``reports``),
consultations (``consultations``), the reporting calendar (``calendar``) and the
secretariat's report settings (``report_settings``)."""

from reporting.models.calendar import CalendarFeed, Deadline, new_feed_token
from reporting.models.consultations import (
    PLAN_GENERAL,
    PLAN_GENERAL_LABEL,
    Consultation,
    ConsultationComment,
    ConsultationEvent,
    FollowedTheme,
    PublicComment,
)
from reporting.models.report_settings import ReportSettings
from reporting.models.reports import (
    ANNUAL_KINDS,
    DRAFT_KINDS,
    FORMATS_BY_KIND,
    TREATY_KINDS,
    WORD_LIMIT,
    OutputFormat,
    ReportDraft,
    ReportKind,
    ReportRun,
    SectionVersion,
    section_label,
    sections_for,
)

__all__ = [
    "ANNUAL_KINDS",
    "DRAFT_KINDS",
    "FORMATS_BY_KIND",
    "PLAN_GENERAL",
    "PLAN_GENERAL_LABEL",
    "TREATY_KINDS",
    "WORD_LIMIT",
    "CalendarFeed",
    "Consultation",
    "ConsultationComment",
    "ConsultationEvent",
    "Deadline",
    "FollowedTheme",
    "OutputFormat",
    "PublicComment",
    "ReportDraft",
    "ReportKind",
    "ReportRun",
    "ReportSettings",
    "SectionVersion",
    "new_feed_token",
    "section_label",
    "sections_for",
]
