"""The reporting calendar: deadlines of every mechanism and the private feeds that publish
them to a calendar application."""

import datetime
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from nrtd.fields import optional_link, user_link
from recommendations.models import (
    Body,
    Mechanism,
    Review,
)


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
    body = optional_link(Body, _("body"), on_delete=models.PROTECT)
    review = optional_link(Review, _("review"), related_name="deadlines", on_delete=models.CASCADE)
    title = models.CharField(_("title"), max_length=255)
    period = models.CharField(_("period or report number"), max_length=120, blank=True)
    due_date = models.DateField(_("due date"), db_index=True)
    is_estimate = models.BooleanField(
        _("estimated"), default=False, help_text=_("Computed from the review date")
    )
    submitted_on = models.DateField(_("submitted on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    created_by = user_link(blank=True)
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
