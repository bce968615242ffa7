"""Writes on reviews of any mechanism and on recommendations entered by hand.

One path each: the review screens, the API and the demo call these. Every write asks
``recommendations.add_recommendation`` (the secretariat), validates, saves with history and
forgets the cached facet counts; saving a split looks for repeats and similar
recommendations once committed, as an import does.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nrtd.concurrency import save_version, set_fields, version_check
from nrtd.history import save_as
from nrtd.web import require
from recommendations.filtering.facets import forget_facet_counts
from recommendations.models import (
    Body,
    Mechanism,
    Recommendation,
    Response,
    ResponseEntry,
    Review,
    cycle_for_session,
)

PERM = "recommendations.add_recommendation"
MANAGE = "recommendations.manage_reviews"

# What each mechanism's review holds besides the State, the body, the date and the document.
REVIEW_FIELDS = (
    "mechanism",
    "state_under_review",
    "body",
    "cycle",
    "session",
    "date",
    "document_symbol",
    "addendum_symbol",
    "title",
    "state_report_symbol",
    "followup_due",
    "next_report_due",
    "visit_start",
    "visit_end",
)
FIELDS_BY_MECHANISM = {
    Mechanism.UPR: {"cycle", "session", "addendum_symbol"},
    Mechanism.TREATY_BODY: {"state_report_symbol", "followup_due", "next_report_due"},
    Mechanism.SPECIAL_PROCEDURE: {"visit_start", "visit_end"},
    Mechanism.REGIONAL: set(),
}
SPECIFIC_FIELDS = set().union(*FIELDS_BY_MECHANISM.values())
TEXT_FIELDS = {"addendum_symbol", "state_report_symbol"}
RECOMMENDATION_FIELDS = (
    "text",
    "paragraph",
    "body",
    "review",
    "response",
    "response_label",
    "response_justification",
    "is_followup_item",
)


def _validate_review(review: Review) -> None:
    errors: dict[str, list[str]] = {}
    mechanism = review.mechanism
    if mechanism == Mechanism.UPR:
        if not review.session:
            errors["session"] = [_("A UPR review names its Working Group session.")]
        elif not review.cycle:
            review.cycle = cycle_for_session(review.session)
    elif review.body_id is None:
        errors["body"] = [_("Name the body or mandate.")]
    if review.body_id and review.body.mechanism != mechanism:
        errors["body"] = [_("This body belongs to another mechanism.")]
    if review.visit_start and review.visit_end and review.visit_end < review.visit_start:
        errors["visit_end"] = [_("The visit cannot end before it starts.")]
    if review.date and review.followup_due and review.followup_due < review.date:
        errors["followup_due"] = [_("The follow-up reply cannot be due before the adoption.")]
    if errors:
        raise ValidationError(errors)
    # Fields of another mechanism are cleared, not kept unseen.
    for name in SPECIFIC_FIELDS - FIELDS_BY_MECHANISM[mechanism]:
        blank = "" if name in TEXT_FIELDS else None
        setattr(review, name, blank)
    clash = Review.objects.exclude(pk=review.pk).filter(
        state_under_review=review.state_under_review_id, mechanism=mechanism
    )
    if mechanism == Mechanism.UPR:
        clash = clash.filter(session=review.session)
    elif review.document_symbol:
        clash = clash.filter(body=review.body_id, document_symbol=review.document_symbol)
    else:
        clash = clash.none()
    if clash.exists():
        raise ValidationError({"document_symbol": [_("This review is already in the registry.")]})


@transaction.atomic
def review_create(*, actor, **fields) -> Review:
    """A review of any mechanism; ``fields`` are among REVIEW_FIELDS."""
    require(actor, MANAGE)
    unknown = set(fields) - set(REVIEW_FIELDS)
    if unknown:
        raise TypeError(f"unknown review fields: {sorted(unknown)}")
    review = Review(**fields)
    if review.mechanism == Mechanism.UPR and review.body_id is None:
        review.body = Body.objects.filter(code="UPR").first()
    _validate_review(review)
    save_as(review, actor)
    forget_facet_counts()
    return review


@transaction.atomic
def review_update(*, actor, review: Review, expected_version: int, **fields) -> Review:
    """Change a review. If someone saved it since ``expected_version``, raise RecordChanged
    and write nothing. The mechanism of a review that holds recommendations stays."""
    require(actor, MANAGE, review)
    current = version_check(Review, review.pk, expected_version, REVIEW_FIELDS)
    mechanism = fields.get("mechanism", current.mechanism)
    if mechanism != current.mechanism and current.recommendations.exists():
        raise ValidationError(
            {"mechanism": [_("The review holds recommendations: its mechanism stays.")]}
        )
    set_fields(current, fields, REVIEW_FIELDS)
    _validate_review(current)
    save_version(current, actor)
    # The review's document and date are the recommendations' too.
    current.recommendations.update(
        document_symbol=current.document_symbol, date=current.date, mechanism=current.mechanism
    )
    forget_facet_counts()
    return current


def _record_response(
    recommendation: Recommendation, response: str, label: str, actor, justification: str = ""
) -> None:
    if not response:
        return
    entry = ResponseEntry(
        justification=justification,
        recommendation=recommendation,
        stage=ResponseEntry.Stage.OTHER,
        date=datetime.date.today(),
        value=response,
        label=label,
        source=_("entered by hand"),
    )
    save_as(entry, actor)


def _check_recommendation(review: Review | None, body: Body | None, text: str, response: str):
    errors = {}
    if review is None:
        errors["review"] = [_("Every recommendation belongs to a review.")]
    if not (text or "").strip():
        errors["text"] = [_("The recommendation has no text.")]
    if response and response not in Response.values:
        errors["response"] = [_("Unknown response.")]
    if review is not None and body is not None and body.mechanism != review.mechanism:
        errors["body"] = [_("This body belongs to another mechanism than the review.")]
    if errors:
        raise ValidationError(errors)


def _upr_body(review: Review) -> Body | None:
    """A UPR review made before reviews named their body: the UPR Working Group."""
    if review.mechanism != Mechanism.UPR:
        return None
    return Body.objects.filter(mechanism=Mechanism.UPR).order_by("pk").first()


@transaction.atomic
def recommendation_add(
    *,
    actor,
    review: Review,
    text: str,
    paragraph: str = "",
    body: Body | None = None,
    response: str = "",
    response_label: str = "",
    response_justification: str = "",
    is_followup_item: bool = False,
    is_published: bool = True,
) -> Recommendation:
    """One recommendation entered by hand; its mechanism, document and date are the
    review's, its body the review's unless another of the same mechanism is named."""
    require(actor, PERM)
    body = body or review.body or _upr_body(review)
    _check_recommendation(review, body, text, response)
    if body is None:
        raise ValidationError({"body": [_("Name the body.")]})
    recommendation = Recommendation(
        review=review,
        text=text.strip(),
        paragraph=paragraph.strip(),
        mechanism=review.mechanism,
        body=body,
        document_symbol=review.document_symbol,
        date=review.date,
        response=response,
        response_label=response_label or (str(Response(response).label) if response else ""),
        response_justification=(response_justification or "").strip(),
        is_followup_item=is_followup_item,
        is_published=is_published,
    )
    save_as(recommendation, actor)
    _record_response(
        recommendation,
        response,
        recommendation.response_label,
        actor,
        recommendation.response_justification,
    )
    forget_facet_counts()
    return recommendation


@transaction.atomic
def recommendation_update(
    *, actor, recommendation: Recommendation, expected_version: int, **fields
) -> Recommendation:
    """Change a recommendation entered by hand (or any: text, paragraph, body, review,
    response, follow-up). If someone saved it since ``expected_version``, raise
    RecordChanged and write nothing. A new response adds a step to the response history."""
    require(actor, PERM, recommendation)
    current = version_check(
        Recommendation, recommendation.pk, expected_version, RECOMMENDATION_FIELDS
    )
    old_response = current.response
    set_fields(current, fields, RECOMMENDATION_FIELDS)
    _check_recommendation(current.review, current.body, current.text, current.response)
    review = current.review
    current.mechanism = review.mechanism
    current.document_symbol, current.date = review.document_symbol, review.date
    if current.response != old_response and not fields.get("response_label"):
        current.response_label = str(Response(current.response).label) if current.response else ""
    save_version(current, actor)
    if current.response != old_response:
        _record_response(
            current, current.response, current.response_label, actor, current.response_justification
        )
    forget_facet_counts()
    return current


@dataclass
class SplitItem:
    """One paragraph of a split, as the secretariat corrected it."""

    paragraph: str
    text: str
    is_recommendation: bool = True
    followup: bool = False


@transaction.atomic
def review_save_split(
    *,
    actor,
    review: Review,
    items: Iterable[SplitItem],
    followup_due: datetime.date | None = None,
    next_report_due: datetime.date | None = None,
    is_published: bool = True,
) -> list[Recommendation]:
    """Save the paragraphs marked as recommendations, all or none. A paragraph the review
    already holds, or two items with one paragraph number, refuse the whole save."""
    require(actor, PERM, review)
    review = Review.objects.select_for_update().get(pk=review.pk)
    chosen = [item for item in items if item.is_recommendation]
    if not chosen:
        raise ValidationError(_("No paragraph is marked as a recommendation."))
    errors = []
    labels = [item.paragraph.strip() for item in chosen]
    taken = set(
        review.recommendations.filter(paragraph__in=[x for x in labels if x]).values_list(
            "paragraph", flat=True
        )
    )
    seen: set[str] = set()
    for item, label in zip(chosen, labels, strict=True):
        if label and (label in taken or label in seen):
            errors.append(
                _("Paragraph %(paragraph)s is already in this review.") % {"paragraph": label}
            )
        if not item.text.strip():
            errors.append(_("Paragraph %(paragraph)s has no text.") % {"paragraph": label})
        seen.add(label)
    if errors:
        raise ValidationError(errors)
    changed = False
    if followup_due and review.mechanism == Mechanism.TREATY_BODY:
        review.followup_due, changed = followup_due, True
    if next_report_due and review.mechanism == Mechanism.TREATY_BODY:
        review.next_report_due, changed = next_report_due, True
    if changed:
        save_version(review, actor)
    saved = [
        recommendation_add(
            actor=actor,
            review=review,
            text=item.text,
            paragraph=label,
            is_followup_item=item.followup,
            is_published=is_published,
        )
        for item, label in zip(chosen, labels, strict=True)
    ]
    _find_similar_on_commit(review.pk)
    return saved


def _find_similar_on_commit(review_id: int) -> None:
    from recommendations.assistant.tasks import find_similar

    transaction.on_commit(lambda: find_similar.delay(review_id))
