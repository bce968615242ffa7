"""The mid-term report's introduction and methodology as the data tells them.

The same sentences serve twice: a run with no written text prints them, and the drafts
screen offers them as the first text of an empty section, for the secretariat to edit.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from reporting.exports.content import GROUPING_WORDS, format_number, summary_sentence


@dataclass(slots=True)
class MidtermFacts:
    state: str
    scope: str
    total: int
    supported: int
    noted: int
    done: int
    institutions: int
    activities: int
    updates: int
    grouping: str = "clusters"
    update_round: str = ""
    consulted: list[str] = field(default_factory=list)


def introduction_paragraphs(facts: MidtermFacts) -> list[str]:
    # The scope names the review (its cycle and session) when the report has one.
    return [
        _(
            "This mid-term report sets out what %(state)s has done, since its last review, to "
            "implement the recommendations it received (%(scope)s)."
        )
        % {"state": facts.state or _("the State"), "scope": facts.scope},
        summary_sentence(facts.total, facts.supported, facts.noted, facts.done),
    ]


def methodology_paragraphs(facts: MidtermFacts) -> list[str]:
    paragraphs = [
        _(
            "The report was drafted by the national mechanism for implementation, reporting "
            "and follow-up from its recommendations tracking database. %(n)s institutions "
            "lead the implementation of the recommendations and reported on it: their focal "
            "points recorded %(activities)s activities, and %(updates)s progress reports were "
            "accepted by the secretariat. The recommendations are grouped by %(grouping)s; "
            "each status is the latest assessment recorded by the government."
        )
        % {
            "n": format_number(facts.institutions),
            "activities": format_number(facts.activities),
            "updates": format_number(facts.updates),
            "grouping": GROUPING_WORDS[facts.grouping](),
        }
    ]
    if facts.update_round:
        paragraphs.append(
            _("The progress reported here was collected in the update round %(round)s.")
            % {"round": facts.update_round}
        )
    if facts.consulted:
        paragraphs.append(
            _("The draft was discussed with: %(consulted)s.")
            % {"consulted": ", ".join(facts.consulted)}
        )
    return paragraphs
