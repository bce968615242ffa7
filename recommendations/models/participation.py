"""Participation: comments and handover notes on a recommendation, the independent
assessments of the NHRI and civil society, and the replies of the institutions that lead.
What the NHRI or civil society submits is moderated by the secretariat (``Moderation``)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mechanisms.models import Institution, Stakeholder
from nrtd.fields import user_link
from recommendations.models.followup import Activity
from recommendations.models.registry import Recommendation, Status


class Moderation(models.TextChoices):
    """The secretariat's decision on what the NHRI or civil society submits on the portal.
    A rejected item is kept (bad input loses nothing) and can still be published later."""

    PENDING = "pending", _("Awaiting moderation")
    PUBLISHED = "published", _("Published")
    REJECTED = "rejected", _("Not published")


class Comment(models.Model):
    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        HANDOVER = "handover", _("Handover note")

    Moderation = Moderation

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="comments"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.CASCADE, related_name="comments"
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments"
    )
    # A CSO or NHRI comment is moderated before it is public; government comments stay
    # internal whatever their moderation says.
    is_internal = models.BooleanField(default=True)
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderated_by = user_link(blank=True)
    # Comments keep no history (unlike assessments), so the time of the decision is stored.
    moderated = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["recommendation", "created"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_internal=False) | ~Q(moderation="published"),
                name="internal_comment_never_published",
            )
        ]

    def __str__(self) -> str:
        return f"{self.author}: {self.body[:60]}"


class Assessment(models.Model):
    """The NHRI's or a CSO's own assessment: stored and shown apart from the State's voice."""

    Moderation = Moderation

    class Light(models.TextChoices):
        RED = "red", _("Red")
        ORANGE = "orange", _("Orange")
        GREEN = "green", _("Green")

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="assessments"
    )
    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.PROTECT, related_name="assessments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(_("status"), max_length=25, choices=Status.choices)
    traffic_light = models.CharField(
        _("traffic light"), max_length=6, choices=Light.choices, blank=True
    )
    narrative = models.TextField(_("assessment"))
    date = models.DateField(_("date"))
    evidence = models.FileField(_("evidence"), upload_to="assessments/%Y/%m/", blank=True)
    # Reprisal risk: publish under the organisation's name only, never the author's.
    organisation_only = models.BooleanField(
        _("publish under the organisation's name only"), default=True
    )
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderated_by = user_link(blank=True)
    # An NHRI publishes its own assessments (Paris Principles: independent of the
    # government); the secretariat cannot hold one back, only flag it with a note.
    flag_note = models.TextField(_("secretariat's flag"), blank=True)
    flagged_by = user_link(blank=True)
    flagged = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["recommendation", "-date"]

    def __str__(self) -> str:
        return f"{self.stakeholder}: {self.get_status_display()}"


class Reply(models.Model):
    """The lead institution's answer to a published comment or assessment of the NHRI or a
    CSO on its recommendation: the two-way dialogue. Written by a focal point of the lead
    institution, in the institution's name; public (under what it answers) once the
    secretariat has published it, like the rest of what the portal shows."""

    Moderation = Moderation

    comment = models.ForeignKey(
        Comment, null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    assessment = models.ForeignKey(
        Assessment, null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    institution = models.ForeignKey(
        Institution, on_delete=models.PROTECT, related_name="replies", verbose_name=_("institution")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="replies"
    )
    body = models.TextField(_("answer"))
    moderation = models.CharField(
        max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderated_by = user_link(blank=True)
    moderated = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["created", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(comment__isnull=True, assessment__isnull=False)
                | Q(comment__isnull=False, assessment__isnull=True),
                name="reply_answers_one_thing",
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution}: {self.body[:60]}"

    @property
    def answered(self):
        """The comment or assessment this answers."""
        return self.comment if self.comment_id else self.assessment
