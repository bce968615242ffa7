"""Reads for the review screens and the API: reviews with their counts, the split of a
pasted text as the preview shows it."""

from __future__ import annotations

import datetime
from calendar import monthrange

from django.db.models import Count, Q, QuerySet

from recommendations.models import Review
from recommendations.reviews.splitter import RECOMMENDATION, split


def reviews_with_counts() -> QuerySet[Review]:
    """Every review (reviews are public: they name UN documents), with how many
    recommendations and follow-up items each holds."""
    return Review.objects.select_related("state_under_review", "body").annotate(
        recommendation_count=Count("recommendations", distinct=True),
        followup_count=Count(
            "recommendations", filter=Q(recommendations__is_followup_item=True), distinct=True
        ),
    )


def _years_after(day: datetime.date, years: int) -> datetime.date:
    year = day.year + years
    return datetime.date(year, day.month, min(day.day, monthrange(year, day.month)[1]))


def split_preview(review: Review, text: str) -> dict:
    """The proposed paragraphs of a pasted text, nothing saved: each with its kind, whether
    it is proposed as a recommendation and as a follow-up item; the follow-up reply's due
    date (the review's adoption date plus the years the text names, or the review's own
    date) and the next periodic report's."""
    result = split(text)
    followup_due = review.followup_due
    if followup_due is None and review.date and result.followup_years:
        followup_due = _years_after(review.date, result.followup_years)
    return {
        "items": [
            {
                "paragraph": item.paragraph,
                "text": item.text,
                "kind": item.kind,
                "heading": item.heading,
                "is_recommendation": item.kind == RECOMMENDATION,
                "followup": item.followup,
            }
            for item in result.items
        ],
        "followup_references": result.followup_references,
        "followup_years": result.followup_years,
        "followup_due": followup_due,
        "next_report_due": result.next_report_due or review.next_report_due,
    }
