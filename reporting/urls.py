"""Mounted by nrtd/urls.py at workspace/reports/."""

from django.urls import path

from reporting import views

app_name = "reporting"

urlpatterns = [
    path("", views.run_list, name="run_list"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/cancel/", views.run_cancel, name="run_cancel"),
    path("runs/<int:pk>/retry/", views.run_retry, name="run_retry"),
    path("runs/<int:pk>/<str:fmt>/", views.run_download, name="run_download"),
    path("drafts/", views.draft_list, name="draft_list"),
    path("drafts/<int:pk>/", views.draft_detail, name="draft_detail"),
    path("drafts/<int:pk>/sections/<str:section>/", views.section_edit, name="section_edit"),
    path(
        "drafts/<int:pk>/consultations/new/",
        views.consultation_create,
        name="consultation_create",
    ),
    path("consultations/", views.consultation_list, name="consultation_list"),
    path("consultations/<int:pk>/", views.consultation_detail, name="consultation_detail"),
    path(
        "consultations/<int:pk>/comments/",
        views.consultation_comment,
        name="consultation_comment",
    ),
    path(
        "consultations/<int:pk>/draft.docx",
        views.consultation_attachment,
        name="consultation_attachment",
    ),
    path("consultations/<int:pk>/close/", views.consultation_close, name="consultation_close"),
    path("comments/<int:pk>/resolve/", views.comment_resolve, name="comment_resolve"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/new/", views.deadline_edit, name="deadline_create"),
    path("calendar/<int:pk>/", views.deadline_edit, name="deadline_edit"),
    path("calendar/sync/", views.calendar_sync, name="calendar_sync"),
    path("calendar/feed/renew/", views.calendar_feed_reset, name="calendar_feed_reset"),
    path("calendar.ics", views.calendar_ics, name="calendar_ics"),
    path("calendar/feed/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
