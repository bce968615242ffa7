from django.urls import path

from recommendations.reviews import views

app_name = "reviews"

urlpatterns = [
    path("", views.review_list, name="list"),
    path("new/", views.review_create, name="create"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/edit/", views.review_edit, name="edit"),
    path("<int:pk>/paste/", views.review_paste, name="paste"),
    path("<int:pk>/recommendations/new/", views.recommendation_add, name="add_recommendation"),
    path("recommendations/<int:pk>/edit/", views.recommendation_edit, name="edit_recommendation"),
]
