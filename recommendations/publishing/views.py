"""The secretariat's publishing and moderation screens: what waits for a decision, and one
POST endpoint per kind of record. Thin: selectors.py lists, services.py decides and writes."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from nrtd.web import require, safe_next
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
from recommendations.publishing import services as publishing
from recommendations.publishing.extensions import queue_sections
from recommendations.publishing.selectors import moderation_queue

QUEUE_LIMIT = 50


def _back(request):
    return redirect(safe_next(request, reverse("publishing:queue")))


@login_required
@require_safe
def queue(request):
    require(request.user, publishing.PERMISSION)
    context = {**moderation_queue(QUEUE_LIMIT), "extra_sections": queue_sections(request)}
    return render(request, "portal/publishing/queue.html", context)


def _published_flag(request) -> bool:
    action = request.POST.get("action")
    if action not in ("publish", "unpublish"):
        raise ValidationError(_("Unknown action."))
    return action == "publish"


def _run(request, change) -> None:
    try:
        change()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Saved."))


def _decision(model, decide):
    """A POST that loads one record (of ``model``, a model or a queryset) and hands the
    secretariat's decision to a service."""

    @login_required
    @require_POST
    def view(request, pk: int):
        require(request.user, publishing.PERMISSION)
        record = get_object_or_404(model, pk=pk)
        _run(request, lambda: decide(request, record))
        return _back(request)

    return view


def _publishing(model, service, name: str, *, flag: str = "published"):
    """The publish / unpublish button of a kind of record: its service is called with the
    record by ``name`` and the posted choice (evidence speaks of "internal", the opposite)."""

    def decide(request, record):
        published = _published_flag(request)
        value = published if flag == "published" else not published
        return service(actor=request.user, **{name: record, flag: value})

    return _decision(model, decide)


recommendation_publish = _publishing(
    Recommendation, publishing.recommendation_set_published, "recommendation"
)
activity_publish = _publishing(Activity, publishing.activity_set_published, "activity")
indicator_publish = _publishing(Indicator, publishing.indicator_set_published, "indicator")
update_publish = _publishing(ProgressUpdate, publishing.progress_update_set_published, "update")
evidence_publish = _publishing(
    Evidence, publishing.evidence_set_internal, "evidence", flag="internal"
)
assessment_moderate = _decision(
    Assessment,
    lambda request, record: publishing.assessment_moderate(
        actor=request.user, assessment=record, decision=request.POST.get("decision", "")
    ),
)

assessment_flag = _decision(
    Assessment,
    lambda request, record: publishing.assessment_flag(
        actor=request.user, assessment=record, note=request.POST.get("note", "")
    ),
)


# The queue's buttons say what they do; the service speaks in moderation states.
COMMENT_ACTIONS = {
    "publish": Comment.Moderation.PUBLISHED,
    "reject": Comment.Moderation.REJECTED,
    "unpublish": Comment.Moderation.PENDING,
}


def _moderation(request) -> str:
    decision = COMMENT_ACTIONS.get(request.POST.get("action", ""))
    if decision is None:
        raise ValidationError(_("Unknown action."))
    return decision


reply_moderate = _decision(
    Reply,
    lambda request, record: publishing.reply_moderate(
        actor=request.user, reply=record, decision=_moderation(request)
    ),
)
comment_moderate = _decision(
    Comment.objects.filter(is_internal=False),
    lambda request, record: publishing.comment_moderate(
        actor=request.user, comment=record, decision=_moderation(request)
    ),
)
