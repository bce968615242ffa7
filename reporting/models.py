"""Reporting: report runs (Celery jobs that write .docx, .pdf and .xlsx files), report drafts
with versioned narrative sections, consultations on drafts, and the reporting calendar."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mechanisms.models import Institution, Stakeholder
from recommendations.models import (
    ActionPlan,
    Body,
    Cluster,
    ClusterSet,
    Mechanism,
    Review,
    Theme,
)
from recommendations.models.participation import Moderation

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
    review = models.ForeignKey(
        Review,
        verbose_name=_("review"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_drafts",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
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
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
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
    review = models.ForeignKey(
        Review,
        verbose_name=_("review"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_runs",
    )
    body = models.ForeignKey(
        Body,
        verbose_name=_("body"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_runs",
    )
    cycle = models.PositiveSmallIntegerField(_("UPR cycle"), null=True, blank=True)
    mechanisms = models.JSONField(_("mechanisms"), default=list, blank=True)
    cluster_set = models.ForeignKey(
        ClusterSet,
        verbose_name=_("cluster set"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_runs",
    )
    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("clusters"), blank=True, related_name="report_runs"
    )
    institutions = models.ManyToManyField(
        Institution, verbose_name=_("institutions"), blank=True, related_name="report_runs"
    )
    date_from = models.DateField(_("from"), null=True, blank=True)
    date_to = models.DateField(_("to"), null=True, blank=True)
    include_noted = models.BooleanField(_("include noted recommendations"), default=True)
    draft = models.ForeignKey(
        ReportDraft,
        verbose_name=_("draft (narrative sections)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="runs",
    )
    include_consultation_annex = models.BooleanField(
        _("add the consultation summary as an annex"), default=False
    )
    # The annual report on a national action plan covers this plan.
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("national action plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="report_runs",
    )
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
PLAN_GENERAL = "general"
PLAN_GENERAL_LABEL = _("The plan as a whole")


class Consultation(models.Model):
    """A draft report, or a national action plan, sent out for comment by a deadline: to
    chosen institutions and stakeholders (a draft), and/or to the public on the portal."""

    class ConsultationStatus(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    # What is consulted on: exactly one of a draft and a plan.
    draft = models.ForeignKey(
        ReportDraft,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="consultations",
    )
    title = models.CharField(_("title"), max_length=255)
    message = models.TextField(_("message to recipients"), blank=True)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(
        max_length=10, choices=ConsultationStatus.choices, default=ConsultationStatus.OPEN
    )
    institutions = models.ManyToManyField(
        Institution, verbose_name=_("institutions"), blank=True, related_name="consultations"
    )
    stakeholders = models.ManyToManyField(
        Stakeholder,
        verbose_name=_("NHRI, civil society and UN agencies"),
        blank=True,
        related_name="consultations",
    )
    # What the recipients were sent: the sections' texts and versions at opening, and a .docx.
    snapshot = models.JSONField(default=dict, blank=True)
    attachment = models.FileField(upload_to="consultations/%Y/%m/", blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    opened = models.DateTimeField(auto_now_add=True)
    closed = models.DateTimeField(null=True, blank=True)
    # Public comment on the portal: only the sections the secretariat opened are shown.
    is_public = models.BooleanField(_("open for public comment"), default=False)
    public_sections = models.JSONField(_("sections open to the public"), default=list, blank=True)
    organisations_only = models.BooleanField(
        _("registered organisations only"),
        default=False,
        help_text=_("Only verified members of registered CSOs and the NHRI may comment."),
    )
    # The secretariat's replies to public comments appear on the portal from this moment on.
    replies_published = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-opened"]
        constraints = [
            models.CheckConstraint(
                condition=Q(draft__isnull=True) ^ Q(plan__isnull=True),
                name="consultation_on_one_draft_or_plan",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.ConsultationStatus.OPEN and self.deadline >= timezone.localdate()

    @property
    def target(self):
        """The draft or the plan consulted on."""
        return self.draft if self.draft_id else self.plan

    @property
    def sections(self) -> list[tuple[str, str]]:
        """(key, label) of every section, in the document's order. A plan's sections were
        fixed when it was opened (the plan as a whole, then its items): an item edited or
        removed since keeps the label the public commented on."""
        if self.draft_id:
            return [(s.value, s.label) for s in self.draft.sections]
        return [(key, self.section_label(key)) for key in self.public_sections]

    @property
    def public_section_choices(self) -> list[tuple[str, str]]:
        """(key, label) of the sections open to the public, in the document's order."""
        return [(key, self.section_label(key)) for key in self.public_sections]

    def section_label(self, key: str) -> str:
        if self.plan_id:
            if key == PLAN_GENERAL:
                return str(PLAN_GENERAL_LABEL)
            return (self.snapshot.get(key) or {}).get("label", key)
        return dict(ConsultationComment.SECTION_CHOICES).get(key, key)


class ConsultationComment(models.Model):
    class Resolution(models.TextChoices):
        PENDING = "pending", _("Not yet considered")
        ADDRESSED = "addressed", _("Addressed")
        NOT_ADDRESSED = "not_addressed", _("Not addressed")

    GENERAL = "general"
    SECTION_CHOICES = [(GENERAL, _("The draft as a whole")), *ReportDraft.Section.choices]

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="comments"
    )
    section = models.CharField(_("section"), max_length=20, choices=SECTION_CHOICES)
    body = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="consultation_comments"
    )
    # Who the author speaks for: exactly one of the two.
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(
        _("resolution"), max_length=15, choices=Resolution.choices, default=Resolution.PENDING
    )
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["consultation", "section", "created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(institution__isnull=True) ^ Q(stakeholder__isnull=True),
                name="comment_speaks_for_one_organisation",
            )
        ]

    def __str__(self) -> str:
        return f"{self.organisation}: {self.body[:60]}"

    @property
    def organisation(self):
        return self.institution or self.stakeholder


