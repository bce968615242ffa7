"""Special procedures beyond their reports: country visits and communications.

A visit's report, once received, is a Review of mechanism ``special_procedure`` (its
recommendations live there); the visit keeps the way to it: requested, accepted, scheduled,
held, report received (or declined, withdrawn). A communication (allegation letter, urgent
appeal) asks the State to reply, usually within 60 days; it stays internal until OHCHR
publishes it.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nrtd.fields import user_link
from recommendations.models.reference import Body, State
from recommendations.models.registry import Review

SPECIAL_PROCEDURE = Q(mechanism="special_procedure")


class Visit(models.Model):
    class Stage(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        ACCEPTED = "accepted", _("Accepted")
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        REPORT_RECEIVED = "report_received", _("Report received")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    state = models.ForeignKey(
        State, verbose_name=_("State visited"), on_delete=models.PROTECT, related_name="+"
    )
    mandate = models.ForeignKey(
        Body,
        verbose_name=_("mandate"),
        on_delete=models.PROTECT,
        limit_choices_to=SPECIAL_PROCEDURE,
        related_name="visits",
    )
    stage = models.CharField(
        _("stage"), max_length=20, choices=Stage.choices, default=Stage.REQUESTED, db_index=True
    )
    requested_on = models.DateField(_("requested on"))
    accepted_on = models.DateField(_("accepted on"), null=True, blank=True)
    start_date = models.DateField(_("visit from"), null=True, blank=True)
    end_date = models.DateField(_("visit until"), null=True, blank=True)
    # The day the State declined or the mandate holder withdrew the request.
    closed_on = models.DateField(_("declined or withdrawn on"), null=True, blank=True)
    report = models.ForeignKey(
        Review,
        verbose_name=_("visit report (review)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        limit_choices_to=SPECIAL_PROCEDURE,
        related_name="visits",
    )
    report_symbol = models.CharField(
        _("report symbol"), max_length=80, blank=True, help_text=_("e.g. A/HRC/55/40/Add.1")
    )
    report_received_on = models.DateField(_("report received on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = user_link(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["created", "modified"])

    class Meta:
        ordering = ["-requested_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True)
                | Q(start_date__isnull=True)
                | Q(end_date__gte=models.F("start_date")),
                name="visit_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mandate} — {self.state} ({self.get_stage_display()})"


class Communication(models.Model):
    class Kind(models.TextChoices):
        ALLEGATION_LETTER = "allegation_letter", _("Allegation letter")
        URGENT_APPEAL = "urgent_appeal", _("Urgent appeal")
        OTHER_LETTER = "other_letter", _("Other letter")

    state = models.ForeignKey(
        State, verbose_name=_("State addressed"), on_delete=models.PROTECT, related_name="+"
    )
    reference = models.CharField(
        _("reference"), max_length=80, help_text=_("The reference OHCHR gives, e.g. AL SVN 1/2026")
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.ALLEGATION_LETTER
    )
    mandates = models.ManyToManyField(
        Body, verbose_name=_("mandates"), limit_choices_to=SPECIAL_PROCEDURE, related_name="+"
    )
    # The mandates' codes as saved, so the history shows each change of mandates in the
    # save that made it (the many-to-many itself is not tracked row by row).
    mandate_codes = models.CharField(_("mandates"), max_length=500, blank=True)
    subject = models.CharField(_("subject"), max_length=255)
    received_on = models.DateField(_("received on"))
    reply_due = models.DateField(_("reply due"), db_index=True)
    replied_on = models.DateField(_("replied on"), null=True, blank=True)
    # The State's reply, stored and checked as evidence files are (recommendations.followup.
    # evidence): type sniffed from the content, random stored name, served to the allowed only.
    reply_document = models.FileField(
        _("reply document"), upload_to="communications/%Y/%m/", blank=True
    )
    reply_document_name = models.CharField(max_length=255, blank=True)
    reply_content_type = models.CharField(max_length=100, blank=True)
    # Confidential until OHCHR publishes the exchange (in its communications report).
    is_public = models.BooleanField(
        _("published by OHCHR"),
        default=False,
        help_text=_("Leave unticked until OHCHR has published the communication."),
    )
    notes = models.TextField(_("notes"), blank=True)
    created_by = user_link(blank=True)
    created = models.DateTimeField(auto_now_add=True)
    modified = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1)
    history = HistoricalRecords(excluded_fields=["created", "modified"])

    class Meta:
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["state", "reference"], name="unique_communication_reference"
            ),
            models.CheckConstraint(
                condition=Q(reply_due__gte=models.F("received_on")),
                name="communication_reply_due_after_receipt",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def is_overdue(self, today: datetime.date | None = None) -> bool:
        return self.replied_on is None and self.reply_due < (today or timezone.localdate())

    @property
    def overdue(self) -> bool:
        return self.is_overdue()
