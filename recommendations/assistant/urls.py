from django.urls import path

from recommendations.assistant import views

app_name = "assistant"

urlpatterns = [
    path("recommendations/<int:pk>/suggestions/", views.suggestions, name="suggestions"),
    path(
        "recommendations/<int:pk>/suggestions/<str:decision>/",
        views.suggestion_decide,
        name="decide",
    ),
    path("recommendations/<int:pk>/similar/", views.similar, name="similar"),
    path("recommendations/<int:pk>/institutions/", views.institutions, name="institutions"),
    path("recommendations/<int:pk>/similar/store/", views.similar_store, name="similar_store"),
    path("training/", views.training, name="training"),
    path("reviews/<int:pk>/clusters/", views.cluster_proposal, name="cluster_proposal"),
]
