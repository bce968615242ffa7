"""The registry: reviews, recommendations, their responses, classification, clusters, links
and the institutions assigned to them."""

import datetime

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVectorField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mechanisms.models import Institution
from nrtd.fields import user_link

# One definition of the UPR calendar, shared with the (model-free) file parsers.
from recommendations.imports.parsers.base import cycle_for_session  # noqa: F401
from recommendations.models.reference import (
    AffectedGroup,
    Body,
    Mechanism,
    SdgGoal,
    SdgTarget,
    State,
    Theme,
)


class Review(models.Model):
    """One examination of a State by one mechanism, and the document that carries its
    recommendations: a UPR review (cycle, Working Group session and report), a treaty body's
    concluding observations, a special procedure's visit report or a regional body's document.
    Every recommendation belongs to one, so every one has a State under review."""

    mechanism = models.CharField(
        _("mechanism"),
        max_length=20,
        choices=Mechanism.choices,
        default=Mechanism.UPR,
        db_index=True,
    )
    state_under_review = models.ForeignKey(
        State,
        verbose_name=_("State under review"),
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    # The treaty body, the special procedure's mandate or the regional body; the UPR
    # Working Group for UPR reviews (empty on reviews made before other mechanisms had any).
    body = models.ForeignKey(
        Body,
        verbose_name=_("body or mandate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    # UPR only.
    cycle = models.PositiveSmallIntegerField(_("cycle"), null=True, blank=True)
    session = models.PositiveSmallIntegerField(_("session"), null=True, blank=True)
    # The adoption date of the document (UPR: the Working Group's report; treaty body: the
    # concluding observations; special procedure: the visit report).
    date = models.DateField(_("date"), null=True, blank=True)
    document_symbol = models.CharField(
        _("document symbol"),
        max_length=80,
        blank=True,
        help_text=_(
            "UPR: the Working Group report; treaty body: the concluding observations "
            "(e.g. CEDAW/C/SVN/CO/7); special procedure: the visit report "
            "(A/HRC/…/Add.n); regional: the document."
        ),
    )
    addendum_symbol = models.CharField(
        _("addendum (the State's responses)"), max_length=80, blank=True
    )
    title = models.CharField(_("title"), max_length=255, blank=True)
    # Treaty bodies.
    state_report_symbol = models.CharField(_("State report considered"), max_length=80, blank=True)
    followup_due = models.DateField(
        _("follow-up reply due"),
        null=True,
        blank=True,
        help_text=_("Usually one or two years after the concluding observations."),
    )
    next_report_due = models.DateField(_("next periodic report due"), null=True, blank=True)
    # Special procedures.
    visit_start = models.DateField(_("visit from"), null=True, blank=True)
    visit_end = models.DateField(_("visit until"), null=True, blank=True)

    created = models.DateTimeField(auto_now_add=True, null=True)
    modified = models.DateTimeField(auto_now=True, null=True)
    # Optimistic concurrency: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["modified"])

    class Meta:
        ordering = ["state_under_review__name", "-date", "-session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["state_under_review", "session"],
                condition=Q(mechanism="upr"),
                name="unique_upr_review",
            ),
            models.UniqueConstraint(
                fields=["state_under_review", "body", "document_symbol"],
                condition=~Q(mechanism="upr") & ~Q(document_symbol=""),
                name="unique_review_document",
            ),
        ]

    def __str__(self) -> str:
        if self.mechanism == Mechanism.UPR and self.session:
            return f"{self.state_under_review} — UPR cycle {self.cycle}, session {self.session}"
        parts = [str(self.state_under_review), self.body.code if self.body_id else ""]
        parts.append(self.document_symbol or self.title or (str(self.date) if self.date else ""))
        return " — ".join(p for p in parts if p)

    @property
    def is_upr(self) -> bool:
        return self.mechanism == Mechanism.UPR

    @property
    def followup_overdue(self) -> bool:
        return bool(self.followup_due and self.followup_due < datetime.date.today())


class Response(models.TextChoices):
    SUPPORTED = "supported", _("Supported")
    NOTED = "noted", _("Noted")
    PARTIALLY_SUPPORTED = "partially_supported", _("Partially supported")
    PENDING = "pending", _("Pending")


class Status(models.TextChoices):
    """Implementation status, the scale used by focal points' progress updates."""

    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    PARTIALLY_IMPLEMENTED = "partially_implemented", _("Partially implemented")
    FULLY_IMPLEMENTED = "fully_implemented", _("Fully implemented")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class Priority(models.TextChoices):
    HIGH = "high", _("High")
    MEDIUM = "medium", _("Medium")
    LOW = "low", _("Low")


class ActionCategory(models.IntegerChoices):
    """UPR Info's action categories: how much action a recommendation asks of the State."""

    MINIMAL = 1, _("1: minimal action (to other States, or to request or share)")
    CONTINUING = 2, _("2: continuing action")
    CONSIDERING = 3, _("3: considering action")
    GENERAL = 4, _("4: general action")
    SPECIFIC = 5, _("5: specific action")


class ClusterSet(models.Model):
    """A named grouping of recommendations, e.g. "Mid-term report 2027 clusters"."""

    name = models.CharField(_("name"), max_length=255, unique=True)
    description = models.TextField(_("description"), blank=True)
    review = models.ForeignKey(
        Review, null=True, blank=True, on_delete=models.SET_NULL, related_name="cluster_sets"
    )
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Cluster(models.Model):
    cluster_set = models.ForeignKey(ClusterSet, on_delete=models.CASCADE, related_name="clusters")
    name = models.CharField(_("name"), max_length=255)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["cluster_set", "order", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster_set", "name"], name="unique_cluster_name_in_set"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Recommendation(models.Model):
    class Kind(models.TextChoices):
        """A State's voluntary pledge is its own commitment, not a recommendation made to it:
        kept beside them, never counted with them (lists, reports and the portal's search
        show pledges only when asked for: ``?kind=voluntary_pledge``)."""

        RECOMMENDATION = "recommendation", _("Recommendation")
        VOLUNTARY_PLEDGE = "voluntary_pledge", _("Voluntary pledge (commitment)")

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.RECOMMENDATION, db_index=True
    )
    text = models.TextField(_("text"))
    paragraph = models.CharField(_("paragraph"), max_length=30, blank=True, db_index=True)
    mechanism = models.CharField(
        _("mechanism"), max_length=20, choices=Mechanism.choices, db_index=True
    )
    body = models.ForeignKey(
        Body, verbose_name=_("body"), on_delete=models.PROTECT, related_name="recommendations"
    )
    document_symbol = models.CharField(_("document"), max_length=80, blank=True)
    date = models.DateField(_("date"), null=True, blank=True, db_index=True)
    # Every recommendation belongs to a review, so every one has a State under review.
    review = models.ForeignKey(
        Review,
        verbose_name=_("review"),
        on_delete=models.PROTECT,
        related_name="recommendations",
    )
    recommending_states = models.ManyToManyField(
        State,
        verbose_name=_("recommending States"),
        blank=True,
        related_name="recommendations_made",
    )
    # Current response: the latest entry of the response history, kept here for filtering.
    response = models.CharField(
        _("response"), max_length=20, choices=Response.choices, blank=True, db_index=True
    )
    response_label = models.CharField(
        _("response as worded by the State"), max_length=120, blank=True
    )
    # Why the State gave its current response (above all, why it noted the recommendation):
    # entered with the response, or the justification of the latest change of response.
    response_justification = models.TextField(_("justification of the response"), blank=True)
    # Current implementation status, from the latest accepted progress update.
    status = models.CharField(
        _("status"), max_length=25, choices=Status.choices, blank=True, db_index=True
    )

    themes = models.ManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="recommendations"
    )
    groups = models.ManyToManyField(
        AffectedGroup, verbose_name=_("affected groups"), blank=True, related_name="recommendations"
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, verbose_name=_("SDG targets"), blank=True, related_name="recommendations"
    )
    sdg_goals = models.ManyToManyField(
        SdgGoal, verbose_name=_("SDG goals"), blank=True, related_name="recommendations"
    )
    clusters = models.ManyToManyField(
        Cluster, verbose_name=_("clusters"), blank=True, related_name="recommendations"
    )
    priority = models.CharField(_("priority"), max_length=10, choices=Priority.choices, blank=True)
    needs_parliament = models.BooleanField(_("needs parliament"), default=False)
    budget_implications = models.BooleanField(_("has budget implications"), default=False)
    # Treaty bodies: one of the few recommendations the concluding observations select for
    # the follow-up procedure (the State replies on them within one or two years).
    is_followup_item = models.BooleanField(
        _("selected for follow-up"), default=False, db_index=True
    )
    action_category = models.PositiveSmallIntegerField(
        _("action category (UPR Info)"), choices=ActionCategory.choices, null=True, blank=True
    )
    # Theme and group labels of the source file that match nothing in the reference data
    # (an older UHRI code, a new wording): kept so that nothing is lost, for classification.
    unmapped_labels = models.JSONField(
        _("themes and groups not in the reference data"), default=list, blank=True
    )

    # Provenance.
    source_file = models.CharField(_("source file"), max_length=255, blank=True)
    source_row = models.PositiveIntegerField(_("source row"), null=True, blank=True)
    external_id = models.CharField(
        _("external id"), max_length=100, null=True, blank=True, unique=True
    )

    is_published = models.BooleanField(_("published"), default=True, db_index=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    # Optimistic concurrency: a save must name the version it started from.
    version = models.PositiveIntegerField(default=1)
    search_vector = SearchVectorField(null=True, editable=False)

    history = HistoricalRecords(
        m2m_fields=[themes, groups, sdg_targets, sdg_goals, clusters, recommending_states],
        excluded_fields=["search_vector", "modified"],
    )

    class Meta:
        ordering = ["review", "paragraph", "pk"]
        indexes = [
            GinIndex(fields=["search_vector"], name="rec_search_vector_gin"),
            models.Index(fields=["mechanism", "response"], name="rec_mech_response"),
        ]

    def __str__(self) -> str:
        prefix = f"{self.paragraph} " if self.paragraph else ""
        return f"{prefix}{self.text[:80]}"

    @property
    def cycle(self) -> int | None:
        return self.review.cycle if self.review_id else None


class ResponseEntry(models.Model):
    """One dated step of a recommendation's response history."""

    class Stage(models.TextChoices):
        REVIEW = "review", _("At the review")
        ADOPTION = "adoption", _("At adoption")
        MIDTERM = "midterm", _("Mid-term")
        NATIONAL_REPORT = "national_report", _("In the next national report")
        ORAL_STATEMENT = "oral_statement", _("In an oral statement")
        OTHER = "other", _("Other")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="responses"
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.ADOPTION
    )
    date = models.DateField(_("date"), null=True, blank=True)
    label = models.CharField(_("response as worded by the State"), max_length=120, blank=True)
    value = models.CharField(_("response"), max_length=20, choices=Response.choices, blank=True)
    source = models.CharField(_("source"), max_length=120, blank=True)
    # Why the State gave (or changed to) this response, e.g. why it noted a recommendation.
    justification = models.TextField(_("justification"), blank=True)
    # Who recorded a change of response after the review (empty for imported entries).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "date", "pk"]
        verbose_name_plural = "response entries"

    def __str__(self) -> str:
        return f"{self.get_stage_display()}: {self.label or self.get_value_display()}"


class RecommendationLink(models.Model):
    """Two recommendations that belong together; they stay two records (counts matter)."""

    class Kind(models.TextChoices):
        REPEATED = "repeated", _("Repeated from an earlier cycle")
        SIMILAR = "similar", _("Similar, from another mechanism")

    source = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="links_out")
    target = models.ForeignKey(Recommendation, on_delete=models.CASCADE, related_name="links_in")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    score = models.FloatField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"], name="unique_recommendation_link"
            ),
            models.CheckConstraint(
                condition=~Q(source=models.F("target")), name="link_not_to_itself"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_id} {self.kind} {self.target_id}"


