"""The public portal: home, search, one recommendation, pages per institution, SDG goal and
theme, and the data dictionary. Anonymous; reads only through portal_selectors."""

from __future__ import annotations

import functools
from html import escape

from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from mechanisms.models import Institution
from recommendations.filtering.facets import (
    chosen_values,
    facet_counts,
    facet_entries,
    shown_selected,
)
from recommendations.filtering.filters import RecommendationFilter
from recommendations.filtering.sorting import sort_recommendations
from recommendations.models import Cluster, Recommendation, SdgGoal, Theme
from recommendations.portal.indicator_export import indicator_dictionary
from recommendations.portal.indicators import indicator_section
from recommendations.portal.opendata import FORMATS
from recommendations.portal.selectors import (
    DATA_DICTIONARY,
    latest_public_updates,
    prefetch_rows,
    public_recommendation,
    recommendation_search_base,
    search_facet_counts_and_page,
    statistics,
)
from recommendations.publishing.selectors import (
    own_unpublished,
    public_activities_on_public_recommendations,
    public_evidence,
    public_links,
    public_plan_list,
    public_plans,
    public_recommendations,
    public_updates,
)

PAGE_SIZE = 20
# Every facet of the public search, in the order the panel shows them.
SEARCH_FACETS = [
    "mechanism",
    "body",
    "state_under_review",
    "sdg_goal",
    "theme",
    # After the SDG goal and theme: the first four panels open, and the public looks for
    # its goal or theme more often than for one document.
    "review",
    "response",
    "status",
    "needs_parliament",
    "budget_implications",
    "priority",
    "action_category",
    "year",
    "cycle",
    "sdg_target",
    "group",
    "recommending_state",
    "institution",
    "cluster",
    "kind",
]
FACETS_SHOWN = 6


def _goal_titles() -> dict[str, str]:
    return {str(g.number): f"{g.number}. {g.short_title}" for g in SdgGoal.objects.all()}


def _facet_panels(request, counts: dict, filterset) -> list[dict]:
    """Each facet's first FACETS_SHOWN values and every chosen one; the rest behind a link
    that reloads the page (or, with HTMX, the list) with ``all=<facet>``, which lists them
    all. Over 250,000 recommendations a search matched about 3,800 values (every review and
    State), and listing them all made a 1 MB page and a fifth of its time (issue 21)."""
    goal_titles = _goal_titles() if counts.get("sdg_goal") else {}
    expanded = request.GET.get("all", "")
    query = request.GET.copy()
    for name in ("page", "all"):
        query.pop(name, None)
    panels = []
    for name in SEARCH_FACETS:
        selected = shown_selected(request.GET, name)
        labels = goal_titles if name == "sdg_goal" else None
        entries = facet_entries(counts[name], selected, labels=labels, name=name)
        if not entries:
            continue
        if name in ("year", "cycle"):
            entries.sort(key=lambda e: e["value"], reverse=True)
        entries.sort(key=lambda e: not e["selected"])
        shown = entries
        if name != expanded:
            shown = [e for n, e in enumerate(entries) if n < FACETS_SHOWN or e["selected"]]
        query["all"] = name
        panels.append(
            {
                "name": name,
                "label": filterset.filters[name].label,
                "entries": entries,
                "entries_html": _facet_entries_html(name, shown),
                "more": len(entries) - len(shown),
                "more_query": query.urlencode(),
                "active": bool(chosen_values(request.GET, name)) or name == expanded,
            }
        )
    return panels


# One checkbox per facet value. A page can list several hundred (every State, every SDG
# target), so they are formatted here in one pass rather than by a template loop, which
# took longer than counting them in the database. Every value is escaped.
_FACET_ENTRY = (
    '<div class="form-check"><input class="form-check-input" type="checkbox" name="{name}" '
    'value="{value}" id="{id}"{checked}><label class="form-check-label d-flex '
    'justify-content-between gap-2 small" for="{id}"><span>{label}</span><span '
    'class="badge text-bg-light border" data-count>{count}</span></label></div>'
)


@functools.lru_cache(maxsize=4096)
def _facet_entry_id(name: str, value: str) -> str:
    return f"f-{name}-{slugify(value)}"


