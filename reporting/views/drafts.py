"""Report drafts: the list, a draft with its sections, and editing a section."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from nrtd.web import add_form_errors, form_page, require
from reporting.exports.content import Block, word_count
from reporting.forms import DraftForm, SectionForm
from reporting.models import WORD_LIMIT, section_label
from reporting.selectors.drafts import current_sections, drafts_visible_to
from reporting.selectors.midterm import section_prefill
from reporting.services import drafts as draft_services


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def draft_list(request):
    require(request.user, "reporting.view_drafts")
    form = DraftForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        require(request.user, "reporting.manage_drafts")
        if form.is_valid():
            try:
                draft = draft_services.draft_create(actor=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                return redirect("reporting:draft_detail", pk=draft.pk)
    drafts = drafts_visible_to(request.user)
    return form_page(
        request, "reporting/draft_list.html", {"form": form, "drafts": drafts, "active": "drafts"}
    )


@require_safe
@login_required
def draft_detail(request, pk):
    draft = get_object_or_404(drafts_visible_to(request.user), pk=pk)
    current = current_sections(draft)
    sections = [
        {
            "key": section.value,
            "label": section_label(draft.kind, section),
            "version": current.get(section.value),
        }
        for section in draft.sections
    ]
    words = word_count(Block("p", v.text) for v in current.values())
    return render(
        request,
        "reporting/draft_detail.html",
        {
            "draft": draft,
            "sections": sections,
            "words": words,
            "word_limit": WORD_LIMIT,
            "consultations": draft.consultations.all(),
            "active": "drafts",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def section_edit(request, pk, section):
    draft = get_object_or_404(drafts_visible_to(request.user), pk=pk)
    if section not in draft.sections:
        raise Http404
    require(request.user, "reporting.manage_drafts")
    versions = draft.versions.filter(section=section).select_related("author")
    latest = versions.first()
    if request.method == "POST":
        form = SectionForm(request.POST)
        if form.is_valid():
            try:
                saved = draft_services.draft_section_save(
                    actor=request.user,
                    draft=draft,
                    section=section,
                    text=form.cleaned_data["text"],
                    based_on=form.cleaned_data["based_on"],
                )
            except ValidationError as error:
                add_form_errors(form, error)
            else:
                if saved:
                    messages.success(request, _("Saved as version %(n)s.") % {"n": saved.number})
                else:
                    messages.info(request, _("No change: nothing saved."))
                return redirect("reporting:draft_detail", pk=draft.pk)
    else:
        form = SectionForm(
            initial={
                "text": latest.text if latest else section_prefill(draft, section),
                "based_on": latest.number if latest else 0,
            }
        )
    return form_page(
        request,
        "reporting/section_form.html",
        {
            "draft": draft,
            "section_label": section_label(draft.kind, section),
            "form": form,
            "versions": versions[:20],
            "prefilled": latest is None and bool(form.initial.get("text")),
            "active": "drafts",
        },
    )
