"""Where each role lands after logging in (LOGIN_REDIRECT_URL): the secretariat on its
dashboard, focal points and viewers on My work, the NHRI and civil society on their own
contributions, anyone else on the public home page. A ``next`` given to the login page
still wins (Django's LoginView handles it before this view is reached)."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

LANDINGS = [
    ("reporting.view_dashboard", "reporting:dashboard"),
    ("recommendations.view_workspace", "followup:my_work"),
    ("recommendations.add_assessment", "portal:my_contributions"),
]


@login_required
@require_safe
def landing(request):
    for permission, url_name in LANDINGS:
        if request.user.has_perm(permission):
            return redirect(url_name)
    return redirect("home")
