"""Follow-up: what the State does about its recommendations.

Progress updates (status + narrative), activities, national action plans, indicators and
their values, evidence files, update rounds, reminders and sheet uploads. Everything here
is internal until the secretariat publishes it. Comments, assessments and replies are in
``participation``.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mechanisms.models import Institution
from nrtd.fields import user_link
from recommendations.models.reference import Body, SdgIndicator
from recommendations.models.registry import Cluster, Recommendation, Status


class UpdateRound(models.Model):
    """A call by the secretariat for progress updates by a deadline, on a scope."""

    class RoundStatus(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=255)
    deadline = models.DateField(_("deadline"))
    status = models.CharField(max_length=10, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    # Scope: empty means all recommendations; otherwise the union of what is chosen.
    clusters = models.ManyToManyField(Cluster, blank=True, related_name="update_rounds")
    bodies = models.ManyToManyField(Body, blank=True, related_name="update_rounds")
    institutions = models.ManyToManyField(Institution, blank=True, related_name="update_rounds")
    opened_by = user_link()
    opened = models.DateTimeField(auto_now_add=True)
    closed = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-opened"]

    def __str__(self) -> str:
        return self.name


class ProgressUpdate(models.Model):
    """A dated status with a narrative: what was done, what is planned, obstacles."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Sent back")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="progress_updates"
    )
    institution = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="progress_updates",
    )
    update_round = models.ForeignKey(
        UpdateRound, null=True, blank=True, on_delete=models.SET_NULL, related_name="updates"
    )
    status = models.CharField(_("status"), max_length=25, choices=Status.choices)
    narrative = models.TextField(_("what was done, what is planned, obstacles"))
    date = models.DateField(_("date"))
    state = models.CharField(max_length=10, choices=State.choices, default=State.SUBMITTED)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates"
    )
    reviewed_by = user_link(blank=True, on_delete=models.PROTECT)
    reviewed = models.DateTimeField(null=True, blank=True)
    review_comment = models.TextField(_("secretariat's comment"), blank=True)
    is_published = models.BooleanField(_("published"), default=False)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "-date", "-pk"]
        indexes = [models.Index(fields=["recommendation", "-date"], name="progress_rec_date")]

    def __str__(self) -> str:
        return f"{self.date} {self.get_status_display()}"


class RoundTask(models.Model):
    """What one institution owes in a round for one recommendation, and how far it got."""

    class TaskState(models.TextChoices):
        PENDING = "pending", _("To do")
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        RETURNED = "returned", _("Sent back")

    update_round = models.ForeignKey(UpdateRound, on_delete=models.CASCADE, related_name="tasks")
    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="round_tasks"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.CASCADE, related_name="round_tasks"
    )
    state = models.CharField(max_length=10, choices=TaskState.choices, default=TaskState.PENDING)
    update = models.ForeignKey(
        ProgressUpdate, null=True, blank=True, on_delete=models.SET_NULL, related_name="round_tasks"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["update_round", "recommendation", "institution"], name="unique_round_task"
            )
        ]
        indexes = [models.Index(fields=["institution", "state"], name="roundtask_inst_state")]

    def __str__(self) -> str:
        return f"{self.update_round}: {self.recommendation_id} / {self.institution_id}"