class Deadline(models.Model):
    """One entry of the reporting calendar: a report or review due, and when it was done."""

    class Kind(models.TextChoices):
        UPR_REVIEW = "upr_review", _("UPR review")
        UPR_NATIONAL_REPORT = "upr_national", _("UPR national report")
        MIDTERM = "midterm", _("UPR mid-term report")
        PERIODIC_REPORT = "periodic", _("Treaty body periodic report")
        FOLLOWUP_REPLY = "followup", _("Follow-up reply")
        OTHER = "other", _("Other report")

    kind = models.CharField(_("kind"), max_length=15, choices=Kind.choices)
    mechanism = models.CharField(_("mechanism"), max_length=20, choices=Mechanism.choices)
    body = models.ForeignKey(
        Body, verbose_name=_("body"), null=True, blank=True, on_delete=models.PROTECT
    )
    review = models.ForeignKey(
        Review,
        verbose_name=_("review"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="deadlines",
    )
    title = models.CharField(_("title"), max_length=255)
    period = models.CharField(_("period or report number"), max_length=120, blank=True)
    due_date = models.DateField(_("due date"), db_index=True)
    is_estimate = models.BooleanField(
        _("estimated"), default=False, help_text=_("Computed from the review date")
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_date", "pk"]
        constraints = [
            # Entries computed from a review exist once per review and kind.
            models.UniqueConstraint(
                fields=["review", "kind"],
                condition=Q(review__isnull=False),
                name="one_deadline_per_review_and_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.due_date})"

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.submitted_on is None and self.due_date < (today or timezone.localdate())


def new_feed_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's secret iCalendar address: calendar apps cannot log in, so the token is the key."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token)
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"calendar feed of {self.user}"


class PublicComment(models.Model):
    """A comment from anyone on a section of a draft opened for public comment. It waits for
    the secretariat's moderation (the publishing queue); the e-mail address is never shown."""

    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, related_name="public_comments"
    )
    # A draft's section (ReportDraft.Section), or a plan's: "general" or "item-<id>".
    section = models.CharField(_("section"), max_length=20)
    name = models.CharField(_("your name"), max_length=200)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    email = models.EmailField(_("e-mail address"))
    # Set when the comment was made from a registered organisation's account.
    stakeholder = models.ForeignKey(
        Stakeholder, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.TextField(_("comment"))
    created = models.DateTimeField(auto_now_add=True)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    moderated = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    replied = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["consultation", "section", "created", "pk"]

    def __str__(self) -> str:
        return f"{self.name}: {self.body[:60]}"

    @property
    def shown_organisation(self) -> str:
        return self.stakeholder.name if self.stakeholder_id else self.organisation

    def get_section_display(self) -> str:
        return self.consultation.section_label(self.section)


class ConsultationEvent(models.Model):
    """A hearing, or a meeting with civil society: who took part, and what came out of it.
    The record of the consultation process that section A of a national report describes."""

    class Kind(models.TextChoices):
        HEARING = "hearing", _("Public hearing")
        CIVIL_SOCIETY = "civil_society", _("Meeting with civil society")
        WORKSHOP = "workshop", _("Workshop")
        OTHER = "other", _("Other consultation")

    class Format(models.TextChoices):
        IN_PERSON = "in_person", _("In person")
        ONLINE = "online", _("Online")
        HYBRID = "hybrid", _("Hybrid")

    title = models.CharField(_("title"), max_length=255)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.HEARING)
    date = models.DateField(_("date"))
    place = models.CharField(_("place"), max_length=255, blank=True)
    format = models.CharField(
        _("format"), max_length=10, choices=Format.choices, default=Format.IN_PERSON
    )
    participants = models.PositiveIntegerField(_("number of participants"), null=True, blank=True)
    organisations = models.ManyToManyField(
        Stakeholder,
        verbose_name=_("registered organisations"),
        blank=True,
        related_name="consultation_events",
    )
    other_organisations = models.TextField(
        _("other organisations"), blank=True, help_text=_("One per line.")
    )
    outcomes = models.TextField(_("outcomes"), blank=True)
    draft = models.ForeignKey(
        ReportDraft,
        verbose_name=_("report draft"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_events",
    )
    plan = models.ForeignKey(
        ActionPlan,
        verbose_name=_("action plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="consultation_events",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    # Several people of the secretariat record events: who changed what, and no lost edits.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["created", "modified"])

    class Meta:
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def other_organisation_list(self) -> list[str]:
        return [line.strip() for line in self.other_organisations.splitlines() if line.strip()]


class FollowedTheme(models.Model):
    """A UHRI theme an organisation (the NHRI, a CSO, a UN agency) follows: the list of
    organisations by topic, and whom to invite when a consultation concerns that theme."""

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="followed_themes"
    )
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="followers")
    added = models.DateTimeField(auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["stakeholder", "theme"]
        constraints = [
            models.UniqueConstraint(fields=["stakeholder", "theme"], name="unique_followed_theme")
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} follows {self.theme}"


from reporting.settings_models import ReportSettings  # noqa: E402, F401  (one app, two modules)
