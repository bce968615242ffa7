"""Demo data of reporting: a reporting calendar (UPR dates computed from the reviews, treaty
body reports and a follow-up reply entered by hand, one of them overdue) and a national
report draft with its narrative sections. Idempotent: looked up by natural keys first."""

import datetime

from django.contrib.auth import get_user_model

from recommendations.models import Body, Mechanism, Review
from reporting.models import Deadline, ReportDraft, ReportKind, SectionVersion
from reporting.services.calendar import calendar_sync_reviews

DRAFT_TITLE = "UPR national report, fourth cycle (draft)"

SECTIONS = {
    ReportDraft.Section.METHODOLOGY: (
        "This report was prepared by the National Mechanism for Implementation, Reporting and "
        "Follow-up, coordinated by the Ministry of Foreign Affairs, with contributions from "
        "all line ministries recorded in the national recommendations tracking database.\n\n"
        "The draft was sent for comment to the Ombudsman and to civil society organisations "
        "for one month; their comments and the replies given are summarised in the annex."
    ),
    ReportDraft.Section.DEVELOPMENTS: (
        "Since the previous review the State adopted a national action plan on human rights "
        "and amended its legislation on equal treatment."
    ),
    ReportDraft.Section.ACHIEVEMENTS: (
        "Achievements include the training of judges and prosecutors on the rights of the "
        "child. Constraints remain in data collection on persons with disabilities."
    ),
    ReportDraft.Section.PRIORITIES: (
        "Priorities for the next cycle are housing for Roma communities and the "
        "independence of the national human rights institution."
    ),
    ReportDraft.Section.ASSISTANCE: (
        "The State would welcome technical assistance on human rights indicators."
    ),
}


def _manual_deadlines(today: datetime.date) -> list[dict]:
    bodies = {b.code: b for b in Body.objects.filter(code__in=["CEDAW", "CAT", "CRC"])}
    entries = []
    if "CEDAW" in bodies:
        entries.append(
            {
                "kind": Deadline.Kind.PERIODIC_REPORT,
                "body": bodies["CEDAW"],
                "title": "CEDAW: seventh periodic report",
                "period": "7th periodic report",
                "due_date": today + datetime.timedelta(days=75),
            }
        )
    if "CAT" in bodies:
        entries.append(
            {
                "kind": Deadline.Kind.FOLLOWUP_REPLY,
                "body": bodies["CAT"],
                "title": "CAT: follow-up reply to the concluding observations",
                "period": "follow-up, paragraphs 12, 18 and 27",
                "due_date": today - datetime.timedelta(days=20),
            }
        )
    if "CRC" in bodies:
        entries.append(
            {
                "kind": Deadline.Kind.PERIODIC_REPORT,
                "body": bodies["CRC"],
                "title": "CRC: combined fifth and sixth periodic reports",
                "period": "5th-6th periodic reports",
                "due_date": today - datetime.timedelta(days=200),
                "submitted_on": today - datetime.timedelta(days=210),
            }
        )
    return entries


def seed(*, stdout) -> None:
    secretariat = get_user_model().objects.filter(username="secretariat").first()
    added = calendar_sync_reviews()
    today = datetime.date.today()
    for entry in _manual_deadlines(today):
        # Looked up by title: the dates are relative to the first seeding day and stay put.
        Deadline.objects.get_or_create(
            title=entry["title"],
            defaults={
                **entry,
                "mechanism": Mechanism.TREATY_BODY,
                "created_by": secretariat,
            },
        )
    review = Review.objects.filter(mechanism="upr", date__isnull=False).order_by("-date").first()
    draft, created = ReportDraft.objects.get_or_create(
        title=DRAFT_TITLE,
        defaults={"kind": ReportKind.NATIONAL, "review": review, "created_by": secretariat},
    )
    if created:
        for section, text in SECTIONS.items():
            SectionVersion.objects.create(
                draft=draft, section=section, number=1, text=text, author=secretariat
            )
    _periodic_draft(secretariat)
    stdout.write(
        f"reporting: {Deadline.objects.count()} calendar entries ({added} from reviews), "
        f"draft {'created' if created else 'already there'}"
    )


PERIODIC_TITLE = "Periodic report to CEDAW (demo draft)"
PERIODIC_SECTIONS = {
    ReportDraft.Section.INTRODUCTION: (
        "[Demo] This draft answers the demo concluding observations of the Committee, "
        "paragraph by paragraph; it was written for the nrtd demo and is not a State report."
    ),
}


def _periodic_draft(secretariat) -> None:
    """A periodic report's draft on the demo CEDAW review, beside the national report's."""
    review = Review.objects.filter(mechanism=Mechanism.TREATY_BODY, body__code="CEDAW").first()
    if review is None:
        return
    draft, created = ReportDraft.objects.get_or_create(
        title=PERIODIC_TITLE,
        defaults={
            "kind": ReportKind.TREATY_PERIODIC,
            "review": review,
            "created_by": secretariat,
        },
    )
    if created:
        for section, text in PERIODIC_SECTIONS.items():
            SectionVersion.objects.create(
                draft=draft, section=section, number=1, text=text, author=secretariat
            )
