from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "reporting"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from recommendations.publishing.extensions import register_queue_section
        from reporting.selectors.consultations import public_comments_queue_section

        register_queue_section(public_comments_queue_section)