def _facet_entries_html(name: str, entries: list[dict]) -> str:
    html = "".join(
        _FACET_ENTRY.format(
            name=escape(name),
            value=escape(entry["value"]),
            id=escape(_facet_entry_id(name, entry["value"])),
            checked=" checked" if entry["selected"] else "",
            label=escape(entry["label"]),
            count=int(entry["count"]),
        )
        for entry in entries
    )
    return mark_safe(html)  # noqa: S308 (built above from escaped values only)


def _sort_choices() -> dict:
    return {
        "relevance": _("Relevance"),
        "paragraph": _("Session and paragraph"),
        "newest": _("Newest first"),
        "oldest": _("Oldest first"),
        "body": _("Body"),
    }


@require_safe
def home(request):
    qs = public_recommendations()
    context = {
        "stats": statistics(qs),
        "updates": latest_public_updates(),
        "goals": SdgGoal.objects.all(),
    }
    return render(request, "portal/home.html", context)


@require_safe
def search(request):
    base = recommendation_search_base()
    filterset = RecommendationFilter(request.GET, queryset=base)
    searching = bool(request.GET.get("search", "").strip())
    sort = request.GET.get("sort") or ("relevance" if searching else "paragraph")
    results = sort_recommendations(filterset.qs, sort, searching=searching)
    # By relevance, the statement counting the facets also gives the page's ids (when the
    # page asked for is a plain number; a page past the end falls back to the query below).
    wanted = _page_number(request.GET.get("page")) if sort == "relevance" else None
    page_slice = ((wanted - 1) * PAGE_SIZE, PAGE_SIZE) if wanted else None
    counts, total, page_ids = search_facet_counts_and_page(
        request.GET, SEARCH_FACETS, page=page_slice, filterset=filterset
    )
    # The sort and the page run on ids alone; only the page's rows are then loaded.
    paginator = Paginator(results.values_list("pk", flat=True), PAGE_SIZE)
    paginator.count = total  # counted with the facets, in the same statement
    page = paginator.get_page(request.GET.get("page"))
    from_statement = page_ids is not None and page.number == wanted
    ids = page_ids if from_statement else list(page.object_list)
    rows = base.in_bulk(ids)
    page.object_list = prefetch_rows([rows[pk] for pk in ids if pk in rows])
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filterset": filterset,
        "page": page,
        "facets": _facet_panels(request, counts, filterset),
        "search": request.GET.get("search", ""),
        "sort": sort,
        "sorts": _sort_choices(),
        "query": query.urlencode(),
        "formats": FORMATS,
        "has_filters": any(chosen_values(request.GET, n) for n in [*SEARCH_FACETS, "search"]),
        "chosen": sum(len(chosen_values(request.GET, n)) for n in SEARCH_FACETS),
    }
    template = "portal/search.html"
    if request.htmx and request.htmx.target == "portal-search":
        template = "portal/_search.html"
    return render(request, template, context)


def _page_number(value) -> int | None:
    """The page asked for when it is a plain positive number (as Paginator reads it)."""
    try:
        number = int(value) if value not in (None, "") else 1
    except (TypeError, ValueError):
        return None
    return number if number >= 1 else None


@require_safe
def recommendation_detail(request, pk: int):
    rec = public_recommendation(pk)
    nhri = [a for a in rec.public_assessments if a.stakeholder.kind == "nhri"]
    others = [a for a in rec.public_assessments if a.stakeholder.kind != "nhri"]
    context = {
        "rec": rec,
        "nhri_assessments": nhri,
        "cso_assessments": others,
        "lead": [a for a in rec.assignments.all() if a.role == "lead"],
        "supporting": [a for a in rec.assignments.all() if a.role != "lead"],
        "can_participate": request.user.has_perm("recommendations.add_assessment"),
        "linked": _linked(rec),
        "own_unpublished": own_unpublished(request.user, rec),
    }
    return render(request, "portal/recommendation.html", context)


def _linked(rec) -> list[dict]:
    """Repeated and similar recommendations linked to this one, published ones only."""
    links = public_links(rec).select_related(
        "source__review", "target__review", "source__body", "target__body"
    )
    rows = []
    for link in links.order_by("-score")[:10]:
        other = link.target if link.source_id == rec.pk else link.source
        earlier = link.kind == "repeated" and link.source_id == rec.pk
        rows.append({"other": other, "kind": link.kind, "score": link.score, "earlier": earlier})
    return rows


