"""The API's own JSON export, read back: ``GET /api/v1/recommendations/`` pages (or their
``results`` joined in a list) become ParsedRecommendations.

Related records are named by the codes the API gives (body ``UPR``, States by ISO alpha-3,
theme and group codes, SDG goal numbers and target codes), which the import service resolves
like any other file. A record without an external id gets one derived from its content, so
importing the same export twice creates nothing the second time.

Not carried: assignments (lead and supporting institutions), implementation status and
clusters are follow-up data of the exporting system, not of the recommendation's source.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Iterator

from recommendations.imports.parsers.base import (
    ImportFailed,
    ImportProblem,
    ParsedItem,
    ParsedRecommendation,
    Source,
    source_name,
    stable_id,
)
from recommendations.imports.parsers.tabular import binary_stream

FORMAT = "nrtd-json"
MECHANISMS = {"upr", "treaty_body", "special_procedure", "regional"}
RESPONSES = {"supported", "noted", "partially_supported", "pending"}


def _records(data) -> list:
    if isinstance(data, dict):
        data = data.get("results")
    if not isinstance(data, list):
        raise ValueError("expected a list of recommendations or an API page with 'results'")
    return data


def _date(value) -> datetime.date | None:
    if not value:
        return None
    return datetime.date.fromisoformat(str(value))


def parse(
    source: Source,
    *,
    filename: str | None = None,
    state: str | None = None,
    session: int | None = None,
) -> Iterator[ParsedItem]:
    file = source_name(source, filename)
    with binary_stream(source, file) as stream:
        try:
            records = _records(json.loads(stream.read().decode("utf-8-sig")))
        except (UnicodeDecodeError, ValueError) as exc:
            raise ImportFailed.for_file(file, f"not an nrtd JSON export ({exc})") from exc
    for row, item in enumerate(records, start=1):
        if not isinstance(item, dict):
            yield ImportProblem(file, row, None, "expected an object")
            continue
        mechanism = item.get("mechanism") or ""
        if mechanism not in MECHANISMS:
            yield ImportProblem(file, row, "mechanism", f"unknown mechanism '{mechanism}'")
            continue
        response = item.get("response") or None
        if response is not None and response not in RESPONSES:
            yield ImportProblem(file, row, "response", f"unknown response '{response}'")
            continue
        try:
            date = _date(item.get("date"))
        except ValueError:
            yield ImportProblem(file, row, "date", f"not a date: '{item.get('date')}'")
            continue
        review = item.get("review") or {}
        # The export is this system's own text: kept as it is (line breaks included).
        text = str(item.get("text") or "").strip()
        external_id = item.get("external_id") or stable_id(
            "nrtd",
            text,
            item.get("paragraph", ""),
            item.get("body", ""),
            review.get("state_under_review", ""),
            review.get("session", ""),
        )
        yield ParsedRecommendation(
            source_file=file,
            source_row=row,
            text=text,
            mechanism=mechanism,
            body=str(item.get("body") or ""),
            external_id=external_id,
            paragraph=str(item.get("paragraph") or ""),
            document_symbol=str(item.get("document_symbol") or ""),
            date=date,
            state_under_review=review.get("state_under_review") or state or "",
            cycle=review.get("cycle"),
            session=review.get("session") or session,
            recommending_states=list(item.get("recommending_states") or []),
            response_label=str(item.get("response_label") or ""),
            response=response,
            themes=[str(c) for c in item.get("themes") or []],
            affected_groups=[str(c) for c in item.get("groups") or []],
            sdg_targets=[str(c) for c in item.get("sdg_targets") or []],
            sdg_goals=[str(n) for n in item.get("sdg_goals") or []],
            extra={"voluntary_pledge": True} if item.get("kind") == "voluntary_pledge" else {},
        )
