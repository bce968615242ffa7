"""The classification assistant: trained suggestion models and the secretariat's feedback."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from recommendations.models.registry import Recommendation


class LabelKind(models.TextChoices):
    SDG_GOALS = "sdg_goals", _("SDG goals")
    SDG_TARGETS = "sdg_targets", _("SDG targets")
    THEMES = "themes", _("Themes")
    GROUPS = "groups", _("Affected groups")


class ClassifierModel(models.Model):
    """One training run of the suggestion model; the latest finished one is used."""

    class RunStatus(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    created = models.DateTimeField(_("created"), auto_now_add=True)
    finished = models.DateTimeField(_("finished"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="classifier_models",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    training_size = models.PositiveIntegerField(_("training size"), default=0)
    # {label set: recommendations known for it}, e.g. {"themes": 712, "sdg_goals": 202}
    label_counts = models.JSONField(_("label counts"), default=dict, blank=True)
    feedback_count = models.PositiveIntegerField(_("feedback used"), default=0)
    file = models.FileField(_("file"), upload_to="classifiers/", blank=True)
    metrics = models.JSONField(_("metrics"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("suggestion model")

    def __str__(self) -> str:
        return f"{self.created:%Y-%m-%d %H:%M} ({self.training_size})"


class SuggestionFeedback(models.Model):
    """The secretariat's answer to one suggestion; the latest answer per label counts."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="suggestion_feedback"
    )
    label_kind = models.CharField(_("label set"), max_length=20, choices=LabelKind.choices)
    code = models.CharField(_("label"), max_length=80)
    accepted = models.BooleanField(_("accepted"))
    score = models.FloatField(_("score"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestion_feedback",
    )
    created = models.DateTimeField(_("created"), auto_now=True)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recommendation", "label_kind", "code"], name="unique_suggestion_feedback"
            )
        ]

    def __str__(self) -> str:
        verdict = "accepted" if self.accepted else "rejected"
        return f"{self.recommendation_id} {self.label_kind} {self.code} {verdict}"
