"""Other apps' records that wait in the publishing queue.

``reporting`` depends on ``recommendations``, never the reverse, so the queue cannot import
the public consultations' comments: reporting registers a section here when it loads. Each
section is a callable taking the request and returning ``{"template": ..., **context}``."""

from __future__ import annotations

from collections.abc import Callable

QUEUE_SECTIONS: list[Callable] = []


def register_queue_section(section: Callable) -> Callable:
    if section not in QUEUE_SECTIONS:
        QUEUE_SECTIONS.append(section)
    return section


def queue_sections(request) -> list[dict]:
    return [section(request) for section in QUEUE_SECTIONS]
