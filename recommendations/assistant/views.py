"""Screens of the classification assistant. Thin: selectors and the assistant read,
services write. Government roles see suggestions and similar recommendations; only the
secretariat accepts, rejects, trains and saves cluster proposals."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from nrtd.web import require, safe_next
from recommendations.models import (
    ClassifierModel,
    LabelKind,
    Recommendation,
    RecommendationLink,
    Review,
)
from recommendations.publishing.selectors import recommendations_visible_to
from recommendations.registry.selectors import recommendation_detail

VIEW = "recommendations.view_internal"
CLASSIFY = "recommendations.classify_recommendation"
MANAGE_CLUSTERS = "recommendations.manage_clusters"
SUGGESTIONS_SHOWN = 5

# The assistant's modules are imported inside the views that use them: they load
# scikit-learn, SciPy and NumPy (0.6 s and some 150,000 objects, which every full garbage
# collection of a web process walks), which no other screen needs.


def _visible_recommendation(request, pk: int) -> Recommendation:
    """404 if the user may not see it; 403 if they may see it but not the assistant."""
    recommendation = recommendation_detail(request.user, pk)
    require(request.user, VIEW)
    return recommendation


def _code(label) -> str:
    """The short code a label is known by: a theme's or target's code, a goal's number."""
    return str(getattr(label, "code", None) or label.number)


def _suggestions_context(request, recommendation: Recommendation) -> dict:
    from recommendations.assistant.suggestions import suggest_for

    found = suggest_for(recommendation, top=SUGGESTIONS_SHOWN)
    return {
        "rec": recommendation,
        # Each kind with what the assistant suggests and what the recommendation has already.
        "sections": [
            (kind, label, found[kind], [_code(obj) for obj in getattr(recommendation, kind).all()])
            for kind, label in LabelKind.choices
        ],
        "can_decide": request.user.has_perm(CLASSIFY, recommendation),
        "next": request.GET.get("next") or request.get_full_path(),
    }


@login_required
@require_safe
def suggestions(request, pk: int):
    recommendation = _visible_recommendation(request, pk)
    context = _suggestions_context(request, recommendation)
    if request.htmx:
        return render(request, "assistant/_suggestions.html", context)
    return render(request, "assistant/suggestions.html", context)


@login_required
@require_POST
def suggestion_decide(request, pk: int, decision: str):
    if decision not in ("accept", "reject"):
        raise Http404
    recommendation = _visible_recommendation(request, pk)
    require(request.user, CLASSIFY, recommendation)
    kind, code = request.POST.get("label_kind", ""), request.POST.get("code", "")
    try:
        score = float(request.POST["score"]) if request.POST.get("score") else None
    except ValueError:
        score = None
    from recommendations.assistant.services import (
        label_object,
        suggestion_accept,
        suggestion_reject,
    )

    service = suggestion_accept if decision == "accept" else suggestion_reject
    status = 200
    accepted = None
    try:
        result = service(
            actor=request.user,
            recommendation=recommendation,
            label_kind=kind,
            code=code,
            score=score,
        )
        if decision == "accept":
            accepted = {"field": kind, "value": label_object(kind, code).pk}
            accepted["version"] = result.version
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        status = 400
    else:
        if decision == "accept":
            messages.success(request, _("Suggestion accepted: %(code)s.") % {"code": code})
        else:
            messages.info(request, _("Suggestion rejected: %(code)s.") % {"code": code})
    if request.htmx:
        recommendation = Recommendation.objects.get(pk=recommendation.pk)
        context = _suggestions_context(request, recommendation)
        context["next"] = safe_next(request, context["next"])
        response = render(request, "assistant/_suggestions.html", context, status=status)
        if accepted:
            # The classify page adds the label to its form and takes the new version, so the
            # user's unsaved choices and the accepted suggestion are saved together.
            response["HX-Trigger"] = json.dumps({"nrtd:label-accepted": accepted})
        return response
    return HttpResponseRedirect(
        safe_next(request, reverse("assistant:suggestions", args=[recommendation.pk]))
    )


def _note(rec: Recommendation) -> str:
    """'made before in cycle 2 as 115.5' and its variants."""
    if rec.review_id and rec.paragraph:
        return _("made before in cycle %(cycle)s as %(paragraph)s") % {
            "cycle": rec.review.cycle,
            "paragraph": rec.paragraph,
        }
    if rec.document_symbol:
        return _("made before in %(document)s as %(paragraph)s") % {
            "document": rec.document_symbol,
            "paragraph": rec.paragraph or "—",
        }
    return _("made before")


