"""What a report says, as a flat list of blocks (headings, paragraphs, fields, tables, images).

The Word and PDF writers render the same blocks, so both formats carry the same text; the
national report's word count is taken from them too.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reporting.exports.localize import long_date, medium_date
from reporting.exports.localize import number as format_number
from reporting.models import WORD_LIMIT, ConsultationComment, ReportDraft
from reporting.selectors.rows import (
    STATUS_ORDER,
    RecommendationRow,
    ReportData,
    paragraph_key,
    status_label,
)

Progress = Callable[[float], None]
WORD = re.compile(r"\w+(?:[-'’]\w+)*")


@dataclass(slots=True)
class Block:
    # title, subtitle, note, pagebreak, toc, h1, h2, h3, p, quote, field, bullet, table, image
    kind: str
    text: str = ""
    label: str = ""
    header: list | None = None
    rows: list | None = None
    image: bytes | None = None


def word_count(blocks: Iterable[Block]) -> int:
    total = 0
    for block in blocks:
        total += len(WORD.findall(block.text)) + len(WORD.findall(block.label))
        for row in block.rows or []:
            total += sum(len(WORD.findall(str(cell))) for cell in row)
    return total


def _date(value) -> str:
    """Month in letters, in the report's language: "12/02/2026" is ambiguous."""
    return medium_date(value)


def _number(value) -> str:
    return format_number(value)


def counts_table(first_column: str, series: list[tuple[str, Counter]]) -> Block:
    header = [first_column, *(status_label(s) for s in STATUS_ORDER), _("Total")]
    rows = []
    totals: Counter = Counter()
    for label, counts in series:
        rows.append([label, *(counts.get(s, 0) for s in STATUS_ORDER), sum(counts.values())])
        totals.update(counts)
    if len(series) > 1:
        rows.append([_("Total"), *(totals.get(s, 0) for s in STATUS_ORDER), sum(totals.values())])
    return Block("table", header=header, rows=rows)


def _activity_line(activity) -> str:
    dates = _date(activity.start)
    if activity.end:
        dates = f"{dates} – {_date(activity.end)}"
    parts = [dates, activity.institution, activity.status]
    if activity.budget is not None:
        parts.append(
            _("budget %(amount)s") % {"amount": f"{_number(activity.budget)} {activity.currency}"}
        )
    return f"{activity.title} ({'; '.join(p.strip() for p in parts)})"


def _latest_indicator_line(indicator) -> str:
    unit = f" {indicator.unit}" if indicator.unit else ""
    if indicator.values:
        day, value = indicator.values[-1]
        latest = _("latest %(value)s (%(date)s)") % {
            "value": f"{_number(value)}{unit}",
            "date": _date(day),
        }
    else:
        latest = _("no value recorded yet")
    return (
        f"{indicator.name}: {latest}; {_('baseline')} {_number(indicator.baseline)}{unit}, "
        f"{_('target')} {_number(indicator.target)}{unit}"
    )


def _indicator_line(indicator) -> str:
    unit = f" {indicator.unit}" if indicator.unit else ""
    values = "; ".join(f"{_date(d)}: {_number(v)}{unit}" for d, v in indicator.values)
    parts = [
        f"{_('baseline')} {_number(indicator.baseline)}",
        f"{_('target')} {_number(indicator.target)}",
    ]
    if values:
        parts.append(values)
    return f"{indicator.name}: " + ", ".join(parts)


def _cover(title: str, data: ReportData, state: str, emblem: bytes | None = None) -> list[Block]:
    blocks = []
    if emblem:
        blocks.append(Block("image", label=_("Emblem"), image=emblem))
    return blocks + [
        Block("title", title),
        Block("subtitle", state),
        Block("note", data.scope_label),
        Block(
            "note",
            _("Generated on %(date)s by the national recommendations tracking database.")
            % {"date": long_date(timezone.localdate())},
        ),
    ]


def _summary(data: ReportData) -> list[Block]:
    return [Block("h1", _("Summary")), Block("p", _summary_text(data))]


def _summary_text(data: ReportData) -> str:
    supported = data.responses.get("supported", 0)
    noted = data.responses.get("noted", 0) + data.responses.get("partially_supported", 0)
    done = data.overall.get("fully_implemented", 0)
    text = ngettext(
        "This report covers %(n)s recommendation",
        "This report covers %(n)s recommendations",
        data.total,
    ) % {"n": _number(data.total)}
    return (
        text
        + ": "
        + _(
            "%(supported)s supported and %(noted)s noted or partially supported. "
            "%(done)s are fully implemented."
        )
        % {"supported": _number(supported), "noted": _number(noted), "done": _number(done)}
    )


