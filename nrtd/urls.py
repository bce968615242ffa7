from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.generic import TemplateView

from . import views

urlpatterns = [
    # Public portal: home, search, recommendation pages, open data.
    path("", TemplateView.as_view(template_name="home.html"), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Internal screens.
    path("workspace/recommendations/", include("recommendations.urls")),
    path("workspace/imports/", include("recommendations.import_urls")),
    path("workspace/assistant/", include("recommendations.assistant_urls")),
    path("workspace/reports/", include("reporting.urls")),
    path("workspace/", include("recommendations.workspace_urls")),
    path("workspace/", include("mechanisms.urls")),
    path("admin/", admin.site.urls),
]
