"""What the mid-term report's introduction and methodology say about how it was made: the
State, the review, the latest update round, who was consulted, and (for a draft's empty
section) the figures, counted by the database rather than by reading every row."""

from __future__ import annotations

from django.db.models import Count

from recommendations.models import (
    Activity,
    Assignment,
    ProgressUpdate,
    Review,
    UpdateRound,
)
from reporting.exports import localize
from reporting.exports.midterm_text import (
    MidtermFacts,
    introduction_paragraphs,
    methodology_paragraphs,
)
from reporting.models import ReportDraft, ReportKind, ReportRun
from reporting.selectors.report import scope_label, scope_recommendations


def state_name(review: Review | None) -> str:
    """The State's name in the report's language (CLDR), else as the registry spells it:
    the review's State, else the State of the first review that has recommendations."""
    if review is not None:
        state = review.state_under_review
    else:
        first = (
            Review.objects.filter(recommendations__isnull=False)
            .select_related("state_under_review")
            .first()
        )
        state = first.state_under_review if first else None
    return localize.state_name(state.iso2, state.name) if state else ""


def latest_update_round() -> str:
    """The latest update round, named with its deadline, or "" when none was opened."""
    update_round = UpdateRound.objects.order_by("-opened").first()
    if update_round is None:
        return ""
    return f"{update_round.name} ({localize.medium_date(update_round.deadline)})"


def consulted_on(draft: ReportDraft | None) -> list[str]:
    """The institutions and organisations the draft was sent to or discussed with: its
    consultations' recipients and its consultation events' participants, each named once."""
    if draft is None:
        return []
    names: list[str] = []
    for consultation in draft.consultations.prefetch_related("institutions", "stakeholders"):
        names += [str(i) for i in consultation.institutions.all()]
        names += [str(s) for s in consultation.stakeholders.all()]
    for event in draft.consultation_events.prefetch_related("organisations"):
        names += [str(o) for o in event.organisations.all()]
        names += event.other_organisation_list
    return list(dict.fromkeys(name for name in names if name))


def midterm_draft_facts(draft: ReportDraft) -> MidtermFacts:
    """The figures of a mid-term report on the draft's review (all recommendations when it
    names none), as a run with the default scope would print them."""
    run = ReportRun(kind=ReportKind.MIDTERM, review=draft.review)
    recommendations = scope_recommendations(run)
    responses = {
        row["response"]: row["n"]
        for row in recommendations.order_by().values("response").annotate(n=Count("pk"))
    }
    leads = Assignment.objects.filter(recommendation__in=recommendations, role=Assignment.Role.LEAD)
    accepted = ProgressUpdate.objects.filter(
        recommendation__in=recommendations, state=ProgressUpdate.State.ACCEPTED
    )
    return MidtermFacts(
        state=state_name(draft.review),
        scope=scope_label(run),
        total=sum(responses.values()),
        supported=responses.get("supported", 0),
        noted=responses.get("noted", 0) + responses.get("partially_supported", 0),
        done=recommendations.filter(status="fully_implemented").count(),
        institutions=leads.values("institution").distinct().count(),
        activities=Activity.objects.filter(recommendations__in=recommendations)
        .values("pk")
        .distinct()
        .count(),
        updates=accepted.values("recommendation").distinct().count(),
        update_round=latest_update_round(),
        consulted=consulted_on(draft),
    )


def section_prefill(draft: ReportDraft, section: str) -> str:
    """The first text offered for an empty section of a mid-term draft: what a run would
    print without it, for the secretariat to edit. Other drafts start empty."""
    if draft.kind != ReportKind.MIDTERM:
        return ""
    paragraphs = {
        ReportDraft.Section.INTRODUCTION: introduction_paragraphs,
        ReportDraft.Section.METHODOLOGY: methodology_paragraphs,
    }.get(section)
    if paragraphs is None:
        return ""
    return "\n\n".join(paragraphs(midterm_draft_facts(draft)))
