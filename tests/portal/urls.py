"""The project's URLs with the portal, publishing and registration mounted where the lead
mounts them (see /tmp/portal_wiring.txt), for as long as nrtd/urls.py does not yet."""

from django.urls import include, path

from nrtd.urls import urlpatterns as project_urlpatterns
from recommendations.portal import views as portal_views

urlpatterns = list(project_urlpatterns)
_namespaces = {getattr(p, "namespace", None) for p in urlpatterns}
if "portal" not in _namespaces:
    urlpatterns = [p for p in urlpatterns if getattr(p, "name", None) != "home"]
    urlpatterns[:0] = [
        path("", portal_views.home, name="home"),
        path("", include("recommendations.portal.urls")),
    ]
if "publishing" not in _namespaces:
    urlpatterns.insert(0, path("workspace/publishing/", include("recommendations.publishing.urls")))
if "cso_registration" not in _namespaces:
    urlpatterns.insert(0, path("accounts/register/", include("mechanisms.registration_urls")))