class Assignment(models.Model):
    """An institution's part in a recommendation: one lead, any number supporting."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead")
        SUPPORTING = "supporting", _("Supporting")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="assignments"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="assignments"
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    note = models.TextField(
        _("note"), blank=True, help_text=_("What the institution is asked to do, for example.")
    )
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "institution"], name="unique_assignment"
            ),
            models.UniqueConstraint(
                fields=["recommendation"],
                condition=Q(role="lead"),
                name="one_lead_per_recommendation",
            ),
        ]
        indexes = [models.Index(fields=["institution", "role"], name="assignment_inst_role")]

    def __str__(self) -> str:
        return f"{self.institution} ({self.get_role_display()})"


class ImportJob(models.Model):
    """An upload of a recommendations file, run as a Celery job."""

    class Format(models.TextChoices):
        OHCHR_MATRIX = "ohchr-matrix", _("OHCHR thematic matrix (.docx)")
        UPR_INFO = "upr-info", _("UPR Info export (.csv)")
        UHRI = "uhri", _("Universal Human Rights Index export (.xlsx, .csv)")

    class JobStatus(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")
        # The dry run is done: the preview waits for the secretariat's choices.
        PREVIEWED = "previewed", _("Preview ready")
        # Stopped on the secretariat's request; nothing of it was written.
        CANCELLED = "cancelled", _("Cancelled")

    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    format = models.CharField(max_length=20, choices=Format.choices, blank=True)
    state_name = models.CharField(max_length=120, blank=True)
    session = models.PositiveSmallIntegerField(null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    # The secretariat's choices for the real run: the States under review kept (ISO3 codes;
    # empty: the default, see imports.services.default_states) and whether the new records
    # are published (None: settings.NRTD_PUBLISH_ON_IMPORT).
    states_under_review = models.JSONField(default=list, blank=True)
    publish = models.BooleanField(null=True, blank=True)
    # What the dry run found, per State under review (see ImportSummary.preview).
    preview = models.JSONField(default=dict, blank=True)
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_by = user_link("import_jobs")
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    # Written while the job runs (nrtd.jobs.Heartbeat); none for a while: the worker died.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"
