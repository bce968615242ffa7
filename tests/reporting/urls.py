"""The project's URLs with reporting mounted where the lead mounts it (workspace/reports/),
for as long as nrtd/urls.py does not include it yet."""

from django.urls import include, path

from nrtd.urls import urlpatterns as project_urlpatterns

urlpatterns = list(project_urlpatterns)
if not any(getattr(p, "namespace", None) == "reporting" for p in urlpatterns):
    urlpatterns.insert(0, path("workspace/reports/", include("reporting.urls")))
