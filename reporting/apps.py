from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from recommendations.publishing.extensions import register_queue_section
        from reporting import signals  # noqa: F401 - connects the receivers
        from reporting.selectors.consultations import public_comments_queue_section

        register_queue_section(public_comments_queue_section)
