"""The national mechanism, institutions, focal point seats, stakeholders and user roles.

This app knows nothing of recommendations: the assignment of institutions to
recommendations lives in the recommendations app.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nrtd.i18n import in_language


class Institution(models.Model):
    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        AGENCY = "agency", _("Government agency")
        PARLIAMENT = "parliament", _("Parliament or parliamentary committee")
        JUDICIARY = "judiciary", _("Judiciary")
        INDEPENDENT = "independent", _("Independent body")
        NHRI = "nhri", _("National human rights institution")
        LOCAL = "local", _("Local government")
        UN_AGENCY = "un_agency", _("UN agency")
        CSO = "cso", _("Civil society organisation")

    name = models.CharField(_("name"), max_length=255, unique=True)
    # Names in other interface languages: {"fr": "Ministère de la Santé", "ar": "..."}.
    name_translations = models.JSONField(_("translated names"), default=dict, blank=True)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MINISTRY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self) -> str:
        return self.localized_name

    @property
    def localized_name(self) -> str:
        # The name as entered (often in the national language) unless this language has
        # its own; language codes compared without regard to case ("zh-Hans").
        return in_language(self.name_translations or {}, self.name, english=False)


class NationalMechanism(models.Model):
    """The national mechanism for implementation, reporting and follow-up (NMIRF)."""

    name = models.CharField(_("name"), max_length=255)
    mandate = models.TextField(_("mandate"), blank=True)
    legal_basis = models.TextField(_("legal basis"), blank=True)
    secretariat = models.ForeignKey(
        Institution,
        verbose_name=_("secretariat institution"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("national mechanism")

    def __str__(self) -> str:
        return self.name


class MechanismMember(models.Model):
    class Membership(models.TextChoices):
        VOTING = "voting", _("Voting member")
        OBSERVER = "observer", _("Observer")

    mechanism = models.ForeignKey(
        NationalMechanism, on_delete=models.CASCADE, related_name="members"
    )
    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="+")
    membership = models.CharField(
        _("membership"), max_length=10, choices=Membership.choices, default=Membership.VOTING
    )
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["mechanism", "institution"], name="unique_mechanism_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.institution} ({self.get_membership_display()})"


class Meeting(models.Model):
    mechanism = models.ForeignKey(
        NationalMechanism, on_delete=models.CASCADE, related_name="meetings"
    )
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=255)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_file = models.FileField(_("minutes file"), upload_to="meetings/", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date} {self.title}"


class Seat(models.Model):
    """A focal point position in an institution. It outlives the people who hold it."""

    class Level(models.TextChoices):
        SENIOR = "senior", _("Senior")
        TECHNICAL = "technical", _("Technical")

    institution = models.ForeignKey(Institution, on_delete=models.PROTECT, related_name="seats")
    level = models.CharField(_("level"), max_length=10, choices=Level.choices)
    title = models.CharField(_("title"), max_length=255, blank=True)
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("current holder"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="seats",
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["institution__name", "level", "pk"]
        verbose_name = _("focal point seat")

    def __str__(self) -> str:
        return f"{self.institution} — {self.get_level_display()}"


class SeatTenure(models.Model):
    """Who held a seat and when; the handover note is what the holder left to the next one."""

    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="tenures")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tenures"
    )
    started = models.DateTimeField(default=timezone.now)
    ended = models.DateTimeField(null=True, blank=True)
    handover_note = models.TextField(_("handover note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["seat", "-started"]
        constraints = [
            models.UniqueConstraint(
                fields=["seat"], condition=Q(ended__isnull=True), name="one_open_tenure_per_seat"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.seat}"


class Stakeholder(models.Model):
    """An organisation with its own voice: the NHRI, a CSO, a UN agency."""

    class Kind(models.TextChoices):
        NHRI = "nhri", _("National human rights institution")
        CSO = "cso", _("Civil society organisation")
        UN_AGENCY = "un_agency", _("UN agency")

    name = models.CharField(_("name"), max_length=255, unique=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    website = models.URLField(_("website"), blank=True)
    is_verified = models.BooleanField(_("verified"), default=False)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class StakeholderMember(models.Model):
    stakeholder = models.ForeignKey(Stakeholder, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="stakeholder_memberships"
    )
    is_verified = models.BooleanField(_("verified"), default=False)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["stakeholder", "user"], name="unique_stakeholder_member"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.stakeholder})"


class Profile(models.Model):
    """A user's role. Focal points get their institutions through seats, not through here."""

    class Role(models.TextChoices):
        SECRETARIAT_ADMIN = "secretariat_admin", _("Secretariat administrator")
        SECRETARIAT_STAFF = "secretariat_staff", _("Secretariat staff")
        FOCAL_POINT = "focal_point", _("Focal point")
        VIEWER = "viewer", _("Institution viewer (read-only)")
        NHRI = "nhri", _("NHRI assessor")
        CSO = "cso", _("CSO member")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    # A viewer reads on behalf of an institution; other roles leave this empty.
    institution = models.ForeignKey(
        Institution, null=True, blank=True, on_delete=models.PROTECT, related_name="viewers"
    )
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    history = HistoricalRecords()

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"
