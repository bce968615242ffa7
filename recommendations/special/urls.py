from django.urls import path

from recommendations.special import views

app_name = "special"

urlpatterns = [
    path("visits/", views.visit_list, name="visit_list"),
    path("visits/new/", views.visit_create, name="visit_create"),
    path("visits/<int:pk>/", views.visit_detail, name="visit_detail"),
    path("visits/<int:pk>/edit/", views.visit_edit, name="visit_edit"),
    path("communications/", views.communication_list, name="communication_list"),
    path("communications/new/", views.communication_create, name="communication_create"),
    path("communications/<int:pk>/", views.communication_detail, name="communication_detail"),
    path("communications/<int:pk>/edit/", views.communication_edit, name="communication_edit"),
    path("communications/<int:pk>/reply/", views.communication_reply, name="communication_reply"),
    path(
        "communications/<int:pk>/reply/document/",
        views.communication_document,
        name="communication_document",
    ),
]