class ActionPlan(models.Model):
    """A national action plan (human rights, or thematic) with its own period and items."""

    title = models.CharField(_("title"), max_length=255)
    period_start = models.DateField(_("from"), null=True, blank=True)
    period_end = models.DateField(_("to"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    # Only a published plan, and its published items, reach the portal.
    is_published = models.BooleanField(_("published"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "title"]

    def __str__(self) -> str:
        return self.title


class ActionPlanItem(models.Model):
    """One commitment of a plan: who is responsible, when, with what money, measured how."""

    class ItemStatus(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        ONGOING = "ongoing", _("Ongoing")
        DELAYED = "delayed", _("Delayed")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    # An item whose end date has passed is overdue unless it is done or dropped.
    CLOSED_STATUSES = frozenset({ItemStatus.COMPLETED, ItemStatus.CANCELLED})

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="items")
    code = models.CharField(_("number"), max_length=30, blank=True)
    title = models.CharField(_("title"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    clusters = models.ManyToManyField(Cluster, blank=True, related_name="plan_items")
    responsible_institution = models.ForeignKey(
        Institution,
        verbose_name=_("responsible institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_items",
    )
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ItemStatus.choices, default=ItemStatus.NOT_STARTED
    )
    budget = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    recommendations = models.ManyToManyField(
        Recommendation, verbose_name=_("recommendations"), blank=True, related_name="plan_items"
    )
    indicators = models.ManyToManyField(
        "Indicator", verbose_name=_("indicators"), blank=True, related_name="plan_items"
    )
    is_published = models.BooleanField(_("published"), default=False)
    modified = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[clusters, recommendations, indicators])

    class Meta:
        ordering = ["plan", "code", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="plan_item_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}".strip()

    @property
    def is_overdue(self) -> bool:
        from django.utils import timezone

        return (
            self.end_date is not None
            and self.end_date < timezone.localdate()
            and self.status not in self.CLOSED_STATUSES
        )


class Activity(models.Model):
    """A measure taken or planned; one activity often serves several recommendations."""

    class ActivityStatus(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"))
    lead_institution = models.ForeignKey(
        Institution,
        verbose_name=_("lead institution"),
        on_delete=models.PROTECT,
        related_name="activities",
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=ActivityStatus.choices, default=ActivityStatus.PLANNED
    )
    budget = models.DecimalField(
        _("budget"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    currency = models.CharField(_("currency"), max_length=3, blank=True)
    recommendations = models.ManyToManyField(
        Recommendation, verbose_name=_("recommendations"), related_name="activities"
    )
    plan_items = models.ManyToManyField(
        ActionPlanItem, verbose_name=_("action plan items"), blank=True, related_name="activities"
    )
    is_published = models.BooleanField(_("published"), default=False)
    created_by = user_link()
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[recommendations, plan_items])

    class Meta:
        ordering = ["-start_date", "title"]
        verbose_name_plural = "activities"
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=models.F("start_date")),
                name="activity_ends_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Indicator(models.Model):
    """A SMART indicator; one indicator can serve several recommendations."""

    name = models.CharField(_("indicator"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    unit = models.CharField(_("unit"), max_length=60, blank=True)
    baseline = models.DecimalField(
        _("baseline"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    baseline_date = models.DateField(_("baseline date"), null=True, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    target_date = models.DateField(_("target date"), null=True, blank=True)
    data_source = models.CharField(_("data source"), max_length=255, blank=True)
    sdg_indicator = models.ForeignKey(
        SdgIndicator, null=True, blank=True, on_delete=models.SET_NULL, related_name="indicators"
    )
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="indicators"
    )
    recommendations = models.ManyToManyField(Recommendation, blank=True, related_name="indicators")
    is_published = models.BooleanField(_("published"), default=False)
    created_by = user_link()
    created = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(m2m_fields=[recommendations])

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class IndicatorValue(models.Model):
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="values")
    date = models.DateField(_("date"))
    value = models.DecimalField(_("value"), max_digits=16, decimal_places=4)
    note = models.CharField(_("note"), max_length=500, blank=True)
    # {ground: category}, e.g. {"sex": "female", "age": "15-24"}; empty for the total.
    # Keys are DisaggregationDimension codes, values their categories' names (checked by the
    # service against the active dimensions).
    disaggregation = models.JSONField(_("disaggregation"), default=dict, blank=True)
    created_by = user_link()
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "date"]

    def __str__(self) -> str:
        return f"{self.date}: {self.value}"

    @property
    def breakdown(self) -> list[tuple[str, str]]:
        """[(dimension's label, category's label)] in the reader's language, in the order of
        the dimensions; empty for the total. Selectors label a page's rows at once
        (``label_values``); a lone row reads the dimensions itself."""
        if not self.disaggregation:
            return []
        if not hasattr(self, "labelled_breakdown"):
            from recommendations.followup.dimensions import label_values

            label_values([self])
        return self.labelled_breakdown


class Evidence(models.Model):
    """A file attached to a progress update or an activity; served only to those allowed."""

    file = models.FileField(upload_to="evidence/%Y/%m/")
    original_name = models.CharField(max_length=255)
    content_type = models.CharField(max_length=100)  # sniffed from the content, not the name
    size = models.PositiveIntegerField()
    progress_update = models.ForeignKey(
        ProgressUpdate, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence"
    )
    is_internal = models.BooleanField(_("internal"), default=True)
    uploaded_by = user_link()
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "evidence"
        constraints = [
            models.CheckConstraint(
                condition=Q(progress_update__isnull=False) | Q(activity__isnull=False),
                name="evidence_belongs_somewhere",
            )
        ]

    def __str__(self) -> str:
        return self.original_name


class ReminderLog(models.Model):
    """One row per digest sent, so running the daily job twice sends nothing twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=40)
    day = models.DateField()
    sent = models.DateTimeField(auto_now_add=True)
    detail = models.JSONField(default=dict, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "day"], name="one_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user} {self.kind} {self.day}"


class SheetUpload(models.Model):
    """A spreadsheet filled in offline and uploaded back, applied by a Celery job: a
    ministry's sheet, whose rows become progress updates (recommendations.followup.
    sheet_upload), or the secretariat's assignment sheet, whose rows assign institutions
    (recommendations.registry.assignment_sheet)."""

    class Kind(models.TextChoices):
        PROGRESS = "progress", _("Progress updates")
        ASSIGNMENTS = "assignments", _("Assignments")

    class JobStatus(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.PROGRESS)
    file = models.FileField(upload_to="sheets/%Y/%m/")
    original_name = models.CharField(max_length=255)
    # The institution the sheet was downloaded for: known once the job has read the file.
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="sheet_uploads"
    )
    status = models.CharField(max_length=10, choices=JobStatus.choices, default=JobStatus.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    result = models.JSONField(default=dict, blank=True)
    errors = models.JSONField(default=list, blank=True)
    created_by = user_link("sheet_uploads")
    created = models.DateTimeField(auto_now_add=True)
    started = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created", "-pk"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    def get_absolute_url(self) -> str:
        """The upload's page: under My work for a ministry's sheet, under the registry for
        an assignment sheet."""
        if self.kind == self.Kind.ASSIGNMENTS:
            return reverse("recommendations:assignment_upload_detail", args=[self.pk])
        return reverse("followup:sheet_upload_detail", args=[self.pk])

    @property
    def is_running(self) -> bool:
        return self.status in (self.JobStatus.QUEUED, self.JobStatus.RUNNING)
