"""The secretariat's review screens: reviews of any mechanism, paste-and-split, and
recommendations added or corrected by hand. Thin: selectors read, services write."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from nrtd.web import create_page, edit_page, require
from recommendations.models import Mechanism
from recommendations.publishing.selectors import recommendations_visible_to
from recommendations.reviews import services
from recommendations.reviews.forms import (
    PasteForm,
    RecommendationForm,
    ReviewForm,
    SplitDatesForm,
    SplitItemForm,
    SplitItemFormSet,
)
from recommendations.reviews.selectors import reviews_with_counts, split_preview
from recommendations.special.selectors import visits_visible_to

READ = "recommendations.view_workspace"
GET_POST = ["GET", "HEAD", "POST"]


@login_required
@require_safe
def review_list(request):
    require(request.user, READ)
    reviews = reviews_with_counts()
    mechanism = request.GET.get("mechanism", "")
    if mechanism in Mechanism.values:
        reviews = reviews.filter(mechanism=mechanism)
    return render(
        request,
        "reviews/list.html",
        {
            "reviews": reviews,
            "mechanisms": Mechanism.choices,
            "mechanism": mechanism,
            "can_manage": request.user.has_perm(services.MANAGE),
        },
    )


@login_required
@require_safe
def review_detail(request, pk: int):
    require(request.user, READ)
    review = get_object_or_404(reviews_with_counts(), pk=pk)
    recommendations = recommendations_visible_to(request.user).filter(review=review)
    return render(
        request,
        "reviews/detail.html",
        {
            "review": review,
            "recommendations": recommendations.order_by("pk"),
            "visits": visits_visible_to(request.user).filter(report=review),
            "can_manage": request.user.has_perm(services.MANAGE),
            "can_add": request.user.has_perm(services.PERM),
        },
    )


@login_required
@require_http_methods(GET_POST)
def review_create(request):
    require(request.user, services.MANAGE)
    form = ReviewForm(request.POST or None, initial={"mechanism": request.GET.get("mechanism")})
    return create_page(
        request,
        form,
        lambda: services.review_create(actor=request.user, **form.service_kwargs()),
        template="reviews/form.html",
        message=_("Review saved."),
        done="reviews:detail",
    )


@login_required
@require_http_methods(GET_POST)
def review_edit(request, pk: int):
    require(request.user, READ)
    review = get_object_or_404(reviews_with_counts(), pk=pk)
    require(request.user, services.MANAGE, review)
    return edit_page(
        request,
        ReviewForm,
        review,
        functools.partial(services.review_update, review=review),
        template="reviews/form.html",
        context={"review": review},
        saved_message=_("Review saved."),
        done=reverse("reviews:detail", args=[review.pk]),
    )


def _split_items(formset) -> list[services.SplitItem]:
    return [
        services.SplitItem(
            paragraph=data["paragraph"],
            text=data["text"],
            is_recommendation=data["decision"] != SplitItemForm.NOT,
            followup=data["decision"] == SplitItemForm.FOLLOWUP,
        )
        for data in (form.cleaned_data for form in formset.forms)
    ]


@login_required
@require_http_methods(GET_POST)
def review_paste(request, pk: int):
    """Paste → preview of the split, corrected on the page → save, all or none."""
    require(request.user, READ)
    review = get_object_or_404(reviews_with_counts(), pk=pk)
    require(request.user, services.MANAGE, review)
    step = request.POST.get("step") if request.method == "POST" else None
    paste_form = PasteForm(request.POST if step == "preview" else None)
    formset = dates = None
    errors: list[str] = []
    if step == "preview" and paste_form.is_valid():
        proposal = split_preview(review, paste_form.cleaned_data["text"])
        if proposal["items"]:
            formset = SplitItemFormSet(
                initial=[SplitItemForm.initial_from(item) for item in proposal["items"]]
            )
            dates = SplitDatesForm(
                initial={
                    "followup_due": proposal["followup_due"],
                    "next_report_due": proposal["next_report_due"],
                    "is_published": True,
                }
            )
        else:
            paste_form.add_error("text", _("No numbered paragraph was found in this text."))
    elif step == "save":
        # What the secretariat corrected comes back whole, so an error keeps every change.
        formset = SplitItemFormSet(request.POST)
        dates = SplitDatesForm(request.POST)
        if formset.is_valid() and dates.is_valid():
            try:
                saved = services.review_save_split(
                    actor=request.user,
                    review=review,
                    items=_split_items(formset),
                    **dates.cleaned_data,
                )
            except ValidationError as exc:
                errors = exc.messages
            else:
                messages.success(
                    request, _("%(count)d recommendations saved.") % {"count": len(saved)}
                )
                return redirect("reviews:detail", pk=review.pk)
        else:
            errors = [_("Correct the paragraphs marked below; nothing was saved.")]
    return render(
        request,
        "reviews/paste.html",
        {
            "review": review,
            "paste_form": paste_form,
            "formset": formset,
            "dates": dates,
            "errors": errors,
        },
        status=400 if (paste_form.errors or errors) else 200,
    )


@login_required
@require_http_methods(GET_POST)
def recommendation_add(request, pk: int):
    require(request.user, READ)
    review = get_object_or_404(reviews_with_counts(), pk=pk)
    require(request.user, services.PERM)
    form = RecommendationForm(request.POST or None, initial={"review": review})
    return create_page(
        request,
        form,
        lambda: services.recommendation_add(actor=request.user, **form.service_kwargs()),
        template="reviews/recommendation_form.html",
        context={"review": review},
        message=_("Recommendation saved."),
        done="recommendations:detail",
    )


@login_required
@require_http_methods(GET_POST)
def recommendation_edit(request, pk: int):
    require(request.user, READ)
    recommendation = get_object_or_404(
        recommendations_visible_to(request.user).select_related("review"), pk=pk
    )
    require(request.user, services.PERM, recommendation)
    return edit_page(
        request,
        RecommendationForm,
        recommendation,
        functools.partial(services.recommendation_update, recommendation=recommendation),
        template="reviews/recommendation_form.html",
        context={"recommendation": recommendation, "review": recommendation.review},
        saved_message=_("Recommendation saved."),
        done=reverse("recommendations:detail", args=[recommendation.pk]),
    )
