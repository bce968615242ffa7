"""What is published, and what each user may see: the one place that decides.

The public sees what the secretariat published; the government side (``view_internal``)
sees everything; an NHRI or CSO author also sees their own comments and assessments while
they wait for moderation. Views, serializers, exports and the API ask these selectors.
"""

from __future__ import annotations

from django.db.models import Count, F, Prefetch, Q, QuerySet

from recommendations.models import (
    ActionPlan,
    ActionPlanItem,
    Activity,
    Assessment,
    Comment,
    Evidence,
    Indicator,
    ProgressUpdate,
    Recommendation,
    RecommendationLink,
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
    return published_comments().filter(recommendation__is_published=True)


def public_indicators() -> QuerySet[Indicator]:
    """Indicators the secretariat published (only one with a value can be)."""
    return Indicator.objects.filter(is_published=True)


def public_replies() -> QuerySet[Reply]:
    """The lead institutions' answers the secretariat published (shown under a published
    comment or assessment only: the public pages read them through those)."""
    return Reply.objects.filter(PUBLISHED_REPLY)


def public_evidence() -> QuerySet[Evidence]:
    return Evidence.objects.filter(is_internal=False)


def public_plans() -> QuerySet[ActionPlan]:
    return ActionPlan.objects.filter(is_published=True)


def public_plan_list() -> QuerySet[ActionPlan]:
    """Published plans, each with the number of its published items (``item_count``)."""
    return public_plans().annotate(item_count=Count("items", filter=Q(items__is_published=True)))


def public_plan_items(qs: QuerySet[ActionPlanItem] | None = None) -> QuerySet[ActionPlanItem]:
    """Published items of published plans."""
    qs = ActionPlanItem.objects.all() if qs is None else qs
    return qs.filter(is_published=True, plan__is_published=True)


def public_activities_on_public_recommendations() -> QuerySet[Activity]:
    """Published activities serving at least one published recommendation: those the
    portal lists and whose public evidence it serves."""
    return public_activities().filter(recommendations__is_published=True).distinct()


def public_links(recommendation) -> QuerySet[RecommendationLink]:
    """Repeated and similar recommendations linked to this one, where the other end is
    published too."""
    return RecommendationLink.objects.filter(
        Q(source=recommendation, target__is_published=True)
        | Q(target=recommendation, source__is_published=True)
    )


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


def plans_visible_to(user) -> QuerySet[ActionPlan]:
    """Every plan for the government side; published plans for everyone else."""
    return ActionPlan.objects.all() if sees_internal(user) else public_plans()


def plan_items_visible_to(
    user, qs: QuerySet[ActionPlanItem] | None = None
) -> QuerySet[ActionPlanItem]:
    qs = ActionPlanItem.objects.all() if qs is None else qs
    return qs if sees_internal(user) else public_plan_items(qs)


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
    return qs.filter(PUBLISHED_REPLY).filter(
        Q(comment__in=public_comments()) | Q(assessment__in=public_assessments())
    )


# --- what waits for the secretariat -----------------------------------------------------

# Comments published before moderation was recorded have no decision time: they come last.
LATEST_DECISION = F("moderated").desc(nulls_last=True)


def pending_comments() -> QuerySet[Comment]:
    """Stakeholders' comments waiting for moderation (government comments are internal)."""
    return Comment.objects.filter(is_internal=False, moderation=Comment.Moderation.PENDING)


def rejected_comments() -> QuerySet[Comment]:
    """Stakeholders' comments the secretariat did not publish: kept, never public, and
    still publishable if the decision changes."""
    return Comment.objects.filter(is_internal=False, moderation=Comment.Moderation.REJECTED)


def published_comments() -> QuerySet[Comment]:
    """Stakeholders' comments the secretariat published (on any recommendation)."""
    return Comment.objects.filter(PUBLISHED_COMMENT, is_internal=False)


def pending_replies() -> QuerySet[Reply]:
    """The lead institutions' answers waiting for moderation."""
    return Reply.objects.filter(moderation=Reply.Moderation.PENDING)


def _with_authors(comments: QuerySet[Comment]) -> QuerySet[Comment]:
    return comments.select_related("recommendation", "author").prefetch_related(
        "author__stakeholder_memberships__stakeholder"
    )


def moderation_queue(limit: int) -> dict[str, QuerySet]:
    """The publishing screen's lists, ``limit`` records each: what waits for a decision
    (assessments, comments, replies), what is not public yet (accepted progress updates,
    activities, indicators with a value, internal evidence, recommendations), and the
    latest decisions (rejected and published contributions)."""
    return {
        "assessments": Assessment.objects.filter(moderation=Assessment.Moderation.PENDING)
        .select_related("recommendation", "stakeholder", "author")
        .order_by("created")[:limit],
        "comments": _with_authors(pending_comments()).order_by("created")[:limit],
        "replies": pending_replies()
        .select_related(
            "institution",
            "author",
            "comment__recommendation",
            "assessment__recommendation",
            "assessment__stakeholder",
        )
        .order_by("created", "pk")[:limit],
        "rejected_comments": _with_authors(rejected_comments())
        .select_related("moderated_by")
        .order_by(LATEST_DECISION, "-pk")[:limit],
        "updates": ProgressUpdate.objects.filter(
            state=ProgressUpdate.State.ACCEPTED, is_published=False
        )
        .select_related("recommendation", "institution")
        .order_by("-date")[:limit],
        "activities": Activity.objects.filter(is_published=False)
        .select_related("lead_institution")
        .order_by("-start_date")[:limit],
        # Only those with a value can be published: the others wait for their institution.
        "indicators": Indicator.objects.filter(is_published=False)
        .annotate(value_count=Count("values"))
        .filter(value_count__gt=0)
        .select_related("institution")
        .order_by("name", "pk")[:limit],
        "evidence": Evidence.objects.filter(is_internal=True)
        .select_related("activity", "progress_update")
        .order_by("-created")[:limit],
        "recommendations": Recommendation.objects.filter(is_published=False)
        .select_related("body")
        .order_by("-modified")[:limit],
        "published_assessments": Assessment.objects.filter(PUBLISHED_ASSESSMENT)
        .select_related("recommendation", "stakeholder")
        .order_by("-created")[:limit],
        "published_comments": _with_authors(published_comments()).order_by(LATEST_DECISION, "-pk")[
            :limit
        ],
    }
