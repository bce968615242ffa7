"""manage.py find_similar [--review ID] [--limit N] — store repeated and similar links.

Without --review every recommendation is compared with every other one. Safe to run again.
"""

from django.core.management.base import BaseCommand

from recommendations.assistant.services import links_store
from recommendations.models import Recommendation


class Command(BaseCommand):
    help = "Find repeated and similar recommendations and store them as links."

    def add_arguments(self, parser):
        parser.add_argument("--review", type=int, help="only this review's recommendations")
        parser.add_argument("--limit", type=int, default=5, help="links per recommendation")

    def handle(self, *args, review=None, limit=5, **options):
        qs = Recommendation.objects.all()
        if review:
            qs = qs.filter(review_id=review)
        counts = links_store(recommendations=qs, limit=limit)
        self.stdout.write(f"links created: {counts['created']}, updated: {counts['updated']}")
