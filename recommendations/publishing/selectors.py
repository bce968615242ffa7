"""What is published, and what each user may see: the one place that decides.

The public sees what the secretariat published; the government side (``view_internal``)
sees everything; an NHRI or CSO author also sees their own comments and assessments while
they wait for moderation. Views, serializers, exports and the API ask these selectors.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet

from recommendations.models import (
    Activity,
    Assessment,
    Comment,
    Evidence,
    Indicator,
    ProgressUpdate,
    Recommendation,
    Reply,
)

VIEW_INTERNAL = "recommendations.view_internal"


# What "published" means for each kind of record, asked by the public_* querysets and by
# the <things>_visible_to selectors alike.
PUBLISHED_UPDATE = Q(is_published=True, state=ProgressUpdate.State.ACCEPTED)
PUBLISHED_ASSESSMENT = Q(moderation=Assessment.Moderation.PUBLISHED)
PUBLISHED_COMMENT = Q(moderation=Comment.Moderation.PUBLISHED)
PUBLISHED_REPLY = Q(moderation=Reply.Moderation.PUBLISHED)


def sees_internal(user) -> bool:
    return user.has_perm(VIEW_INTERNAL)


# --- what the public sees ---------------------------------------------------------------


def public_recommendations() -> QuerySet[Recommendation]:
    return Recommendation.objects.filter(is_published=True)


def public_updates() -> QuerySet[ProgressUpdate]:
    """Progress updates the secretariat accepted and published, on published
    recommendations. A draft or returned update is never public, even if flagged."""
    return ProgressUpdate.objects.filter(PUBLISHED_UPDATE, recommendation__is_published=True)


def public_activities() -> QuerySet[Activity]:
    return Activity.objects.filter(is_published=True)


def public_assessments() -> QuerySet[Assessment]:
    return Assessment.objects.filter(PUBLISHED_ASSESSMENT, recommendation__is_published=True)


def public_comments() -> QuerySet[Comment]:
    """Stakeholders' comments the secretariat published; government comments stay internal."""
    return Comment.objects.filter(
        PUBLISHED_COMMENT, is_internal=False, recommendation__is_published=True
    )


def public_indicators() -> QuerySet[Indicator]:
    """Indicators the secretariat published (only one with a value can be)."""
    return Indicator.objects.filter(is_published=True)


def public_replies() -> QuerySet[Reply]:
    """The lead institutions' answers the secretariat published (shown under a published
    comment or assessment only: the public pages read them through those)."""
    return Reply.objects.filter(PUBLISHED_REPLY)


def public_evidence() -> QuerySet[Evidence]:
    return Evidence.objects.filter(is_internal=False)


# --- what one user sees -----------------------------------------------------------------


def recommendations_visible_to(user) -> QuerySet[Recommendation]:
    """Published recommendations for everyone; the government side also sees unpublished."""
    if sees_internal(user):
        return Recommendation.objects.all()
    return public_recommendations()


def visible_recommendation_ids(user) -> Prefetch:
    """Prefetch a record's ``recommendations``, only those the user sees, ids only (what a
    serializer lists)."""
    return Prefetch("recommendations", queryset=recommendations_visible_to(user).only("pk"))


def activities_visible_to(user, qs: QuerySet[Activity] | None = None) -> QuerySet[Activity]:
    qs = Activity.objects.all() if qs is None else qs
    return qs if sees_internal(user) else qs.filter(is_published=True)


def indicators_visible_to(user, qs: QuerySet[Indicator] | None = None) -> QuerySet[Indicator]:
    qs = Indicator.objects.all() if qs is None else qs
    return qs if sees_internal(user) else qs.filter(is_published=True)


def updates_visible_to(user, qs: QuerySet[ProgressUpdate]) -> QuerySet[ProgressUpdate]:
    if sees_internal(user):
        return qs
    return qs.filter(PUBLISHED_UPDATE)


def _own(user) -> Q:
    return Q(author=user) if user.is_authenticated else Q(pk__in=[])


def own_unpublished(user, recommendation) -> dict:
    """What the user wrote on this recommendation that is not public (yet): their pending or
    rejected assessments and comments, shown to them alone on the portal page."""
    if not user.is_authenticated:
        return {"assessments": [], "comments": []}
    return {
        "assessments": list(
            recommendation.assessments.filter(author=user)
            .exclude(PUBLISHED_ASSESSMENT)
            .select_related("stakeholder")
            .order_by("-created")
        ),
        "comments": list(
            recommendation.comments.filter(author=user, is_internal=False)
            .exclude(PUBLISHED_COMMENT)
            .order_by("-created")
        ),
    }


def assessments_visible_to(user, qs: QuerySet[Assessment]) -> QuerySet[Assessment]:
    """Published assessments; the government side sees all, an author their own."""
    if sees_internal(user):
        return qs
    return qs.filter(PUBLISHED_ASSESSMENT | _own(user))


def comments_visible_to(user, qs: QuerySet[Comment]) -> QuerySet[Comment]:
    """Published stakeholder comments; the government side sees all, an author their own."""
    if sees_internal(user):
        return qs
    return qs.filter(PUBLISHED_COMMENT | _own(user), is_internal=False)


def replies_visible_to(user, qs: QuerySet[Reply] | None = None) -> QuerySet[Reply]:
    """The lead institutions' answers: the government side sees all; everyone else the
    published answers to a public comment or assessment of a published recommendation."""
    qs = Reply.objects.all() if qs is None else qs
    if sees_internal(user):
        return qs
    public_comment = Q(
        comment__in=Comment.objects.filter(
            PUBLISHED_COMMENT, is_internal=False, recommendation__is_published=True
        )
    )
    public_assessment = Q(
        assessment__in=Assessment.objects.filter(
            PUBLISHED_ASSESSMENT, recommendation__is_published=True
        )
    )
    return qs.filter(PUBLISHED_REPLY).filter(public_comment | public_assessment)
