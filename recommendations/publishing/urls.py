"""The secretariat's publishing and moderation screens, mounted at workspace/publishing/."""

from django.urls import path

from recommendations.publishing import views

app_name = "publishing"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("recommendations/<int:pk>/", views.recommendation_publish, name="recommendation"),
    path("activities/<int:pk>/", views.activity_publish, name="activity"),
    path("updates/<int:pk>/", views.update_publish, name="update"),
    path("indicators/<int:pk>/", views.indicator_publish, name="indicator"),
    path("evidence/<int:pk>/", views.evidence_publish, name="evidence"),
    path("assessments/<int:pk>/", views.assessment_moderate, name="assessment"),
    path("assessments/<int:pk>/flag/", views.assessment_flag, name="assessment_flag"),
    path("comments/<int:pk>/", views.comment_moderate, name="comment"),
    path("replies/<int:pk>/", views.reply_moderate, name="reply"),
]
