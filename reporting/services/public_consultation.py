"""Public comment on a draft or on a national action plan: anyone (or, if the secretariat
chose, only registered organisations) comments on the sections the secretariat opened, until
the deadline. Comments wait for moderation in the publishing queue; the secretariat replies,
and publishes its replies with the final text once the consultation is closed."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from mechanisms.rules import speaking_membership
from nrtd.web import require
from recommendations.models import ActionPlan
from recommendations.publishing.services import moderation_record
from reporting.models import PLAN_GENERAL, PLAN_GENERAL_LABEL, Consultation, PublicComment

# Moderating public comments is publishing: the same permission as the publishing queue.
MODERATE = "recommendations.publish_recommendation"


def public_sections_clean(draft, sections: Iterable[str]) -> list[str]:
    """The opened sections, in the draft's order; refuse a section the draft does not have."""
    chosen = set(sections)
    known = [s.value for s in draft.sections]
    unknown = chosen - set(known)
    if unknown:
        raise ValidationError({"public_sections": _("Unknown section.")})
    return [key for key in known if key in chosen]


def plan_sections(plan: ActionPlan) -> list[tuple[str, str]]:
    """(key, label) of the sections a plan can be opened with: the plan as a whole, then
    each item ("item-<id>"), in the plan's order."""
    items = plan.items.order_by("code", "pk")
    return [
        (PLAN_GENERAL, str(PLAN_GENERAL_LABEL)),
        *((f"item-{item.pk}", f"{item.code} {item.title}".strip()) for item in items),
    ]


def plan_snapshot(plan: ActionPlan, sections: Iterable[str] | None = None) -> dict:
    """The opened sections as the public reads them at opening: the plan's description,
    each item's title and description (what a comment on "item-<id>" is about, even if the
    item changes later). Sections not opened are not copied."""
    chosen = None if sections is None else set(sections)
    snapshot = {}
    if chosen is None or PLAN_GENERAL in chosen:
        snapshot[PLAN_GENERAL] = {"text": plan.description}
    for item in plan.items.order_by("code", "pk"):
        key = f"item-{item.pk}"
        if chosen is None or key in chosen:
            label = f"{item.code} {item.title}".strip()
            snapshot[key] = {"label": label, "text": item.description}
    return snapshot


@transaction.atomic
def plan_consultation_open(
    *,
    actor,
    plan: ActionPlan,
    title: str,
    deadline,
    public_sections: Iterable[str],
    organisations_only: bool = False,
) -> Consultation:
    """Open a national action plan for public comment until the deadline, with the sections
    the secretariat chose (the plan as a whole, and items: an internal item stays out unless
    chosen). The same lifecycle as a draft's public consultation: open, closed, then the
    replies published with the final text."""
    require(actor, "reporting.open_plan_consultation")
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    chosen = set(public_sections)
    known = [key for key, _label in plan_sections(plan)]
    if chosen - set(known):
        raise ValidationError({"public_sections": _("Unknown section.")})
    if not chosen:
        raise ValidationError(
            {"public_sections": _("Choose the sections the public may read and comment on.")}
        )
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline is in the past.")})
    if plan.consultations.filter(status=Consultation.ConsultationStatus.OPEN).exists():
        raise ValidationError(_("This plan is already open for public comment."))
    snapshot = plan_snapshot(plan, chosen)
    return Consultation.objects.create(
        plan=plan,
        title=title.strip(),
        deadline=deadline,
        opened_by=actor,
        is_public=True,
        public_sections=[key for key in known if key in chosen],
        organisations_only=organisations_only,
        snapshot=snapshot,
    )


@transaction.atomic
def public_comment_submit(
    *,
    consultation: Consultation,
    section: str,
    name: str,
    email: str,
    body: str,
    organisation: str = "",
    user=None,
) -> PublicComment:
    """Store a comment from the portal, unpublished. A closed consultation refuses it (the
    form keeps the text); an organisations-only one needs a verified organisation's member."""
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if not consultation.is_public:
        raise PermissionDenied
    if not consultation.is_open:
        closed_on = (
            timezone.localtime(consultation.closed).date()
            if consultation.closed
            else consultation.deadline
        )
        raise ValidationError(
            _("This consultation closed on %(date)s: comments are no longer accepted.")
            % {"date": formats.date_format(closed_on)}
        )
    if section not in consultation.public_sections:
        raise ValidationError({"section": _("This section is not open for comment.")})
    if not body.strip():
        raise ValidationError({"body": _("Write a comment.")})
    membership = speaking_membership(user) if user is not None else None
    if consultation.organisations_only and membership is None:
        raise ValidationError(
            _(
                "Only registered civil society organisations and the NHRI may comment on this "
                "draft. Sign in with your organisation's account."
            )
        )
    return PublicComment.objects.create(
        consultation=consultation,
        section=section,
        name=name.strip(),
        organisation=organisation.strip(),
        email=email.strip(),
        body=body.strip(),
        stakeholder=membership.stakeholder if membership else None,
        author=user if user is not None and user.is_authenticated else None,
    )


@transaction.atomic
def public_comment_moderate(*, actor, comment: PublicComment, decision: str) -> PublicComment:
    """Publish, reject (kept, never public) or send back to the queue a public comment."""
    require(actor, MODERATE)
    moderation_record(comment, decision, actor=actor)
    return comment


@transaction.atomic
def public_comment_reply(*, actor, comment: PublicComment, reply: str) -> PublicComment:
    """The secretariat's answer to one comment; public once the replies are published."""
    require(actor, "reporting.manage_consultation", comment.consultation)
    reply = reply.replace("\r\n", "\n").strip()
    if not reply:
        raise ValidationError({"reply": _("Write a reply.")})
    comment.reply = reply
    comment.replied_by = actor
    comment.replied = timezone.now()
    comment.save(update_fields=["reply", "replied_by", "replied"])
    return comment


@transaction.atomic
def consultation_replies_publish(*, actor, consultation: Consultation) -> Consultation:
    """Publish the replies with the final text: only once comments are no longer accepted,
    so no reply is published to a conversation that is still going on."""
    require(actor, "reporting.manage_consultation", consultation)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.status == Consultation.ConsultationStatus.OPEN:
        raise ValidationError(_("Close the consultation before publishing the replies."))
    if consultation.replies_published is None:
        consultation.replies_published = timezone.now()
        consultation.save(update_fields=["replies_published"])
    return consultation
