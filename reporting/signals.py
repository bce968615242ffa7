"""The reporting calendar follows the reviews it is computed from. Connected here, in
reporting, because recommendations (where reviews are saved) never imports reporting."""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from recommendations.models import Mechanism, Review
from reporting.services.calendar import TREATY_DATE_FIELDS, calendar_follow_review


@receiver(pre_save, sender=Review, dispatch_uid="reporting.review_dates_before")
def _remember_review_dates(sender, instance: Review, raw=False, **kwargs) -> None:
    if raw or instance.mechanism != Mechanism.TREATY_BODY or instance.pk is None:
        instance._calendar_before = None
        return
    instance._calendar_before = (
        Review.objects.filter(pk=instance.pk).values(*TREATY_DATE_FIELDS).first()
    )


@receiver(post_save, sender=Review, dispatch_uid="reporting.review_dates_follow")
def _follow_review_dates(sender, instance: Review, raw=False, **kwargs) -> None:
    if raw:
        return
    calendar_follow_review(instance, getattr(instance, "_calendar_before", None))
