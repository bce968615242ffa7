"""The focal point workspace, mounted at /workspace/ beside the registry's pages."""

from django.urls import path

from recommendations.followup import views

app_name = "workspace"

urlpatterns = [
    path("my-work/", views.my_work, name="my_work"),
    path("follow-up/<int:pk>/", views.followup, name="followup"),
    path("follow-up/<int:pk>/progress/", views.progress_add, name="progress_add"),
    path("follow-up/<int:pk>/comments/", views.comment_add, name="comment_add"),
    path("follow-up/<int:pk>/link-activity/", views.activity_link, name="activity_link"),
    path("follow-up/<int:pk>/link-indicator/", views.indicator_link, name="indicator_link"),
    path("progress/<int:pk>/edit/", views.progress_edit, name="progress_edit"),
    path("progress/<int:pk>/review/", views.progress_review, name="progress_review"),
    path("progress/<int:pk>/evidence/", views.progress_evidence, name="progress_evidence"),
    path("activities/new/", views.activity_new, name="activity_new"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", views.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/evidence/", views.activity_evidence, name="activity_evidence"),
    path("indicators/new/", views.indicator_new, name="indicator_new"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/values/", views.indicator_value_add, name="indicator_value_add"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/new/", views.round_new, name="round_new"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/remind/", views.round_remind, name="round_remind"),
    path("rounds/<int:pk>/close/", views.round_close, name="round_close"),
    path("plans/", views.plan_list, name="plans"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/items/", views.plan_item_add, name="plan_item_add"),
]
