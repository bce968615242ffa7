"""The report settings a run prints on its cover."""

from __future__ import annotations

from dataclasses import dataclass

from reporting.models import ReportSettings


@dataclass(frozen=True, slots=True)
class CoverSettings:
    emblem: bytes | None = None
    issued_by: str = ""


def cover_settings() -> CoverSettings:
    """The emblem's bytes and who issues the reports; an emblem whose file is gone is left
    out (the report is still written)."""
    current = ReportSettings.objects.filter(pk=ReportSettings.SINGLETON).first()
    if current is None:
        return CoverSettings()
    emblem = None
    if current.emblem:
        try:
            with current.emblem.open("rb") as stored:
                emblem = stored.read()
        except OSError:
            emblem = None
    return CoverSettings(emblem=emblem, issued_by=current.issued_by)
