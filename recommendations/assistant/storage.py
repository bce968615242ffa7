"""Where trained models live: a joblib file under MEDIA_ROOT/classifiers/, one per training
run, recorded as a ClassifierModel row with its date, training size and label counts.

The files are written by this application only (never uploaded), which is what makes
loading a pickle acceptable here.
"""

from __future__ import annotations

import io
import logging
import threading

import joblib
from django.core.files.base import ContentFile

from recommendations.assistant.classifier import LearnedModel
from recommendations.models import ClassifierModel

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_loaded: tuple[int, LearnedModel | None] | None = None


def save_model(run: ClassifierModel, model: LearnedModel) -> None:
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    run.file.save(f"classifier-{run.pk}.joblib", ContentFile(buffer.getvalue()), save=False)


def latest_run() -> ClassifierModel | None:
    return (
        ClassifierModel.objects.filter(status=ClassifierModel.RunStatus.DONE)
        .exclude(file="")
        .order_by("-finished", "-pk")
        .first()
    )


def current_model() -> tuple[ClassifierModel | None, LearnedModel | None]:
    """The latest finished model, loaded once per process and reloaded when a newer one is
    saved. A missing or unreadable file means the baseline answers alone."""
    global _loaded
    run = latest_run()
    if run is None:
        return None, None
    with _lock:
        if _loaded is None or _loaded[0] != run.pk:
            model = None
            try:
                with run.file.open("rb") as handle:
                    model = joblib.load(handle)  # noqa: S301 - our own file, see the docstring
            except (OSError, ValueError, EOFError):
                logger.exception("could not load suggestion model %s", run.pk)
            _loaded = (run.pk, model)
        return run, _loaded[1]


def forget_loaded_model() -> None:
    global _loaded
    with _lock:
        _loaded = None
