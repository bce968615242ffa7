from django.apps import AppConfig


class MechanismsConfig(AppConfig):
    name = "mechanisms"
    default_auto_field = "django.db.models.BigAutoField"
