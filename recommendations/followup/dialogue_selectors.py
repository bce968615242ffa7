"""What the two-way dialogue asks of a focal point: the published comments and assessments
of the NHRI and CSOs on recommendations their institution leads that it has not answered
yet (My work shows them, the e-mail of ``portal.notifications`` announces each)."""

from __future__ import annotations

from collections import Counter

from mechanisms.rules import user_institution_ids
from recommendations.models import Assessment, Assignment, Recommendation, Reply
from recommendations.publishing.selectors import PUBLISHED_ASSESSMENT, published_comments

LIMIT = 10


def awaiting_answer(user) -> dict:
    """``{"total": n, "recommendations": [(recommendation, n), ...]}``: at most LIMIT
    recommendations, in paragraph order. A reply in any moderation state counts as an answer
    (the secretariat may still be moderating it)."""
    mine = user_institution_ids(user)
    if not mine:
        return {"total": 0, "recommendations": []}
    led = Assignment.objects.filter(role=Assignment.Role.LEAD, institution_id__in=mine).values(
        "recommendation_id"
    )
    answered = Reply.objects.filter(institution_id__in=mine)
    comments = (
        published_comments()
        .filter(recommendation_id__in=led)
        .exclude(pk__in=answered.filter(comment__isnull=False).values("comment_id"))
    )
    assessments = Assessment.objects.filter(
        PUBLISHED_ASSESSMENT, recommendation_id__in=led
    ).exclude(pk__in=answered.filter(assessment__isnull=False).values("assessment_id"))
    counts = Counter(comments.values_list("recommendation_id", flat=True))
    counts.update(assessments.values_list("recommendation_id", flat=True))
    if not counts:
        return {"total": 0, "recommendations": []}
    recommendations = Recommendation.objects.filter(pk__in=counts).order_by("paragraph", "pk")
    return {
        "total": sum(counts.values()),
        "recommendations": [(rec, counts[rec.pk]) for rec in recommendations[:LIMIT]],
    }