GROUPING_WORDS = {
    "clusters": lambda: _("cluster"),
    "themes": lambda: _("theme"),
    "goals": lambda: _("Sustainable Development Goal"),
    "none": lambda: _("group"),
}


def _introduction(data: ReportData, state: str, sections: dict) -> list[Block]:
    """Prefilled from the data; a draft's "introduction" section, when written, replaces it."""
    heading = _("Introduction")
    written = _written(sections, "introduction")
    if written:
        return [Block("h1", heading), *written]
    text = _(
        "This mid-term report sets out what %(state)s has done, since its last review, to "
        "implement the recommendations it received (%(scope)s)."
    ) % {"state": state or _("the State"), "scope": data.scope_label}
    return [Block("h1", heading), Block("p", text), Block("p", _summary_text(data))]


def _methodology(data: ReportData, sections: dict) -> list[Block]:
    heading = _("Methodology")
    written = _written(sections, "methodology")
    if written:
        return [Block("h1", heading), *written]
    institutions = [name for name, _counts in data.by_institution if name]
    rows = list(data.rows())
    updates = sum(1 for row in rows if row.narrative)
    activities = len({a.pk or id(a) for row in rows for a in row.activities})
    text = _(
        "The report was drafted by the national mechanism for implementation, reporting and "
        "follow-up from its recommendations tracking database. %(n)s institutions lead the "
        "implementation of the recommendations and reported on it: their focal points "
        "recorded %(activities)s activities, and %(updates)s progress reports were accepted "
        "by the secretariat. The recommendations are grouped by %(grouping)s; each status "
        "is the latest assessment recorded by the government."
    ) % {
        "n": _number(len(institutions)),
        "activities": _number(activities),
        "updates": _number(updates),
        "grouping": GROUPING_WORDS[data.grouping](),
    }
    return [Block("h1", heading), Block("p", text)]


def _written(sections: dict, section: str) -> list[Block]:
    version = sections.get(section)
    if not version or not version.text.strip():
        return []
    return [
        Block("p", paragraph.strip())
        for paragraph in re.split(r"\n\s*\n", version.text)
        if paragraph.strip()
    ]


NARRATIVES_PER_PARAGRAPH = 6


def merged_narrative(group) -> list[str]:
    """The cluster's accepted progress narratives as one paragraph, each as written and
    followed by the paragraph numbers it reports on (a text sent for several is said once)."""
    seen: dict[str, list[str]] = {}
    for row in group.rows:
        text = " ".join(row.narrative.split())
        if text:
            seen.setdefault(text, []).append(row.paragraph or f"#{row.pk}")
    sentences = []
    for text, paragraphs in seen.items():
        sentence = text if text.endswith((".", "!", "?", "。", "؟")) else f"{text}."
        sentences.append(f"{sentence} ({', '.join(paragraphs)})")
    # A few narratives per paragraph: readable, and WeasyPrint lays out a long paragraph
    # again for each of its lines (a 5,000-word one cost seconds).
    n = NARRATIVES_PER_PARAGRAPH
    return [" ".join(sentences[i : i + n]) for i in range(0, len(sentences), n)]


def _cluster_chapter(group) -> list[Block]:
    counts = group.counts
    summary = ", ".join(
        f"{status_label(s)}: {_number(counts[s])}" for s in STATUS_ORDER if counts.get(s)
    )
    blocks = [
        Block("h1", group.name),
        Block(
            "p",
            ngettext(
                "%(n)s recommendation (%(summary)s).",
                "%(n)s recommendations (%(summary)s).",
                len(group.rows),
            )
            % {"n": _number(len(group.rows)), "summary": summary},
        ),
        Block("h2", _("Progress")),
    ]
    narrative = merged_narrative(group)
    blocks += [Block("p", text) for text in narrative] or [
        Block("p", _("No progress report has been accepted yet."))
    ]
    activities = {}
    indicators = {}
    evidence: list[str] = []
    for row in group.rows:
        for activity in row.activities:
            activities.setdefault(activity.pk or id(activity), activity)
        for indicator in row.indicators:
            indicators.setdefault(indicator.name, indicator)
        evidence += row.evidence
        evidence += [name for a in row.activities for name in a.evidence]
    if activities:
        blocks.append(Block("h2", _("Activities")))
        blocks += [Block("bullet", _activity_line(a)) for a in activities.values()]
    if indicators:
        blocks.append(Block("h2", _("Indicators")))
        blocks += [Block("bullet", _latest_indicator_line(i)) for i in indicators.values()]
    if evidence:
        blocks.append(Block("h2", _("Evidence")))
        blocks += [Block("bullet", name) for name in dict.fromkeys(evidence)]
    blocks.append(Block("h2", _("What was recommended")))
    for row in group.rows:
        blocks += _recommendation_entry(row)
    return blocks


