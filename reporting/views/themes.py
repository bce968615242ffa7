"""Organisations by the UHRI themes they follow, and the page that sets an organisation's
themes (the secretariat for any organisation, a verified member for their own)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from mechanisms.models import Stakeholder
from mechanisms.rules import speaking_membership
from nrtd.web import form_page, require
from reporting.forms import FollowedThemesForm
from reporting.selectors.themes import organisations_following, theme_choices
from reporting.services.themes import followed_themes_set, may_set_followed_themes


@require_safe
@login_required
def organisations_by_theme(request):
    require(request.user, "reporting.view_followed_themes")
    themes = theme_choices()
    chosen = themes.filter(code=request.GET.get("theme", "")).first()
    organisations = organisations_following(request.user, [chosen] if chosen else [])
    return render(
        request,
        "reporting/organisations_by_theme.html",
        {
            "themes": themes,
            "chosen": chosen,
            "organisations": organisations,
            "can_manage": request.user.has_perm("reporting.manage_followed_themes"),
            "active": "themes",
        },
    )


@require_safe
@login_required
def my_themes(request):
    """A member's own organisation's themes (the link from the portal)."""
    membership = speaking_membership(request.user)
    if membership is None:
        raise Http404
    return redirect("reporting:followed_themes", pk=membership.stakeholder_id)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def followed_themes(request, pk):
    stakeholder = get_object_or_404(Stakeholder, pk=pk)
    if not may_set_followed_themes(request.user, stakeholder):
        # The government side sees the organisations (403); others do not (404).
        if request.user.has_perm("reporting.view_followed_themes"):
            require(request.user, "reporting.manage_followed_themes")
        raise Http404
    initial = {"themes": [f.theme_id for f in stakeholder.followed_themes.all()]}
    form = FollowedThemesForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        followed_themes_set(
            actor=request.user, stakeholder=stakeholder, themes=form.cleaned_data["themes"]
        )
        messages.success(request, _("The themes are saved."))
        return redirect("reporting:followed_themes", pk=stakeholder.pk)
    return form_page(
        request,
        "reporting/followed_themes.html",
        {"form": form, "stakeholder": stakeholder, "active": "themes"},
    )
