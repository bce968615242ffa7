"""Consultations: on a draft report with the invited institutions and organisations, and
in public on a draft or a national action plan; comments, replies and consultation events
(hearings, meetings with civil society), and the themes an organisation follows."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mechanisms.models import Institution, Stakeholder
from nrtd.fields import optional_link, user_link
from recommendations.models import (
    ActionPlan,
    Theme,
)
from recommendations.models.participation import Moderation
from reporting.models.reports import ReportDraft

PLAN_GENERAL = "general"
PLAN_GENERAL_LABEL = _("The plan as a whole")


class Consultation(models.Model):
    """A draft report, or a national action plan, sent out for comment by a deadline: to
    chosen institutions and stakeholders (a draft), and/or to the public on the portal."""

    class ConsultationStatus(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    # What is consulted on: exactly one of a draft and a plan.
    draft = optional_link(ReportDraft, related_name="consultations", on_delete=models.CASCADE)
    plan = optional_link(
        ActionPlan, _("action plan"), related_name="consultations", on_delete=models.CASCADE
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
    opened_by = user_link()
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
    institution = optional_link(Institution, related_name="+", on_delete=models.PROTECT)
    stakeholder = optional_link(Stakeholder, related_name="+", on_delete=models.PROTECT)
    created = models.DateTimeField(auto_now_add=True)
    resolution = models.CharField(
        _("resolution"), max_length=15, choices=Resolution.choices, default=Resolution.PENDING
    )
    reply = models.TextField(_("reply"), blank=True)
    replied_by = user_link(blank=True)
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
    stakeholder = optional_link(Stakeholder, related_name="+")
    author = user_link(blank=True)
    body = models.TextField(_("comment"))
    created = models.DateTimeField(auto_now_add=True)
    moderation = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderated_by = user_link(blank=True)
    moderated = models.DateTimeField(null=True, blank=True)
    reply = models.TextField(_("reply"), blank=True)
    replied_by = user_link(blank=True)
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
    draft = optional_link(ReportDraft, _("report draft"), related_name="consultation_events")
    plan = optional_link(ActionPlan, _("action plan"), related_name="consultation_events")
    created_by = user_link()
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
    added_by = user_link()

    class Meta:
        ordering = ["stakeholder", "theme"]
        constraints = [
            models.UniqueConstraint(fields=["stakeholder", "theme"], name="unique_followed_theme")
        ]

    def __str__(self) -> str:
        return f"{self.stakeholder} follows {self.theme}"
