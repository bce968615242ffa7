"""The two-way dialogue, the institution's side: a focal point of the lead institution
reads the NHRI's and CSOs' published comments and assessments on its recommendation and
answers them (the one write path: ``recommendations.portal.services.reply_submit``)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from nrtd.web import form_page, require
from recommendations.followup import selectors
from recommendations.followup.forms import ReplyForm
from recommendations.portal.services import REPLY, answerable, reply_submit


def _target(request, comments, assessments):
    """The comment or assessment the form answers, among those that can be answered."""
    kind, _sep, pk = (request.POST.get("target") or "").partition(":")
    pool = {"comment": comments, "assessment": assessments}.get(kind, [])
    chosen = next((item for item in pool if str(item.pk) == pk), None)
    return {kind: chosen} if chosen is not None else None


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def dialogue(request, pk: int):
    rec = selectors.followup_recommendation(request.user, pk)
    require(request.user, REPLY, rec)
    comments, assessments = answerable(rec)
    for kind, items in (("comment", comments), ("assessment", assessments)):
        for item in items:
            item.dialogue_key = f"{kind}:{item.pk}"
    form, failed_target = ReplyForm(), ""
    if request.method == "POST":
        form = ReplyForm(request.POST)
        target = _target(request, comments, assessments)
        failed_target = request.POST.get("target", "")
        if target is None:
            # No longer answerable (withdrawn from the portal meanwhile), or never was: the
            # error shows on top of the page with the text typed, so nothing is lost.
            failed_target = ""
            form.add_error(None, _("Choose a published comment or assessment to answer."))
        elif form.is_valid():
            try:
                reply_submit(actor=request.user, body=form.cleaned_data["body"], **target)
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                messages.success(
                    request,
                    _("Your answer was sent. The secretariat publishes it under what it answers."),
                )
                return redirect("followup:dialogue", pk=rec.pk)
    context = {
        "rec": rec,
        "comments": comments,
        "assessments": assessments,
        "form": form,
        "failed_target": failed_target,
    }
    return form_page(request, "followup/dialogue.html", context)
