"""Every Celery task of the registry, gathered here for Celery's autodiscovery; each feature
package defines its own (imports, follow-up, assistant) with its time limits and retries."""

from recommendations.assistant.tasks import find_similar, train_classifier
from recommendations.followup.tasks import (
    run_sheet_upload,
    send_daily_reminders,
    send_institution_reminder,
)
from recommendations.imports.tasks import run_import_job, sweep_stale_imports

__all__ = [
    "find_similar",
    "run_import_job",
    "run_sheet_upload",
    "send_daily_reminders",
    "send_institution_reminder",
    "sweep_stale_imports",
    "train_classifier",
]
