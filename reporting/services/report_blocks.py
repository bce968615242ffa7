"""What a run reads besides its recommendations before it writes a report: the draft's
sections and consultations, the charts, the facts the mid-term's introduction tells.
Called by ``reporting.services.runs._build`` in the worker."""

from __future__ import annotations

from django.utils.translation import get_language_bidi
from django.utils.translation import gettext as _

from reporting.exports import midterm
from reporting.exports.content import Block
from reporting.models import ReportRun
from reporting.selectors.drafts import current_sections
from reporting.selectors.midterm import consulted_on, latest_update_round
from reporting.selectors.rows import ReportData


def draft_inputs(run: ReportRun) -> tuple[dict, object]:
    """The current text of the run's draft sections, and its consultations when the run
    asks for their annex (None otherwise)."""
    if not run.draft_id:
        return {}, None
    consultations = None
    if run.include_consultation_annex:
        consultations = run.draft.consultations.prefetch_related(
            "institutions", "stakeholders", "comments__institution", "comments__stakeholder"
        )
    return current_sections(run.draft), consultations


def midterm_report(run: ReportRun, data: ReportData, *, state: str, progress) -> list[Block]:
    from reporting.exports import charts  # Matplotlib: loaded by the worker that draws

    rtl = get_language_bidi()
    progress(26, _("Drawing the charts"))
    images = {
        "by_cluster": charts.status_chart(
            "", [(g.name, g.counts) for g in data.groups], rtl=rtl, titled=False
        ),
        "by_goal": charts.status_chart("", data.by_goal, rtl=rtl, titled=False),
    }
    sections, consultations = draft_inputs(run)
    facts = midterm.facts_from_data(
        data,
        state=state,
        update_round=latest_update_round(),
        consulted=consulted_on(run.draft if run.draft_id else None),
    )
    return midterm.midterm_blocks(
        data,
        state=state,
        charts=images,
        progress=progress.part(30, 40, _("Writing the report")),
        sections=sections,
        facts=facts,
        include_noted=run.include_noted,
        consultations=consultations,
    )
