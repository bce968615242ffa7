"""A change of the State's response after the review (a noted recommendation accepted at
mid-term, in the next national report, in an oral statement): one dated record of the
response history each, with who recorded it and why; the recommendation's current response
follows the latest change. The one write path of the HTML screen and the API."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from nrtd.concurrency import save_version, version_check
from nrtd.history import save_as
from nrtd.web import require
from recommendations.filtering.facets import forget_facet_counts
from recommendations.models import Recommendation, Response, ResponseEntry

PERM = "recommendations.change_response"
# The stages at which a State changes its response once the review is over.
CHANGE_STAGES = (
    ResponseEntry.Stage.MIDTERM,
    ResponseEntry.Stage.NATIONAL_REPORT,
    ResponseEntry.Stage.ORAL_STATEMENT,
    ResponseEntry.Stage.OTHER,
)
RESPONSE_FIELDS = ("response", "response_label", "response_justification")


def response_history(recommendation: Recommendation):
    """The response history in the order it happened (undated entries first, as imported)."""
    return recommendation.responses.select_related("recorded_by").order_by(
        F("date").asc(nulls_first=True), "pk"
    )


def _check_change(*, stage: str, date, value: str, justification: str) -> None:
    errors: dict[str, list[str]] = {}
    if stage not in CHANGE_STAGES:
        errors["stage"] = [_("Choose the stage at which the State changed its response.")]
    if value not in Response.values:
        errors["value"] = [_("Choose the new response.")]
    if not isinstance(date, datetime.date):
        errors["date"] = [_("Give the date of the change.")]
    elif date > timezone.localdate():
        errors["date"] = [_("A change of response cannot be dated in the future.")]
    if not (justification or "").strip():
        errors["justification"] = [_("Say why the response changed (the State's reasons).")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def recommendation_change_response(
    *,
    actor,
    recommendation: Recommendation,
    expected_version: int,
    stage: str,
    date: datetime.date,
    value: str,
    justification: str,
    label: str = "",
) -> ResponseEntry:
    """Record a change of response and make the latest change (by date) the current response.

    ``expected_version`` is the recommendation's version the user's form started from: if its
    response changed in between, raise RecordChanged and write nothing."""
    require(actor, PERM, recommendation)
    current = version_check(Recommendation, recommendation.pk, expected_version, RESPONSE_FIELDS)
    _check_change(stage=stage, date=date, value=value, justification=justification)
    entry = ResponseEntry(
        recommendation=current,
        stage=stage,
        date=date,
        value=value,
        label=(label or "").strip(),
        justification=justification.strip(),
        source=_("national mechanism"),
        recorded_by=actor,
    )
    save_as(entry, actor)
    _follow_latest(current, actor)
    return entry


def _follow_latest(current: Recommendation, actor) -> None:
    latest = response_history(current).exclude(value="").last()
    current.response = latest.value
    current.response_label = latest.label
    current.response_justification = latest.justification
    save_version(current, actor, reason="response change")
    transaction.on_commit(forget_facet_counts)