def _entity_page(request, *, title, subtitle, qs, search_query, extra=None):
    qs = qs.filter(kind=Recommendation.Kind.RECOMMENDATION)
    context = {
        "title": title,
        "subtitle": subtitle,
        "stats": statistics(qs),
        "search_query": search_query,
        "latest": qs.select_related("body").order_by("-date", "-pk")[:10],
        **(extra or {}),
    }
    return render(request, "portal/entity.html", context)


@require_safe
def institution_detail(request, pk: int):
    institution = get_object_or_404(Institution, pk=pk)
    qs = public_recommendations().filter(assignments__institution=institution).distinct()
    if not qs.exists():
        raise Http404
    qs = public_recommendations().filter(pk__in=qs.values("pk"))
    return _entity_page(
        request,
        title=institution.localized_name,
        subtitle=institution.get_kind_display(),
        qs=qs,
        search_query=f"institution={institution.pk}",
        extra={
            "activities": public_activities_on_public_recommendations()
            .filter(lead_institution=institution)
            .order_by("-start_date")[:10],
        },
    )


@require_safe
def sdg_goal_detail(request, number: int):
    goal = get_object_or_404(SdgGoal, number=number)
    filterset = RecommendationFilter({"sdg_goal": [str(number)]}, queryset=public_recommendations())
    qs = filterset.qs
    targets = facet_counts(qs, ["sdg_target"])["sdg_target"]
    return _entity_page(
        request,
        title=_("Goal %(number)s: %(title)s") % {"number": goal.number, "title": goal.short_title},
        subtitle=goal.title,
        qs=qs,
        search_query=f"sdg_goal={goal.number}",
        extra={"targets": targets, **indicator_section(qs, prefix="sdg-indicator")},
    )


@require_safe
def cluster_detail(request, pk: int):
    """A cluster's published recommendations and the published indicators that measure
    them; a cluster with no published recommendation is not shown."""
    cluster = get_object_or_404(Cluster.objects.select_related("cluster_set"), pk=pk)
    qs = RecommendationFilter({"cluster": [str(cluster.pk)]}, queryset=public_recommendations()).qs
    if not qs.exists():
        raise Http404
    return _entity_page(
        request,
        title=cluster.name,
        subtitle=cluster.cluster_set.name,
        qs=qs,
        search_query=f"cluster={cluster.pk}",
        extra=indicator_section(qs, prefix="cluster-indicator"),
    )


@require_safe
def theme_detail(request, code: str):
    theme = get_object_or_404(Theme, code=code)
    filterset = RecommendationFilter({"theme": [theme.code]}, queryset=public_recommendations())
    return _entity_page(
        request,
        title=f"{theme.code} {theme.localized_name}",
        subtitle=theme.parent.localized_name if theme.parent_id else _("Theme"),
        qs=filterset.qs,
        search_query=f"theme={theme.code}",
        extra={"subthemes": theme.children.all()},
    )


@require_safe
def data_dictionary(request):
    return render(
        request,
        "portal/data_dictionary.html",
        {"fields": DATA_DICTIONARY, "indicator_fields": indicator_dictionary(), "formats": FORMATS},
    )


@require_safe
def evidence_download(request, pk: int):
    """A public evidence file: not internal, on a published activity or a published
    progress update of a published recommendation."""
    evidence = (
        public_evidence()
        .filter(pk=pk)
        .filter(activity__in=public_activities_on_public_recommendations())
        .first()
        or public_evidence().filter(pk=pk, progress_update__in=public_updates()).first()
    )
    if evidence is None:
        raise Http404
    return FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type or "application/octet-stream",
    )


@require_safe
def plan_list(request):
    plans = public_plan_list()
    return render(request, "portal/plan_list.html", {"plans": plans, "active": "plans"})


@require_safe
def plan_detail(request, pk: int):
    """A published national action plan: its published items with their status, dates,
    responsible institution, budget, and the public recommendations, indicators and
    activities linked to them."""
    from recommendations.followup.plans import plan_progress

    plan = get_object_or_404(public_plans(), pk=pk)
    # A plan links thousands of recommendations: reverse their address once, not per link.
    rec_prefix, rec_suffix = reverse("portal:recommendation", args=[0]).rsplit("0", 1)
    return render(
        request,
        "portal/plan_detail.html",
        {
            "progress": plan_progress(plan, public=True),
            "active": "plans",
            "rec_prefix": rec_prefix,
            "rec_suffix": rec_suffix,
        },
    )
