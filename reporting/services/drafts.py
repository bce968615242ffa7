"""Report drafts (each save of a section is a version) and consultations on them."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.mail import send_mass_mail
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from mechanisms.models import Seat, StakeholderMember
from nrtd.web import require
from recommendations.models import Mechanism
from reporting.exports import content
from reporting.models import (
    Consultation,
    ConsultationComment,
    ReportDraft,
    ReportKind,
    SectionVersion,
)
from reporting.rules import recipient_organisation
from reporting.selectors.drafts import current_sections
from reporting.selectors.themes import csos_to_invite
from reporting.services.public_consultation import public_sections_clean


@transaction.atomic
def draft_create(*, actor, title: str, kind: str, review=None) -> ReportDraft:
    """A new draft. A periodic report to a treaty body answers one treaty body's review."""
    require(actor, "reporting.manage_drafts")
    periodic = kind == ReportKind.TREATY_PERIODIC
    if periodic and review is not None and review.mechanism != Mechanism.TREATY_BODY:
        raise ValidationError(
            {"review": _("A periodic report answers a treaty body's review: choose one.")}
        )
    return ReportDraft.objects.create(title=title, kind=kind, review=review, created_by=actor)


@transaction.atomic
def draft_section_save(
    *, actor, draft: ReportDraft, section: str, text: str, based_on: int | None
) -> SectionVersion | None:
    """Save a section's text as a new version. ``based_on`` is the version the editor
    started from: if someone saved meanwhile, refuse rather than overwrite their words."""
    require(actor, "reporting.manage_drafts")
    if section not in draft.sections:
        raise ValidationError({"section": _("Unknown section.")})
    draft = ReportDraft.objects.select_for_update().get(pk=draft.pk)
    latest = draft.versions.filter(section=section).order_by("-number").first()
    current = latest.number if latest else 0
    if (based_on or 0) != current:
        raise ValidationError(
            _(
                "Someone saved this section (version %(version)s) after you opened it. "
                "Copy your text, reload the page and merge."
            )
            % {"version": current}
        )
    text = text.replace("\r\n", "\n").strip()
    if latest and latest.text == text:
        return None
    version = SectionVersion.objects.create(
        draft=draft, section=section, number=current + 1, text=text, author=actor
    )
    draft.save(update_fields=["modified"])
    return version


def _recipient_emails(consultation: Consultation) -> list[str]:
    seat_holders = Seat.objects.filter(
        institution__in=consultation.institutions.all(), holder__isnull=False
    ).values_list("holder__email", flat=True)
    members = StakeholderMember.objects.filter(
        stakeholder__in=consultation.stakeholders.all(), is_verified=True
    ).values_list("user__email", flat=True)
    return sorted({e for e in [*seat_holders, *members] if e})


@transaction.atomic
def consultation_open(
    *,
    actor,
    draft: ReportDraft,
    title: str,
    deadline: datetime.date,
    institutions: Iterable = (),
    stakeholders: Iterable = (),
    message: str = "",
    consultation_url: str = "",
    is_public: bool = False,
    public_sections: Iterable[str] = (),
    organisations_only: bool = False,
    themes: Iterable = (),
) -> Consultation:
    """Send a draft for comment to chosen recipients and, if ``is_public``, open the chosen
    sections for comment on the public portal until the deadline."""
    require(actor, "reporting.manage_drafts")
    institutions, stakeholders = list(institutions), list(stakeholders)
    themes = list(themes)
    if themes:  # every verified CSO following one of the themes is invited too
        stakeholders = list({s.pk: s for s in [*stakeholders, *csos_to_invite(themes)]}.values())
        if not stakeholders and not institutions and not is_public:
            raise ValidationError(
                {"themes": _("No registered civil society organisation follows these themes.")}
            )
    if not institutions and not stakeholders and not is_public:
        raise ValidationError(_("Choose at least one institution or organisation to consult."))
    public_sections = public_sections_clean(draft, public_sections) if is_public else []
    if is_public and not public_sections:
        raise ValidationError(
            {"public_sections": _("Choose the sections the public may read and comment on.")}
        )
    if deadline < timezone.localdate():
        raise ValidationError({"deadline": _("The deadline is in the past.")})
    sections = current_sections(draft)
    consultation = Consultation.objects.create(
        draft=draft,
        title=title,
        deadline=deadline,
        message=message,
        opened_by=actor,
        is_public=is_public,
        public_sections=public_sections,
        organisations_only=is_public and organisations_only,
        snapshot={key: {"version": v.number, "text": v.text} for key, v in sections.items()},
    )
    consultation.institutions.set(institutions)
    consultation.stakeholders.set(stakeholders)
    from reporting.exports import docx  # python-docx: loaded when a consultation opens

    attachment = docx.render(content.draft_blocks(draft, sections), title=draft.title)
    consultation.attachment.save(
        f"{slugify(draft.title) or 'draft'}-consultation-{consultation.pk}.docx",
        ContentFile(attachment),
    )
    from reporting import tasks

    transaction.on_commit(
        lambda: tasks.send_consultation_invitations.delay(consultation.pk, consultation_url)
    )
    return consultation


def consultation_invitations_send(consultation_id: int, consultation_url: str = "") -> int:
    """E-mail the invitation to every recipient of a consultation (run as a Celery job)."""
    consultation = Consultation.objects.filter(pk=consultation_id).first()
    if consultation is None:
        return 0
    emails = _recipient_emails(consultation)
    if not emails:
        return 0
    subject = _("Consultation: %(title)s (comments by %(deadline)s)") % {
        "title": consultation.title,
        "deadline": consultation.deadline.isoformat(),
    }
    body = "\n\n".join(part for part in [consultation.message, consultation_url] if part)
    messages = [(subject, body, settings.DEFAULT_FROM_EMAIL, [e]) for e in emails]
    return send_mass_mail(messages, fail_silently=True)


@transaction.atomic
def consultation_close(*, actor, consultation: Consultation) -> Consultation:
    require(actor, "reporting.manage_consultation", consultation)
    consultation.status = Consultation.ConsultationStatus.CLOSED
    consultation.closed = timezone.now()
    consultation.save(update_fields=["status", "closed"])
    return consultation


@transaction.atomic
def consultation_comment_add(
    *, actor, consultation: Consultation, section: str, body: str
) -> ConsultationComment:
    """A recipient's comment on one section, stored under its organisation's name."""
    require(actor, "reporting.comment_consultation", consultation)
    if section != ConsultationComment.GENERAL and section not in dict(consultation.sections):
        raise ValidationError({"section": _("Unknown section.")})
    if not body.strip():
        raise ValidationError({"body": _("Write a comment.")})
    organisation = recipient_organisation(actor, consultation)
    is_stakeholder = organisation._meta.model_name == "stakeholder"
    return ConsultationComment.objects.create(
        consultation=consultation,
        section=section,
        body=body.strip(),
        author=actor,
        stakeholder=organisation if is_stakeholder else None,
        institution=None if is_stakeholder else organisation,
    )


@transaction.atomic
def consultation_comment_resolve(
    *, actor, comment: ConsultationComment, resolution: str, reply: str
) -> ConsultationComment:
    require(actor, "reporting.manage_consultation", comment.consultation)
    if resolution not in ConsultationComment.Resolution.values:
        raise ValidationError({"resolution": _("Unknown resolution.")})
    comment.resolution = resolution
    comment.reply = reply.strip()
    comment.replied_by = actor
    comment.replied = timezone.now()
    comment.save(update_fields=["resolution", "reply", "replied_by", "replied"])
    return comment
