"""Report runs (Celery jobs that write .docx, .pdf and .xlsx files), the kinds of report
and their formats, and report drafts with versioned narrative sections."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from mechanisms.models import Institution
from nrtd.fields import optional_link, user_link
from recommendations.models import (
    ActionPlan,
    Body,
    Cluster,
    ClusterSet,
    Review,
)

WORD_LIMIT = 10_700  # the Council's guideline for a UPR national report


class ReportKind(models.TextChoices):
    MIDTERM = "midterm", _("Mid-term report")
    NATIONAL = "national", _("UPR national report")
    MATRIX = "matrix", _("Implementation matrix")
    TREATY_FOLLOWUP = "treaty_followup", _("Follow-up reply to a treaty body")
    TREATY_PERIODIC = "treaty_periodic", _("Periodic report to a treaty body (draft)")
    PARLIAMENT_ANNUAL = "parliament_annual", _("Annual report to parliament")
    PLAN_ANNUAL = "plan_annual", _("Annual report on the national action plan")


# The kinds written for one treaty body's review: they need a review of a treaty body.
TREATY_KINDS = (ReportKind.TREATY_FOLLOWUP, ReportKind.TREATY_PERIODIC)
# The kinds written for one year (the run's date_from to date_to): what was done that year.
ANNUAL_KINDS = (ReportKind.PARLIAMENT_ANNUAL, ReportKind.PLAN_ANNUAL)


class OutputFormat(models.TextChoices):
    DOCX = "docx", _("Word (.docx)")
    PDF = "pdf", _("PDF")
    XLSX = "xlsx", _("Excel (.xlsx)")


# What each kind of report can be written as; the first is the default.
FORMATS_BY_KIND = {
    ReportKind.MIDTERM: [OutputFormat.DOCX, OutputFormat.PDF],
    ReportKind.NATIONAL: [OutputFormat.DOCX, OutputFormat.PDF],
    ReportKind.MATRIX: [OutputFormat.XLSX],
    ReportKind.TREATY_FOLLOWUP: [OutputFormat.DOCX, OutputFormat.PDF],
    ReportKind.TREATY_PERIODIC: [OutputFormat.DOCX, OutputFormat.PDF],
    ReportKind.PARLIAMENT_ANNUAL: [OutputFormat.DOCX, OutputFormat.PDF],
    ReportKind.PLAN_ANNUAL: [OutputFormat.DOCX, OutputFormat.PDF],
}
# The kinds whose narrative sections come from a draft (see ReportDraft.sections).
DRAFT_KINDS = (ReportKind.NATIONAL, ReportKind.TREATY_PERIODIC, ReportKind.MIDTERM)


class ReportDraft(models.Model):
    """A report being written: the narrative sections live here, one version per save."""

    class Section(models.TextChoices):
        METHODOLOGY = "methodology", _("A. Methodology and consultation process")
        DEVELOPMENTS = "developments", _("B. Developments since the previous review")
        ACHIEVEMENTS = (
            "achievements",
            _("D. Achievements, best practices, challenges and constraints"),
        )
        PRIORITIES = "priorities", _("E. Key national priorities and commitments")
        ASSISTANCE = (
            "assistance",
            _("F. Expectations for capacity-building and technical assistance"),
        )
        # A periodic report to a treaty body.
        INTRODUCTION = "introduction", _("Introduction")
        TB_GENERAL = (
            "tb_general",
            _("General information and developments since the previous report"),
        )
        TB_OTHER = "tb_other", _("Other measures and information")

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(
        _("kind"), max_length=20, choices=ReportKind.choices, default=ReportKind.NATIONAL
    )
    review = optional_link(Review, _("review"), related_name="report_drafts")
    created_by = user_link()
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-modified"]

    def __str__(self) -> str:
        return self.title

    @property
    def sections(self) -> list:
        """The narrative sections this draft is written in, in report order."""
        return sections_for(self.kind)


def sections_for(kind: str) -> list:
    S = ReportDraft.Section  # noqa: N806
    if kind == ReportKind.TREATY_PERIODIC:
        return [S.INTRODUCTION, S.TB_GENERAL, S.TB_OTHER]
    if kind == ReportKind.MIDTERM:
        return [S.INTRODUCTION, S.METHODOLOGY]
    return [S.METHODOLOGY, S.DEVELOPMENTS, S.ACHIEVEMENTS, S.PRIORITIES, S.ASSISTANCE]


def section_label(kind: str, section: str) -> str:
    """A section's heading in a draft of this kind: the mid-term report's methodology is not
    section A of the national report's guidelines."""
    if kind == ReportKind.MIDTERM and section == ReportDraft.Section.METHODOLOGY:
        return str(_("Methodology"))
    return str(ReportDraft.Section(section).label)


