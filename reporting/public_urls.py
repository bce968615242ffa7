"""The portal's public consultations, mounted by nrtd/urls.py at consultations/."""

from django.urls import path

from reporting.views import public

app_name = "consultations"

urlpatterns = [
    path("", public.consultation_list, name="list"),
    path("<int:pk>/", public.consultation_detail, name="detail"),
]
