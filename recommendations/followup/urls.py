"""The focal point workspace, mounted at /workspace/ beside the registry's pages."""

from django.urls import path

from recommendations.followup.views import (
    activities,
    dialogue,
    dimensions,
    grid,
    indicators,
    plans,
    progress,
    rounds,
    sheet,
)

app_name = "followup"

urlpatterns = [
    path("my-work/", progress.my_work, name="my_work"),
    path("my-work/sheet.xlsx", sheet.sheet_download, name="sheet_download"),
    path("my-work/sheet/upload/", sheet.sheet_upload, name="sheet_upload"),
    path("my-work/sheet/uploads/<int:pk>/", sheet.sheet_upload_detail, name="sheet_upload_detail"),
    path("follow-up/<int:pk>/", progress.followup, name="followup"),
    path("follow-up/<int:pk>/progress/", progress.progress_add, name="progress_add"),
    path("follow-up/<int:pk>/comments/", progress.comment_add, name="comment_add"),
    path("follow-up/<int:pk>/dialogue/", dialogue.dialogue, name="dialogue"),
    path("follow-up/<int:pk>/link-activity/", activities.activity_link, name="activity_link"),
    path("follow-up/<int:pk>/link-indicator/", indicators.indicator_link, name="indicator_link"),
    path("progress/<int:pk>/edit/", progress.progress_edit, name="progress_edit"),
    path("progress/<int:pk>/review/", progress.progress_review, name="progress_review"),
    path("progress/<int:pk>/evidence/", progress.progress_evidence, name="progress_evidence"),
    path("activities/new/", activities.activity_new, name="activity_new"),
    path("activities/<int:pk>/", activities.activity_detail, name="activity"),
    path("activities/<int:pk>/edit/", activities.activity_edit, name="activity_edit"),
    path("activities/<int:pk>/evidence/", activities.activity_evidence, name="activity_evidence"),
    path("indicators/new/", indicators.indicator_new, name="indicator_new"),
    path("indicators/dimensions/", dimensions.dimension_list, name="dimensions"),
    path("indicators/dimensions/new/", dimensions.dimension_edit, name="dimension_new"),
    path("indicators/dimensions/<int:pk>/", dimensions.dimension_edit, name="dimension_edit"),
    path("indicators/<int:pk>/", indicators.indicator_detail, name="indicator"),
    path("indicators/<int:pk>/edit/", indicators.indicator_edit, name="indicator_edit"),
    path("indicators/<int:pk>/values/", indicators.indicator_value_add, name="indicator_value_add"),
    path("indicators/<int:pk>/grid/", grid.indicator_grid, name="indicator_grid"),
    path("evidence/<int:pk>/", progress.evidence_download, name="evidence"),
    path("rounds/", rounds.round_list, name="rounds"),
    path("rounds/new/", rounds.round_new, name="round_new"),
    path("rounds/<int:pk>/", rounds.round_detail, name="round"),
    path("rounds/<int:pk>/remind/", rounds.round_remind, name="round_remind"),
    path("rounds/<int:pk>/close/", rounds.round_close, name="round_close"),
    path("plans/", plans.plan_list, name="plans"),
    path("plans/new/", plans.plan_new, name="plan_new"),
    path("plans/<int:pk>/", plans.plan_detail, name="plan"),
    path("plans/<int:pk>/items/", plans.plan_item_add, name="plan_item_add"),
    path("plans/<int:pk>/publish/", plans.plan_publish, name="plan_publish"),
    path("plans/<int:pk>/progress/", plans.plan_progress, name="plan_progress"),
    path("plan-items/<int:pk>/edit/", plans.plan_item_edit, name="plan_item_edit"),
    path("plan-items/<int:pk>/status/", plans.plan_item_status, name="plan_item_status"),
]
