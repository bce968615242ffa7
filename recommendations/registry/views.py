"""The registry screens of the secretariat. Thin: selectors read, services write."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from mechanisms.models import Institution
from nrtd.web import add_form_errors, edit_page, require, safe_next
from recommendations.filtering.facets import (
    FACETS,
    cached_facet_counts,
    chosen_values,
    facet_entries,
    shown_selected,
)
from recommendations.filtering.filters import RecommendationFilter
from recommendations.filtering.sorting import SORT_LABELS, sort_recommendations
from recommendations.models import Assignment, Cluster, Recommendation
from recommendations.publishing.selectors import sees_internal
from recommendations.publishing.services import recommendations_set_published
from recommendations.registry.assignment import (
    recommendation_assign,
    recommendation_unassign,
    recommendations_bulk_assign,
)
from recommendations.registry.forms import (
    AssignmentForm,
    BulkActionForm,
    ClassificationForm,
    ClusterForm,
    ClusterSetForm,
)
from recommendations.registry.selectors import (
    bulk_selection_ids,
    cluster_sets_with_clusters,
    recommendation_history,
    recommendation_page,
    recommendation_rows_visible_to,
)
from recommendations.registry.selectors import recommendation_detail as select_recommendation
from recommendations.registry.services import (
    cluster_create,
    cluster_set_create,
    recommendation_classify,
    recommendations_add_to_cluster,
    recommendations_set_priority,
)

PAGE_SIZE = 25
# The order of the side panel: what the secretariat narrows by most often first.
LIST_FACETS = [
    "state_under_review",
    "theme",
    "response",
    "body",
    "review",
    "cycle",
    "mechanism",
    "status",
    "needs_parliament",
    "budget_implications",
    "priority",
    "action_category",
    "group",
    "sdg_goal",
    "sdg_target",
    "institution",
    "cluster",
    "session",
    "recommending_state",
    "year",
    "kind",
]
FACETS_SHOWN = 8


def facet_panels(request, counts: dict, filterset, names: list[str]) -> list[dict]:
    """The filter panels of a workspace list (the registry, the parliament view): each
    facet's entries, chosen values first so they stay visible when the list is long."""
    panels = []
    for name in names:
        selected = shown_selected(request.GET, name)
        entries = facet_entries(counts[name], selected, name=name)
        if not entries:
            continue
        entries.sort(key=lambda e: not e["selected"])
        panels.append(
            {
                "name": name,
                "label": filterset.filters[name].label,
                "top": entries[:FACETS_SHOWN],
                "more": entries[FACETS_SHOWN:],
                "active": bool(chosen_values(request.GET, name)),
            }
        )
    return panels


@login_required
@require_safe
def recommendation_list(request):
    base = recommendation_rows_visible_to(request.user)
    filterset = RecommendationFilter(request.GET, queryset=base)
    searching = bool(request.GET.get("search", "").strip())
    sort = request.GET.get("sort") or ("relevance" if searching else "recent")
    results = sort_recommendations(filterset.qs, sort, searching=searching)
    page = recommendation_page(request.user, results, request.GET.get("page"), per_page=PAGE_SIZE)
    scope = "internal" if sees_internal(request.user) else "public"
    counts = cached_facet_counts(base, LIST_FACETS, request.GET, scope=scope)
    query = request.GET.copy()
    query.pop("page", None)
    can_classify = request.user.has_perm("recommendations.classify_recommendation")
    bulk_form = BulkActionForm(user=request.user, initial={"filters": query.urlencode()})
    context = {
        "filterset": filterset,
        "page": page,
        "facets": facet_panels(request, counts, filterset, LIST_FACETS),
        "search": request.GET.get("search", ""),
        "sort": sort,
        "sorts": SORT_LABELS,
        "query": query.urlencode(),
        "can_classify": can_classify,
        "bulk_form": bulk_form if bulk_form.offers_actions else None,
        "has_filters": any(chosen_values(request.GET, n) for n in [*FACETS, "search", "lead"]),
        "without_lead": request.GET.get("lead") == "none",
    }
    template = "recommendations/list.html"
    if request.htmx and request.htmx.target == "registry":
        template = "recommendations/_registry.html"
    return render(request, template, context)


def _detail_context(request, recommendation, *, assign_form=None) -> dict:
    can_assign = request.user.has_perm("recommendations.assign_recommendation", recommendation)
    if can_assign and assign_form is None:
        assign_form = AssignmentForm(user=request.user)
    return {
        "rec": recommendation,
        "history": recommendation_history(recommendation) if sees_internal(request.user) else [],
        "can_edit": request.user.has_perm("recommendations.add_recommendation", recommendation),
        "can_classify": request.user.has_perm(
            "recommendations.classify_recommendation", recommendation
        ),
        "can_assign": can_assign,
        "assign_form": assign_form if can_assign else None,
    }


@login_required
@require_safe
def recommendation_detail(request, pk: int):
    recommendation = select_recommendation(request.user, pk)
    return render(request, "recommendations/detail.html", _detail_context(request, recommendation))


@login_required
@require_POST
def recommendation_assign_view(request, pk: int):
    recommendation = select_recommendation(request.user, pk)
    require(request.user, "recommendations.assign_recommendation", recommendation)
    form = AssignmentForm(request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            recommendation_assign(
                actor=request.user,
                recommendation=recommendation,
                institution=data["institution"],
                role=data["role"],
                note=data["note"],
            )
        except ValidationError as exc:
            add_form_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(institution)s is now %(role)s on this recommendation.")
                % {
                    "institution": data["institution"],
                    "role": Assignment.Role(data["role"]).label.lower(),
                },
            )
            return redirect(reverse("recommendations:detail", args=[pk]) + "#institutions")
    recommendation = select_recommendation(request.user, pk)
    context = _detail_context(request, recommendation, assign_form=form)
    return render(request, "recommendations/detail.html", context, status=400)


