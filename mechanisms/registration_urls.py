"""Civil society registration, mounted at accounts/register/."""

from django.urls import path

from mechanisms import registration

app_name = "cso_registration"

urlpatterns = [
    path("", registration.register, name="register"),
    path("verify/<str:uidb64>/<str:token>/", registration.verify, name="verify"),
]
