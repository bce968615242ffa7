# The fill step after 0017 (reviews of any mechanism): existing UPR reviews name the UPR
# Working Group as their body, and every recommendation without a review gets one, grouped
# by mechanism, body, document symbol and date (how UHRI exports carry treaty-body and
# special-procedure items). Kept in its own migration: on PostgreSQL a data update followed
# by an ALTER TABLE in one transaction can fail with "pending trigger events".
#
# A recommendation without a review never stored its State under review. A national
# deployment holds one State: NRTD_OWN_STATE, else the State most reviews already concern.
# With neither (an empty registry, or no State at all) the items are left as they are.

from django.conf import settings
from django.db import migrations
from django.db.models import Count


def _own_state(State, Review):
    own = getattr(settings, "NRTD_OWN_STATE", "")
    if own:
        state = State.objects.filter(iso3=own).first() or State.objects.filter(iso2=own).first()
        if state:
            return state
    top = (
        Review.objects.values("state_under_review")
        .annotate(n=Count("pk"))
        .order_by("-n", "state_under_review")
        .first()
    )
    return State.objects.get(pk=top["state_under_review"]) if top else None


def fill_reviews(apps, schema_editor):
    Body = apps.get_model("recommendations", "Body")
    Review = apps.get_model("recommendations", "Review")
    Recommendation = apps.get_model("recommendations", "Recommendation")
    State = apps.get_model("recommendations", "State")

    upr = Body.objects.filter(code="UPR").first()
    if upr:
        Review.objects.filter(mechanism="upr", body__isnull=True).update(body=upr)

    orphans = Recommendation.objects.filter(review__isnull=True)
    if not orphans.exists():
        return
    state = _own_state(State, Review)
    if state is None:
        return
    groups = (
        orphans.values("mechanism", "body", "document_symbol", "date")
        .annotate(n=Count("pk"))
        .order_by("mechanism", "body", "document_symbol", "date")
    )
    for group in groups:
        review = None
        if group["document_symbol"] and group["mechanism"] != "upr":
            review = Review.objects.filter(
                state_under_review=state,
                mechanism=group["mechanism"],
                body_id=group["body"],
                document_symbol=group["document_symbol"],
            ).first()
        if review is None:
            review = Review.objects.create(
                state_under_review=state,
                mechanism=group["mechanism"],
                body_id=group["body"],
                document_symbol=group["document_symbol"],
                date=group["date"],
            )
        orphans.filter(
            mechanism=group["mechanism"],
            body=group["body"],
            document_symbol=group["document_symbol"],
            date=group["date"],
        ).update(review=review)


def empty_reviews_made_here(apps, schema_editor):
    """Backwards: the reviews of other mechanisms go; their items lose their review again."""
    Review = apps.get_model("recommendations", "Review")
    Recommendation = apps.get_model("recommendations", "Recommendation")
    other = Review.objects.exclude(mechanism="upr")
    Recommendation.objects.filter(review__in=other).update(review=None)
    other.delete()


class Migration(migrations.Migration):

    dependencies = [
        ("recommendations", "0017_review_any_mechanism"),
    ]

    operations = [
        migrations.RunPython(fill_reviews, empty_reviews_made_here),
    ]
