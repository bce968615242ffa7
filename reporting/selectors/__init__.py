"""Reads for reporting, one module per concept. What a user may see: ``runs``, ``drafts``,
``consultations``, ``calendar``. The data a report is written from: ``report`` reads the
recommendations into the plain rows of ``rows``.
"""
