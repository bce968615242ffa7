"""Mounted by nrtd/urls.py at workspace/reports/."""

from django.urls import path

from reporting.views import (
    calendar,
    consultations,
    dashboard,
    drafts,
    events,
    performance,
    plan_consultations,
    report_settings,
    runs,
    themes,
)

app_name = "reporting"

urlpatterns = [
    path("", runs.run_list, name="run_list"),
    path("dashboard/", dashboard.dashboard, name="dashboard"),
    path("performance/", performance.performance, name="performance"),
    path("runs/<int:pk>/", runs.run_detail, name="run_detail"),
    path("runs/<int:pk>/cancel/", runs.run_cancel, name="run_cancel"),
    path("runs/<int:pk>/retry/", runs.run_retry, name="run_retry"),
    path("runs/<int:pk>/<str:fmt>/", runs.run_download, name="run_download"),
    path("settings/", report_settings.report_settings, name="report_settings"),
    path("settings/emblem.png", report_settings.report_emblem, name="report_emblem"),
    path("drafts/", drafts.draft_list, name="draft_list"),
    path("drafts/<int:pk>/", drafts.draft_detail, name="draft_detail"),
    path("drafts/<int:pk>/sections/<str:section>/", drafts.section_edit, name="section_edit"),
    path(
        "drafts/<int:pk>/consultations/new/",
        consultations.consultation_create,
        name="consultation_create",
    ),
    path(
        "plans/<int:pk>/consultations/new/",
        plan_consultations.plan_consultation_create,
        name="plan_consultation_create",
    ),
    path("consultations/", consultations.consultation_list, name="consultation_list"),
    path("consultations/<int:pk>/", consultations.consultation_detail, name="consultation_detail"),
    path(
        "consultations/<int:pk>/comments/",
        consultations.consultation_comment,
        name="consultation_comment",
    ),
    path(
        "consultations/<int:pk>/draft.docx",
        consultations.consultation_attachment,
        name="consultation_attachment",
    ),
    path(
        "consultations/<int:pk>/close/", consultations.consultation_close, name="consultation_close"
    ),
    path(
        "consultations/<int:pk>/publish-replies/",
        consultations.consultation_replies_publish,
        name="consultation_replies_publish",
    ),
    path(
        "public-comments/<int:pk>/moderate/",
        consultations.public_comment_moderate,
        name="public_comment_moderate",
    ),
    path(
        "public-comments/<int:pk>/reply/",
        consultations.public_comment_reply,
        name="public_comment_reply",
    ),
    path("comments/<int:pk>/resolve/", consultations.comment_resolve, name="comment_resolve"),
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_edit, name="event_create"),
    path("events/<int:pk>/", events.event_edit, name="event_edit"),
    path("organisations/", themes.organisations_by_theme, name="organisations_by_theme"),
    path("organisations/mine/themes/", themes.my_themes, name="my_themes"),
    path("organisations/<int:pk>/themes/", themes.followed_themes, name="followed_themes"),
    path("calendar/", calendar.calendar, name="calendar"),
    path("calendar/new/", calendar.deadline_edit, name="deadline_create"),
    path("calendar/<int:pk>/", calendar.deadline_edit, name="deadline_edit"),
    path("calendar/sync/", calendar.calendar_sync, name="calendar_sync"),
    path("calendar/feed/renew/", calendar.calendar_feed_reset, name="calendar_feed_reset"),
    path("calendar.ics", calendar.calendar_ics, name="calendar_ics"),
    path("calendar/feed/<str:token>.ics", calendar.calendar_feed, name="calendar_feed"),
]