def _recommendation_entry(row: RecommendationRow) -> list[Block]:
    """Number, text, then one line of facts: three paragraphs where there were seven (a
    thousand recommendations make a PDF of 7,000 boxes fewer)."""
    facts = [f"{_('Response')}: {row.response or _('No response recorded')}"]
    facts.append(f"{_('Lead institution')}: {row.lead or _('Not assigned')}")
    facts.append(f"{_('Status')}: {row.status_display}")
    if row.states:
        facts.append(f"{_('Recommending States')}: {', '.join(row.states)}")
    if row.repeated_from:
        facts.append(f"{_('Repeated from an earlier cycle')}: {', '.join(row.repeated_from)}")
    return [
        Block("h3", row.paragraph or f"#{row.pk}"),
        Block("quote", row.text),
        Block("field", "; ".join(facts), label=row.source),
    ]


def matrix_annex(data: ReportData) -> list[Block]:
    header = [
        _("Paragraph"),
        _("Cluster"),
        _("Response"),
        _("Lead institution"),
        _("Status"),
        _("Last update"),
    ]
    rows = [
        [
            row.paragraph or f"#{row.pk}",
            group.name,
            row.response,
            row.lead,
            row.status_display,
            _date(row.last_update),
        ]
        for group in data.groups
        for row in group.rows
    ]
    return [
        Block("pagebreak"),
        Block("h1", _("Annex: implementation matrix")),
        Block("table", header=header, rows=rows, label="matrix"),
    ]


def midterm_blocks(
    data: ReportData,
    *,
    state: str,
    charts: dict[str, bytes | None],
    progress: Progress,
    sections: dict | None = None,
    emblem: bytes | None = None,
) -> list[Block]:
    """The mid-term report as OHCHR's study of good practice describes it: cover, contents,
    introduction, methodology, executive summary, one chapter per cluster, annex. Nothing in
    it is UPR-only, so a treaty body's follow-up report can take the same shape."""
    sections = sections or {}
    blocks = _cover(_("Mid-term report"), data, state, emblem) + [Block("pagebreak")]
    blocks += [Block("toc"), Block("pagebreak")]
    blocks += _introduction(data, state, sections)
    blocks += _methodology(data, sections)
    grouped_by = GROUPING_WORDS[data.grouping]()
    blocks += [
        Block("h1", _("Executive summary")),
        Block("p", _summary_text(data)),
        counts_table(_("Recommendations"), [(_("All recommendations"), data.overall)]),
    ]
    if charts.get("by_cluster"):
        blocks.append(
            Block(
                "image",
                _("Status by %(grouping)s") % {"grouping": grouped_by},
                image=charts["by_cluster"],
            )
        )
    blocks.append(counts_table(grouped_by.capitalize(), [(g.name, g.counts) for g in data.groups]))
    if charts.get("by_goal"):
        blocks.append(
            Block("image", _("Status by Sustainable Development Goal"), image=charts["by_goal"])
        )
    blocks += [
        Block("h2", _("By lead institution")),
        counts_table(_("Institution"), data.by_institution),
    ]
    for n, group in enumerate(data.groups, start=1):
        blocks.append(Block("pagebreak"))
        blocks += _cluster_chapter(group)
        progress(n / len(data.groups))
    blocks += matrix_annex(data)
    return blocks


def _followup_blocks(data: ReportData) -> list[Block]:
    """Section C: for each cluster, what the figures say and, per recommendation, the status
    and the latest progress narrative."""
    blocks = [Block("h1", _("C. Follow-up to the previous review"))]
    for group in data.groups:
        counts = group.counts
        summary = ", ".join(
            f"{status_label(s)}: {counts[s]}" for s in STATUS_ORDER if counts.get(s)
        )
        blocks.append(Block("h2", group.name))
        blocks.append(
            Block(
                "p",
                ngettext(
                    "%(n)s recommendation (%(summary)s).",
                    "%(n)s recommendations (%(summary)s).",
                    len(group.rows),
                )
                % {"n": len(group.rows), "summary": summary},
            )
        )
        for row in group.rows:
            lead = f" {row.lead}." if row.lead else ""
            number = row.paragraph or f"#{row.pk}"
            text = f"{number} ({row.response}; {row.status_display}).{lead}"
            if row.narrative:
                text += f" {row.narrative}"
            blocks.append(Block("p", text))
    return blocks


