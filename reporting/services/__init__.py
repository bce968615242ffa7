"""Writes of the reporting app: report runs, drafts and consultations, the calendar."""
