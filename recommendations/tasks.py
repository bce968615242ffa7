"""Every Celery task of the registry, gathered here for Celery's autodiscovery; each feature
package defines its own (imports, follow-up, assistant) with its time limits and retries."""

from recommendations.assistant.tasks import find_similar, train_classifier
from recommendations.followup.tasks import (
    run_sheet_upload,
    send_daily_reminders,
    send_institution_reminder,
)
from recommendations.imports.tasks import run_import_job, sweep_stale_imports
from recommendations.portal.tasks import send_contribution_published, send_reply_published
from recommendations.special.tasks import send_reply_reminders

__all__ = [
    "find_similar",
    "run_import_job",
    "run_sheet_upload",
    "send_contribution_published",
    "send_daily_reminders",
    "send_institution_reminder",
    "send_reply_published",
    "send_reply_reminders",
    "sweep_stale_imports",
    "train_classifier",
]
