"""The secretariat's settings for every report it runs: one row (see ``ReportSettings.load``)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from nrtd.fields import user_link


class ReportSettings(models.Model):
    """What every report's cover carries besides its data: the emblem and who issues it."""

    SINGLETON = 1

    emblem = models.FileField(
        _("emblem"),
        upload_to="reporting/emblem/",
        blank=True,
        help_text=_("PNG or JPEG; printed at the head of every report's cover."),
    )
    issued_by = models.CharField(
        _("issued by"),
        max_length=255,
        blank=True,
        help_text=_("The ministry or mechanism that issues the reports, printed on the cover."),
    )
    modified = models.DateTimeField(auto_now=True)
    modified_by = user_link(blank=True)

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return str(_("Report settings"))

    @classmethod
    def load(cls) -> "ReportSettings":
        found, _created = cls.objects.get_or_create(pk=cls.SINGLETON)
        return found
