from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from mechanisms.views import password_reset
from nrtd import landing, views
from recommendations.portal import views as portal_views

urlpatterns = [
    # Public portal: home, search, recommendation pages, statistics, open data.
    path("", portal_views.home, name="home"),
    path("", include("recommendations.portal.urls")),
    path("consultations/", include("reporting.public_urls")),
    path("healthz", views.healthz, name="healthz"),
    path("api/", include("nrtd.api")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/landing/", landing.landing, name="landing"),
    # Self-service password reset by e-mail (Django's views and e-mail, our page templates).
    path(
        "accounts/password-reset/",
        password_reset.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password-reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password-reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("accounts/register/", include("mechanisms.registration_urls")),
    # Internal screens.
    path("workspace/recommendations/", include("recommendations.registry.urls")),
    path("workspace/imports/", include("recommendations.imports.urls")),
    path("workspace/reviews/", include("recommendations.reviews.urls")),
    path("workspace/reference/", include("recommendations.reference.urls")),
    path("workspace/special-procedures/", include("recommendations.special.urls")),
    path("workspace/assistant/", include("recommendations.assistant.urls")),
    path("workspace/publishing/", include("recommendations.publishing.urls")),
    path("workspace/reports/", include("reporting.urls")),
    path("workspace/", include("recommendations.followup.urls")),
    path("workspace/", include("mechanisms.urls")),
    path("admin/", admin.site.urls),
]
