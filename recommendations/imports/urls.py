from django.urls import path

from recommendations.imports import views as import_views

app_name = "imports"

urlpatterns = [
    path("", import_views.import_upload, name="upload"),
    path("<int:pk>/", import_views.import_detail, name="detail"),
    path("<int:pk>/retry/", import_views.import_retry, name="retry"),
    path("<int:pk>/cancel/", import_views.import_cancel, name="cancel"),
    path("<int:pk>/import/", import_views.import_run, name="run"),
    path("<int:pk>/map-state/", import_views.import_map_state, name="map_state"),
    path("<int:pk>/problems.csv", import_views.import_errors, name="errors"),
]
