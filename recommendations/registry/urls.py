from django.urls import path

from recommendations.registry import assignment_views, parliament_views, response_views, views

app_name = "recommendations"

urlpatterns = [
    path("", views.recommendation_list, name="list"),
    path("<int:pk>/", views.recommendation_detail, name="detail"),
    path("parliament/", parliament_views.parliament_list, name="parliament"),
    path("<int:pk>/assignments/", views.recommendation_assign_view, name="assign"),
    path(
        "<int:pk>/assignments/<int:institution_id>/remove/",
        views.recommendation_unassign_view,
        name="unassign",
    ),
    path("<int:pk>/classify/", views.recommendation_classify_view, name="classify"),
    path(
        "<int:pk>/response/change/",
        response_views.recommendation_response_change,
        name="response_change",
    ),
    path("bulk/", views.recommendation_bulk, name="bulk"),
    path(
        "assignments/sheet/",
        assignment_views.assignment_sheet_download,
        name="assignment_sheet",
    ),
    path("assignments/upload/", assignment_views.assignment_upload, name="assignment_upload"),
    path(
        "assignments/upload/<int:pk>/",
        assignment_views.assignment_upload_detail,
        name="assignment_upload_detail",
    ),
    path("cluster-sets/", views.cluster_set_list, name="cluster_sets"),
    path("cluster-sets/<int:pk>/", views.cluster_set_detail, name="cluster_set"),
]