class SectionVersion(models.Model):
    """One saved text of one narrative section; the highest number is the current text."""

    draft = models.ForeignKey(ReportDraft, on_delete=models.CASCADE, related_name="versions")
    section = models.CharField(_("section"), max_length=20, choices=ReportDraft.Section.choices)
    number = models.PositiveIntegerField(_("version"))
    text = models.TextField(_("text"), blank=True)
    author = user_link()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "section", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["draft", "section", "number"], name="unique_section_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.draft_id} {self.section} v{self.number}"


class ReportRun(models.Model):
    """One request for a report, run as a Celery job; the files are kept under MEDIA_ROOT."""

    class RunStatus(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    kind = models.CharField(_("report"), max_length=20, choices=ReportKind.choices)
    # Scope. Empty means "no restriction" for each part; the parts combine with AND.
    review = optional_link(Review, _("review"), related_name="report_runs")
    body = optional_link(Body, _("body"), related_name="report_runs")
    cycle = models.PositiveSmallIntegerField(_("UPR cycle"), null=True, blank=True)
    mechanisms = models.JSONField(_("mechanisms"), default=list, blank=True)
    cluster_set = optional_link(ClusterSet, _("cluster set"), related_name="report_runs")
    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("clusters"), blank=True, related_name="report_runs"
    )
    institutions = models.ManyToManyField(
        Institution, verbose_name=_("institutions"), blank=True, related_name="report_runs"
    )
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    include_noted = models.BooleanField(_("include noted recommendations"), default=True)
    draft = optional_link(ReportDraft, _("draft (narrative sections)"), related_name="runs")
    include_consultation_annex = models.BooleanField(
        _("add the consultation summary as an annex"), default=False
    )
    # The annual report on a national action plan covers this plan.
    plan = optional_link(ActionPlan, _("national action plan"), related_name="report_runs")
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    formats = models.JSONField(_("formats"), default=list)

    status = models.CharField(
        max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED, db_index=True
    )
    progress = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=120, blank=True)
    cancel_requested = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    result = models.JSONField(default=dict, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    docx_file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    pdf_file = models.FileField(upload_to="reports/%Y/%m/", blank=True)
    xlsx_file = models.FileField(upload_to="reports/%Y/%m/", blank=True)

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="report_runs",
    )
    queued = models.DateTimeField(default=timezone.now)
    started = models.DateTimeField(null=True, blank=True)
    # Written while the run works (nrtd.jobs.Heartbeat); none for a while: the worker died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-queued", "-pk"]
        indexes = [models.Index(fields=["status", "started"], name="reportrun_status_started")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in (self.RunStatus.QUEUED, self.RunStatus.RUNNING)

    @property
    def duration(self) -> datetime.timedelta | None:
        if self.started and self.finished:
            return self.finished - self.started
        return None

    def file_for(self, fmt: str):
        return getattr(self, f"{fmt}_file", None)

    @property
    def files(self) -> list[tuple[str, object]]:
        return [(fmt, self.file_for(fmt)) for fmt in OutputFormat.values if self.file_for(fmt)]


# A plan's sections open to comment: the plan as a whole, then one per item ("item-<id>").
