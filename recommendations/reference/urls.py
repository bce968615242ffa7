from django.urls import path

from recommendations.reference import views

app_name = "reference"

urlpatterns = [
    path("<slug:kind>/", views.names_list, name="names"),
    path("<slug:kind>/<str:key>/", views.names_edit, name="names_edit"),
]
