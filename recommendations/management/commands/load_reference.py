from django.core.management.base import BaseCommand

from recommendations.reference.services import load_reference


class Command(BaseCommand):
    help = (
        "Load or refresh reference data: States, bodies, UHRI themes and groups, SDGs (idempotent)."
    )

    def handle(self, *args, **options):
        report = load_reference()
        self.stdout.write(f"reference data: {report}")
