# The fill step before the review becomes required (0021): recommendations saved without a
# review since 0018 (an import of items naming no State under review, a script) get one
# the way 0018 gave them, grouped by mechanism, body, document symbol and date.
#
# Data-safe: if some are still without a review (no State can be inferred: neither
# NRTD_OWN_STATE nor any review in the registry), the migration stops with a message and
# changes nothing, rather than delete them or invent a State.

import importlib

from django.db import migrations

fill = importlib.import_module("recommendations.migrations.0018_review_for_every_recommendation")


def fill_reviews(apps, schema_editor):
    fill.fill_reviews(apps, schema_editor)
    Recommendation = apps.get_model("recommendations", "Recommendation")
    left = Recommendation.objects.filter(review__isnull=True).count()
    if left:
        raise RuntimeError(
            f"{left} recommendations have no review and their State under review cannot be "
            "inferred. Set NRTD_OWN_STATE to this deployment's State (ISO3 code, e.g. SVN) "
            "and run the migration again; nothing was changed."
        )


class Migration(migrations.Migration):

    dependencies = [
        ("recommendations", "0022_special_procedure_visits_communications"),
    ]

    operations = [
        migrations.RunPython(fill_reviews, migrations.RunPython.noop),
    ]