def _narrative(section: str, sections: dict) -> list[Block]:
    version = sections.get(section)
    heading = str(ReportDraft.Section(section).label)
    if not version or not version.text.strip():
        return [Block("h1", heading), Block("note", _("This section has not been written yet."))]
    return [Block("h1", heading)] + [
        Block("p", paragraph.strip())
        for paragraph in re.split(r"\n\s*\n", version.text)
        if paragraph.strip()
    ]


def consultation_annex(consultations) -> list[Block]:
    blocks = [Block("pagebreak"), Block("h1", _("Annex: consultation on the draft"))]
    for consultation in consultations:
        comments = list(consultation.comments.all())
        recipients = [str(i) for i in consultation.institutions.all()] + [
            str(s) for s in consultation.stakeholders.all()
        ]
        blocks += [
            Block("h2", consultation.title),
            Block("field", _date(consultation.deadline), label=_("Deadline")),
            Block("field", ", ".join(recipients), label=_("Consulted")),
            Block("field", str(len(comments)), label=_("Comments received")),
        ]
        if comments:
            header = [_("Section"), _("From"), _("Comment"), _("Resolution"), _("Reply")]
            rows = [
                [
                    str(dict(ConsultationComment.SECTION_CHOICES)[c.section]),
                    str(c.organisation),
                    c.body,
                    str(c.get_resolution_display()),
                    c.reply,
                ]
                for c in comments
            ]
            blocks.append(Block("table", header=header, rows=rows))
    return blocks


def national_blocks(
    data: ReportData, *, state: str, sections: dict, consultations=None
) -> tuple[list[Block], int]:
    S = ReportDraft.Section  # noqa: N806
    body = (
        _narrative(S.METHODOLOGY, sections)
        + _narrative(S.DEVELOPMENTS, sections)
        + _followup_blocks(data)
        + _narrative(S.ACHIEVEMENTS, sections)
        + _narrative(S.PRIORITIES, sections)
        + _narrative(S.ASSISTANCE, sections)
    )
    words = word_count(body)
    count = _("Word count: %(words)s of %(limit)s words.") % {
        "words": f"{words:,}",
        "limit": f"{WORD_LIMIT:,}",
    }
    if words > WORD_LIMIT:
        count += " " + _("The report is %(over)s words over the limit.") % {
            "over": f"{words - WORD_LIMIT:,}"
        }
    blocks = _cover(_("National report (Universal Periodic Review)"), data, state)
    blocks += [Block("note", count), Block("pagebreak"), *body]
    if consultations:
        blocks += consultation_annex(consultations)
    return blocks, words


def draft_blocks(draft: ReportDraft, sections: dict) -> list[Block]:
    """A draft's narrative sections alone: what a consultation sends out."""
    blocks = [Block("title", draft.title), Block("note", _("Draft for consultation"))]
    for section in draft.sections:
        blocks += _narrative(section, sections)
    return blocks


# Reports to a treaty body: the follow-up reply and the periodic report's draft. Both say,
# for each paragraph of the concluding observations, what was done, as the mid-term report
# does per cluster: the accepted progress narrative, status, activities, indicators, evidence.


def _review_line(review) -> str:
    body = review.body.name if review.body_id else _("Treaty body")
    document = review.document_symbol or str(review)
    if review.date:
        return _("%(body)s, concluding observations %(document)s, adopted on %(date)s.") % {
            "body": body,
            "document": document,
            "date": long_date(review.date),
        }
    return _("%(body)s, concluding observations %(document)s.") % {
        "body": body,
        "document": document,
    }


def _paragraph_heading(row: RecommendationRow) -> str:
    return _("Paragraph %(number)s") % {"number": row.paragraph} if row.paragraph else f"#{row.pk}"


