"""manage.py train_classifier — train the suggestion model on everything classified now.

Prints the training size and the examples per label set; the model file is stored under
MEDIA_ROOT/classifiers/ and used from the next suggestion on.
"""

from django.core.management.base import BaseCommand, CommandError

from recommendations.assistant.training import classifier_train
from recommendations.models import ClassifierModel


class Command(BaseCommand):
    help = "Train the suggestion model (themes, groups, SDG goals and targets)."

    def handle(self, *args, **options):
        run = classifier_train(ClassifierModel.objects.create())
        if run.status != ClassifierModel.RunStatus.DONE:
            raise CommandError(run.error or "training failed")
        counts = ", ".join(f"{name} {n}" for name, n in sorted(run.label_counts.items()))
        self.stdout.write(
            f"trained on {run.training_size} recommendations ({counts}); "
            f"{run.feedback_count} feedback answers; saved as {run.file.name}"
        )