@login_required
@require_safe
def similar(request, pk: int):
    recommendation = _visible_recommendation(request, pk)
    visible = recommendations_visible_to(request.user)
    from recommendations.assistant.similarity import similar_to

    found = similar_to(recommendation, limit=10)
    visible_ids = set(
        visible.filter(pk__in=[r.pk for r, _s, _k in found]).values_list("pk", flat=True)
    )
    items = [
        {
            "rec": rec,
            "score": score,
            "kind": kind,
            "note": _note(rec) if kind == RecommendationLink.Kind.REPEATED else "",
        }
        for rec, score, kind in found
        if rec.pk in visible_ids
    ]
    stored = set(
        RecommendationLink.objects.filter(source=recommendation).values_list("target_id", "kind")
    ) | set(
        RecommendationLink.objects.filter(target=recommendation).values_list("source_id", "kind")
    )
    for item in items:
        item["stored"] = (item["rec"].pk, item["kind"]) in stored
    context = {
        "rec": recommendation,
        "items": items,
        "can_store": request.user.has_perm(CLASSIFY, recommendation),
    }
    if request.htmx:
        return render(request, "assistant/_similar.html", context)
    return render(request, "assistant/similar.html", context)


@login_required
@require_POST
def similar_store(request, pk: int):
    recommendation = _visible_recommendation(request, pk)
    require(request.user, CLASSIFY, recommendation)
    from recommendations.assistant.services import links_store

    counts = links_store(recommendations=Recommendation.objects.filter(pk=recommendation.pk))
    messages.success(
        request,
        _("Links saved: %(created)d new, %(updated)d updated.") % counts,
    )
    return redirect("assistant:similar", pk=recommendation.pk)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def training(request):
    require(request.user, CLASSIFY)
    if request.method == "POST":
        from recommendations.assistant.services import classifier_training_start

        try:
            classifier_training_start(actor=request.user)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("Training started. It takes a few minutes at most."))
        return redirect("assistant:training")
    runs = ClassifierModel.objects.select_related("created_by")[:20]
    return render(request, "assistant/training.html", {"runs": runs})


def _posted_clusters(request, proposals, rec_ids):
    """[(name, [ids])] from the edited form: names of the proposed clusters and of up to
    three new ones, and for each recommendation the cluster chosen for it."""
    names = {}
    for i in range(len(proposals) + 3):
        names[str(i)] = request.POST.get(f"name-{i}", "").strip()
    members: dict[str, list[int]] = {key: [] for key in names}
    for pk in rec_ids:
        choice = request.POST.get(f"rec-{pk}", "")
        if choice in members:
            members[choice].append(pk)
    return [(names[key], members[key]) for key in names]


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def cluster_proposal(request, pk: int):
    require(request.user, VIEW)
    review = get_object_or_404(Review.objects.select_related("state_under_review"), pk=pk)
    require(request.user, MANAGE_CLUSTERS)
    from recommendations.assistant.clustering import previous_cluster_set, propose_clusters
    from recommendations.assistant.services import cluster_set_from_proposal

    proposals = propose_clusters(review)
    recs = {
        r.pk: r for r in Recommendation.objects.filter(review=review).order_by("paragraph", "pk")
    }
    default_name = _("Clusters — %(state)s, UPR session %(session)s") % {
        "state": review.state_under_review.name,
        "session": review.session,
    }
    name = default_name
    error = None
    if request.method == "POST":
        name = request.POST.get("set_name", "").strip() or default_name
        clusters = _posted_clusters(request, proposals, list(recs))
        try:
            cluster_set = cluster_set_from_proposal(
                actor=request.user, review=review, name=name, clusters=clusters
            )
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("Cluster set saved."))
            return redirect("recommendations:cluster_set", pk=cluster_set.pk)
    choice = {pk: i for i, p in enumerate(proposals) for pk in p.recommendation_ids}
    rows = [{"rec": rec, "choice": str(choice.get(rec_pk, ""))} for rec_pk, rec in recs.items()]
    options = [(str(i), p.name) for i, p in enumerate(proposals)]
    extra = [str(i) for i in range(len(proposals), len(proposals) + 3)]
    return render(
        request,
        "assistant/cluster_proposal.html",
        {
            "review": review,
            "proposals": [(str(i), p) for i, p in enumerate(proposals)],
            "options": options,
            "extra": extra,
            "rows": rows,
            "set_name": name,
            "error": error,
            "previous_set": previous_cluster_set(review),
        },
        status=400 if error else 200,
    )


@login_required
@require_safe
def institutions(request, pk: int):
    """Institutions to assign, from similar recommendations (a fragment of the
    recommendation page, loaded after it; the secretariat's only)."""
    recommendation = _visible_recommendation(request, pk)
    require(request.user, "recommendations.assign_recommendation", recommendation)
    from recommendations.assistant.institutions import institutions_suggested_for

    return render(
        request,
        "assistant/_institutions.html",
        {"rec": recommendation, "suggestions": institutions_suggested_for(recommendation)},
    )
