"""Civil society and NHRI participation on the portal: comments and own assessments.

Both are stored unpublished and wait for the secretariat's moderation
(services/publishing.py). Posting is rate limited per account and per address. Published
items show the organisation; an assessment shows its author's name only if the
organisation chose so (reprisal risk is real, so "organisation only" is the default).
"""

from __future__ import annotations

import uuid

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from mechanisms.models import StakeholderMember
from mechanisms.registration import client_address, rate_limit_exceeded
from recommendations.followup.evidence import evidence_max_bytes, sniff_evidence
from recommendations.models import Assessment, Comment, Recommendation, Status
from recommendations.portal.selectors import public_recommendation


def posts_per_hour() -> int:
    return getattr(settings, "NRTD_POSTS_PER_HOUR", 10)


def speaking_membership(user) -> StakeholderMember | None:
    """The organisation the user speaks for; None if the user may not take part."""
    if not user.has_perm("recommendations.add_assessment"):
        return None
    return (
        StakeholderMember.objects.filter(user=user)
        .select_related("stakeholder")
        .order_by("-is_verified", "pk")
        .first()
    )


# --- forms --------------------------------------------------------------------------------


class CommentForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Your comment"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=5000,
    )


class AssessmentForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status in your assessment"), choices=Status.choices
    )
    traffic_light = forms.ChoiceField(
        label=gettext_lazy("Traffic light"),
        choices=[("", "—"), *Assessment.Light.choices],
        required=False,
    )
    narrative = forms.CharField(
        label=gettext_lazy("Your assessment"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
    )
    evidence = forms.FileField(
        label=gettext_lazy("Evidence (PDF, image or office file)"), required=False
    )
    organisation_only = forms.BooleanField(
        label=gettext_lazy("Publish under the organisation's name only, without my name"),
        required=False,
        initial=True,
    )

    def clean_evidence(self):
        upload = self.cleaned_data.get("evidence")
        if not upload:
            return None
        if upload.size > evidence_max_bytes():
            raise forms.ValidationError(_("The file is too large."))
        kind = sniff_evidence(upload.read())
        upload.seek(0)
        if kind is None:
            raise forms.ValidationError(_("This kind of file is not accepted."))
        upload.nrtd_kind = kind  # the stored name's extension comes from the content
        return upload


# --- services ------------------------------------------------------------------------------


@transaction.atomic
def stakeholder_comment_submit(*, actor, recommendation: Recommendation, body: str) -> Comment:
    if speaking_membership(actor) is None:
        raise PermissionDenied
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    return Comment.objects.create(
        recommendation=recommendation,
        body=body,
        author=actor,
        is_internal=False,
        moderation=Comment.Moderation.PENDING,
    )


@transaction.atomic
def stakeholder_assessment_submit(
    *,
    actor,
    recommendation: Recommendation,
    status: str,
    narrative: str,
    traffic_light: str = "",
    evidence=None,
    organisation_only: bool = True,
) -> Assessment:
    membership = speaking_membership(actor)
    if membership is None:
        raise PermissionDenied
    assessment = Assessment(
        recommendation=recommendation,
        stakeholder=membership.stakeholder,
        author=actor,
        status=status,
        traffic_light=traffic_light or "",
        narrative=narrative.strip(),
        date=timezone.localdate(),
        organisation_only=organisation_only,
        moderation=Assessment.Moderation.PENDING,
    )
    if evidence is not None:
        # A random stored name: the uploaded name is never used as a path.
        suffix = getattr(evidence, "nrtd_kind", None) or sniff_evidence(evidence.read()) or "bin"
        evidence.seek(0)
        assessment.evidence.save(f"{uuid.uuid4().hex}.{suffix}", evidence, save=False)
    assessment.full_clean()
    assessment.save()
    return assessment


# --- views --------------------------------------------------------------------------------


def _rate_limited(request) -> bool:
    limit = posts_per_hour()
    by_user = rate_limit_exceeded("post-user", str(request.user.pk), limit=limit)
    by_address = rate_limit_exceeded("post-ip", client_address(request), limit=limit * 3)
    return by_user or by_address


def _participate(request, pk: int, form_class, template: str, submit):
    recommendation = public_recommendation(pk)
    if speaking_membership(request.user) is None:
        raise PermissionDenied
    if request.method == "POST":
        if _rate_limited(request):
            return render(request, "portal/rate_limited.html", status=429)
        form = form_class(request.POST, request.FILES)
        if form.is_valid():
            try:
                submit(recommendation, form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("Thank you. The secretariat will review it before it is published."),
                )
                return redirect("portal:recommendation", pk=recommendation.pk)
    else:
        form = form_class()
    return render(request, template, {"rec": recommendation, "form": form})


@login_required
@require_http_methods(["GET", "POST"])
def comment_add(request, pk: int):
    def submit(recommendation, data):
        stakeholder_comment_submit(
            actor=request.user, recommendation=recommendation, body=data["body"]
        )

    return _participate(request, pk, CommentForm, "portal/comment_form.html", submit)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_add(request, pk: int):
    def submit(recommendation, data):
        stakeholder_assessment_submit(
            actor=request.user,
            recommendation=recommendation,
            status=data["status"],
            narrative=data["narrative"],
            traffic_light=data.get("traffic_light") or "",
            evidence=data.get("evidence"),
            organisation_only=data.get("organisation_only", False),
        )

    return _participate(request, pk, AssessmentForm, "portal/assessment_form.html", submit)
