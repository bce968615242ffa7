"""The secretariat's dashboard: where a secretariat member lands after logging in."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_safe

from nrtd.web import require
from reporting.selectors.dashboard import secretariat_dashboard


@login_required
@require_safe
def dashboard(request):
    require(request.user, "reporting.view_dashboard")
    return render(request, "reporting/dashboard.html", secretariat_dashboard(request.user))