def _what_was_done(row: RecommendationRow, heading: str) -> list[Block]:
    """One paragraph's answer: status and lead, what was done, then the supporting facts."""
    facts = [f"{_('Status')}: {row.status_display}"]
    facts.append(f"{_('Lead institution')}: {row.lead or _('Not assigned')}")
    if row.supporting:
        facts.append(f"{_('Supporting institutions')}: {', '.join(row.supporting)}")
    blocks = [
        Block("field", "; ".join(facts)),
        Block(heading, _("What was done")),
    ]
    if row.narrative:
        dated = _("Reported on %(date)s.") % {"date": _date(row.narrative_date)}
        blocks.append(Block("p", f"{row.narrative} ({dated})"))
    else:
        blocks.append(Block("p", _("No progress report has been accepted yet.")))
    if row.activities:
        blocks.append(Block(heading, _("Activities")))
        blocks += [Block("bullet", _activity_line(a)) for a in row.activities]
    if row.indicators:
        blocks.append(Block(heading, _("Indicators")))
        blocks += [Block("bullet", _indicator_line(i)) for i in row.indicators]
    evidence = list(dict.fromkeys(row.evidence + [n for a in row.activities for n in a.evidence]))
    if evidence:
        blocks.append(Block(heading, _("Evidence")))
        blocks += [Block("bullet", name) for name in evidence]
    return blocks


def _status_sentence(counts: Counter) -> str:
    """ "Status: In progress 1, Not yet assessed 1." for a handful of items."""
    parts = [f"{status_label(s)} {_number(counts[s])}" for s in STATUS_ORDER if counts.get(s)]
    return f"{_('Status')}: {', '.join(parts)}."


def _treaty_cover(title: str, data: ReportData, state: str, review) -> list[Block]:
    return _cover(title, data, state) + [Block("note", _review_line(review))]


def treaty_followup_blocks(data: ReportData, *, state: str, review) -> list[Block]:
    """The follow-up reply: exactly the paragraphs the concluding observations selected for
    the follow-up procedure, one heading each, in paragraph order."""
    body = review.body.code if review.body_id else ""
    title = _("Follow-up reply to %(body)s") % {"body": body} if body else _("Follow-up reply")
    rows = sorted(data.rows(), key=lambda r: (paragraph_key(r.paragraph), r.pk))
    blocks = _treaty_cover(title, data, state, review)
    if review.followup_due:
        blocks.append(
            Block("note", _("Due on %(date)s.") % {"date": long_date(review.followup_due)})
        )
    blocks += [
        Block("pagebreak"),
        Block("h1", _("Introduction")),
        Block(
            "p",
            ngettext(
                "%(state)s submits the following information on the recommendation the "
                "Committee selected for the follow-up procedure in its concluding "
                "observations (%(document)s).",
                "%(state)s submits the following information on the %(n)s recommendations "
                "the Committee selected for the follow-up procedure in its concluding "
                "observations (%(document)s).",
                len(rows),
            )
            % {
                "state": state or _("The State party"),
                "n": _number(len(rows)),
                "document": review.document_symbol or str(review),
            },
        ),
        Block("p", _status_sentence(data.overall)),
        Block("h1", _("Information on the follow-up items")),
    ]
    for row in rows:
        blocks += [Block("h2", _paragraph_heading(row)), Block("quote", row.text)]
        blocks += _what_was_done(row, "h3")
    return blocks


def treaty_periodic_blocks(
    data: ReportData, *, state: str, review, sections: dict, consultations=None
) -> tuple[list[Block], int]:
    """The periodic report's draft: the narrative sections of the draft around the answer
    to the previous concluding observations, paragraph by paragraph, grouped by theme."""
    S = ReportDraft.Section  # noqa: N806
    body_code = review.body.code if review.body_id else ""
    title = (
        _("Periodic report to %(body)s") % {"body": body_code}
        if body_code
        else _("Periodic report to a treaty body")
    )
    answer = [
        Block("h1", _("Follow-up to the previous concluding observations")),
        Block("p", _review_line(review)),
        counts_table(_("Recommendations"), [(_("All recommendations"), data.overall)]),
    ]
    for group in data.groups:
        answer.append(Block("h2", group.name))
        for row in group.rows:
            answer += [Block("h3", _paragraph_heading(row)), Block("quote", row.text)]
            answer += _what_was_done(row, "h4")
    body = (
        _narrative(S.INTRODUCTION, sections)
        + _narrative(S.TB_GENERAL, sections)
        + answer
        + _narrative(S.TB_OTHER, sections)
    )
    words = word_count(body)
    blocks = _treaty_cover(title, data, state, review)
    blocks += [Block("note", _("Draft")), Block("pagebreak"), Block("toc"), Block("pagebreak")]
    blocks += body
    if consultations:
        blocks += consultation_annex(consultations)
    return blocks, words
