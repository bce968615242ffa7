"""Demo reviews of other mechanisms beside the UPR data: one treaty-body review with
follow-up items and one special-procedure visit, made through the same services as the
secretariat's screens (the treaty body's text goes through the splitter, as pasted text
does).

Every text below was written for the demo. It is not taken from, and must not be shown as,
a UN document: the symbols start with "DEMO" and every text says it is demo data.

The treaty-body review carries the dates a real one would: the adoption of the concluding
observations, the follow-up reply due two years later (as the text says) and the next
periodic report (the date the text sets), so the reporting calendar shows both.
"""

from __future__ import annotations

import datetime

DEMO_NOTE = "Demo data written for the nrtd demo; not a UN document."

TREATY_SYMBOL = "DEMO/CEDAW/C/SVN/CO"
TREATY_TEXT = """\
Demo concluding observations (written for the nrtd demo; not a UN document)

A. Introduction
1. [Demo] The Committee considered the demo periodic report of the State party.
2. [Demo] The Committee welcomes the adoption of a demo national action plan on gender
equality.
B. Principal areas of concern and recommendations
Women human rights defenders
3. [Demo] The Committee notes with concern the demo reports of online harassment of women
human rights defenders.
4. [Demo] The Committee recommends that the State party:
(a) Adopt a demo protocol for the protection of women human rights defenders;
(b) Investigate and prosecute demo cases of online harassment;
(c) Train demo police officers on gender-sensitive investigation.

DEMO/CEDAW/C/SVN/CO
2/3

Gender-based violence against women
5. [Demo] The Committee urges the State party to open demo shelters in every region and to
fund them adequately.
Employment
6. [Demo] The Committee recommends that the State party close the demo gender pay gap
through pay transparency measures.
Follow-up to the present concluding observations
7. [Demo] The Committee requests the State party to provide, within two years, written
information on the steps taken to implement the recommendations contained in
paragraphs 4 (a) and 5 above.
Preparation of the next report
8. [Demo] The Committee invites the State party to submit its next periodic report by
October 2030.
"""
TREATY_ADOPTED = datetime.date(2025, 3, 1)
TREATY_FOLLOWUP_DUE = datetime.date(2027, 3, 1)

VISIT_SYMBOL = "DEMO/A/HRC/SR-Health/Add.1"
VISIT_RECOMMENDATIONS = [
    ("80 (a)", "[Demo] Reduce the demo waiting times for specialist care in rural areas."),
    ("80 (b)", "[Demo] Include demo mental health services in primary health care."),
    ("81", "[Demo] Ensure that demo health data are collected by sex, age and disability."),
]


def _secretariat():
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(username="secretariat").first()


def _demo_review(actor, state, *, body: str, symbol: str, **fields):
    """(the demo review of ``body`` with this document symbol, whether it is new): created
    through the review service the first time."""
    from recommendations.models import Body, Review
    from recommendations.reviews.services import review_create

    found = Body.objects.get(code=body)
    review = Review.objects.filter(
        state_under_review=state, body=found, document_symbol=symbol
    ).first()
    if review is not None:
        return review, False
    review = review_create(
        actor=actor, state_under_review=state, body=found, document_symbol=symbol, **fields
    )
    return review, True


def _treaty_review(actor, state):
    from recommendations.reviews.selectors import split_preview
    from recommendations.reviews.services import SplitItem, review_save_split, review_update

    review, created = _demo_review(
        actor,
        state,
        body="CEDAW",
        symbol=TREATY_SYMBOL,
        mechanism="treaty_body",
        title=f"Demo concluding observations. {DEMO_NOTE}",
        state_report_symbol="DEMO/CEDAW/C/SVN/REPORT",
        date=TREATY_ADOPTED,
        followup_due=TREATY_FOLLOWUP_DUE,
    )
    if not created and review.date is None:
        # A demo made before the review carried its adoption date.
        review = review_update(
            actor=actor, review=review, expected_version=review.version, date=TREATY_ADOPTED
        )
    if review.recommendations.exists():
        return review, 0
    proposal = split_preview(review, TREATY_TEXT)
    saved = review_save_split(
        actor=actor,
        review=review,
        items=[
            SplitItem(i["paragraph"], i["text"], i["is_recommendation"], i["followup"])
            for i in proposal["items"]
        ],
        next_report_due=proposal["next_report_due"],
    )
    return review, len(saved)


def _visit_review(actor, state):
    from recommendations.reviews.services import recommendation_add

    review, _created = _demo_review(
        actor,
        state,
        body="SR Health",
        symbol=VISIT_SYMBOL,
        mechanism="special_procedure",
        title=f"Demo country visit report. {DEMO_NOTE}",
        visit_start=datetime.date(2025, 4, 7),
        visit_end=datetime.date(2025, 4, 16),
    )
    if review.recommendations.exists():
        return review, 0
    for paragraph, text in VISIT_RECOMMENDATIONS:
        recommendation_add(actor=actor, review=review, text=text, paragraph=paragraph)
    return review, len(VISIT_RECOMMENDATIONS)


def seed(*, stdout) -> None:
    from recommendations.models import State

    actor = _secretariat()
    state = State.objects.filter(iso3="SVN").first()
    if actor is None or state is None:
        return
    treaty, treaty_count = _treaty_review(actor, state)
    visit, visit_count = _visit_review(actor, state)
    stdout.write(
        f"demo reviews of other mechanisms: {treaty} ({treaty_count} created), "
        f"{visit} ({visit_count} created)"
    )
    _special_procedures(actor, state, visit, stdout)


def _special_procedures(actor, state, report, stdout) -> None:
    from recommendations.demo import special
    from recommendations.models import Body

    visit, _ = special.seed_visit(actor=actor, state=state, report=report)
    mandates = list(Body.objects.filter(code__in=["SR Health", "WGAD"]))
    communication, _ = special.seed_communication(actor=actor, state=state, mandates=mandates)
    stdout.write(f"demo special procedures: visit {visit}, communication {communication}")
