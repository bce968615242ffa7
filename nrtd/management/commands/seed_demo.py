"""Load the demo data and one demo account per role.

Each app contributes through its own ``demo.seed(stdout)`` function, called in dependency
order. Running the command twice changes nothing: every step looks records up by a
natural key before creating them.
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_APPS = ["mechanisms", "recommendations", "reporting"]


class Command(BaseCommand):
    help = "Load demo data and demo accounts (idempotent). Refuses to run with DEBUG off."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force",
            action="store_true",
            help="Seed even though DEBUG is off (never on a production database).",
        )

    def handle(self, *args, force: bool = False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "DEBUG is off: this looks like production. Demo accounts have a known "
                "password; use --force only on a throw-away database."
            )
        with transaction.atomic():
            for app in DEMO_APPS:
                try:
                    module = importlib.import_module(f"{app}.demo")
                except ModuleNotFoundError as exc:
                    if exc.name != f"{app}.demo":
                        raise
                    continue
                module.seed(stdout=self.stdout)
