from django.apps import AppConfig


class NrtdConfig(AppConfig):
    """The project package as an app, for project-wide management commands (seed_demo)."""

    name = "nrtd"
    verbose_name = "nrtd"

    def ready(self):
        from nrtd.public_cache import connect_signals

        connect_signals()
