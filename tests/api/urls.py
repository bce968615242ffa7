"""The project's URLs with the API mounted, for tests until nrtd/urls.py includes it."""

from django.urls import include, path

from nrtd.urls import urlpatterns as project_urlpatterns

urlpatterns = [path("api/", include("nrtd.api")), *project_urlpatterns]