@login_required
@require_POST
def recommendation_unassign_view(request, pk: int, institution_id: int):
    recommendation = select_recommendation(request.user, pk)
    require(request.user, "recommendations.assign_recommendation", recommendation)
    institution = get_object_or_404(Institution, pk=institution_id)
    if recommendation_unassign(
        actor=request.user, recommendation=recommendation, institution=institution
    ):
        messages.success(
            request,
            _("%(institution)s is no longer assigned to this recommendation.")
            % {"institution": institution},
        )
    return redirect(reverse("recommendations:detail", args=[pk]) + "#institutions")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def recommendation_classify_view(request, pk: int):
    recommendation = select_recommendation(request.user, pk)
    require(request.user, "recommendations.classify_recommendation", recommendation)
    # On a conflict the form keeps everything the user chose.
    return edit_page(
        request,
        ClassificationForm,
        recommendation,
        functools.partial(recommendation_classify, recommendation=recommendation),
        template="recommendations/classify.html",
        context={"rec": recommendation},
        saved_message=_("Classification saved."),
        done=reverse("recommendations:detail", args=[recommendation.pk]),
    )


def _bulk_apply(actor, data: dict, ids: list[int]) -> str:
    """Run one bulk action through its service; returns the message to show."""
    action, total = data["action"], len(ids)
    selection = Recommendation.objects.filter(pk__in=ids)
    if action == BulkActionForm.ADD_TO_CLUSTER:
        changed = recommendations_add_to_cluster(
            actor=actor, recommendations=selection, cluster=data["cluster"]
        )
        return _("%(changed)d of %(total)d recommendations added to cluster “%(cluster)s”.") % {
            "changed": changed,
            "total": total,
            "cluster": data["cluster"].name,
        }
    if action == BulkActionForm.SET_PRIORITY:
        changed = recommendations_set_priority(
            actor=actor, recommendations=selection, priority=data["priority"]
        )
        return _("Priority changed on %(changed)d of %(total)d recommendations.") % {
            "changed": changed,
            "total": total,
        }
    if action == BulkActionForm.ASSIGN:
        changed = recommendations_bulk_assign(
            actor=actor,
            recommendation_ids=ids,
            institution=data["institution"],
            role=data["role"],
        )
        return _("%(institution)s assigned as %(role)s: %(changed)d of %(total)d changed.") % {
            "institution": data["institution"],
            "role": Assignment.Role(data["role"]).label.lower(),
            "changed": changed,
            "total": total,
        }
    published = action == BulkActionForm.PUBLISH
    changed = recommendations_set_published(
        actor=actor, recommendation_ids=ids, published=published
    )
    message = (
        _("%(changed)d of %(total)d recommendations published.")
        if published
        else _("%(changed)d of %(total)d recommendations withdrawn from the portal.")
    )
    return message % {"changed": changed, "total": total}


@login_required
@require_POST
def recommendation_bulk(request):
    back = safe_next(request, reverse("recommendations:list"))
    form = BulkActionForm(request.POST, user=request.user)
    if not form.offers_actions:
        raise PermissionDenied
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return HttpResponseRedirect(back)
    data = form.cleaned_data
    if data["scope"] == BulkActionForm.FILTERED:
        ids = bulk_selection_ids(request.user, filters=data["filters"])
    else:
        ids = bulk_selection_ids(request.user, ids=data["ids"])
    try:
        messages.success(request, _bulk_apply(request.user, data, ids))
    except ValidationError as exc:
        for error in exc.messages:
            messages.error(request, error)
    return HttpResponseRedirect(back)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cluster_set_list(request):
    require(request.user, "recommendations.view_internal")
    form = ClusterSetForm()
    if request.method == "POST":
        require(request.user, "recommendations.manage_clusters")
        form = ClusterSetForm(request.POST)
        if form.is_valid():
            try:
                cluster_set = cluster_set_create(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("Cluster set created."))
                return redirect("recommendations:cluster_set", pk=cluster_set.pk)
    return render(
        request,
        "recommendations/cluster_sets.html",
        {
            "cluster_sets": cluster_sets_with_clusters(),
            "form": form,
            "can_manage": request.user.has_perm("recommendations.manage_clusters"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cluster_set_detail(request, pk: int):
    require(request.user, "recommendations.view_internal")
    cluster_set = get_object_or_404(cluster_sets_with_clusters(), pk=pk)
    form = ClusterForm()
    if request.method == "POST":
        require(request.user, "recommendations.manage_clusters")
        form = ClusterForm(request.POST)
        if form.is_valid():
            try:
                cluster_create(
                    actor=request.user, cluster_set=cluster_set, name=form.cleaned_data["name"]
                )
            except ValidationError as exc:
                form.add_error("name", exc.message_dict.get("name", exc.messages))
            else:
                messages.success(request, _("Cluster added."))
                return redirect("recommendations:cluster_set", pk=cluster_set.pk)
    clusters = Cluster.objects.filter(cluster_set=cluster_set).annotate(
        count=Count("recommendations")
    )
    return render(
        request,
        "recommendations/cluster_set_detail.html",
        {
            "cluster_set": cluster_set,
            "clusters": clusters,
            "form": form,
            "can_manage": request.user.has_perm("recommendations.manage_clusters"),
        },
    )
