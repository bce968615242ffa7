"""Load the reference data shipped in recommendations/reference/ into the database.

Idempotent: rows are matched on their natural key (ISO code, body code, theme code, SDG
number/code); new rows are created, changed rows updated, nothing is deleted (the
secretariat may have added bodies or themes of its own).
"""

from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from babel import Locale, UnknownLocaleError
from django.db import transaction

from nrtd.public_cache import public_data_changed
from recommendations.models import (
    AffectedGroup,
    Body,
    SdgGoal,
    SdgIndicator,
    SdgTarget,
    State,
    Theme,
)

REFERENCE_DIR = Path(__file__).resolve().parent.parent / "reference"
SDG_LANGUAGES = ["en", "fr", "es", "ar", "ru", "zh-Hans"]


@dataclass
class LoadReport:
    created: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        parts = [
            f"{name}: {self.created.get(name, 0)} created, {self.updated.get(name, 0)} updated"
            for name in sorted(set(self.created) | set(self.updated))
        ]
        return "; ".join(parts)


def _sync(model, key: str, rows: list[dict], report: LoadReport) -> dict:
    """Create or update ``rows`` (dicts of field values) matched on ``key``; return {key: obj}."""
    existing = {getattr(obj, key): obj for obj in model.objects.all()}
    to_create, to_update, fields = [], [], set()
    for row in rows:
        obj = existing.get(row[key])
        if obj is None:
            obj = model(**row)
            to_create.append(obj)
            existing[row[key]] = obj
            continue
        changed = [name for name, value in row.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, row[name])
            fields.update(changed)
            to_update.append(obj)
    model.objects.bulk_create(to_create, batch_size=500)
    if to_update:
        model.objects.bulk_update(to_update, sorted(fields), batch_size=500)
    if to_create or to_update:
        public_data_changed(labels=True)  # labels on public pages; bulk writes: no signal
    label = model._meta.verbose_name_plural
    report.created[label] = len(to_create)
    report.updated[label] = len(to_update)
    if to_create and not all(o.pk for o in to_create):  # SQLite < 3.35 gives no ids back
        return {getattr(o, key): o for o in model.objects.all()}
    return existing


def _read_json(name: str):
    return json.loads((REFERENCE_DIR / name).read_text(encoding="utf-8"))


def _sdg_titles(directory: Path) -> dict[str, dict[str, dict[str, str]]]:
    """Titles by language: {"goals": {"1": {"en": ...}}, "goal_short", "targets", "indicators"}."""
    out: dict[str, dict[str, dict[str, str]]] = {
        "goals": {},
        "goal_short": {},
        "targets": {},
        "indicators": {},
    }
    for language in SDG_LANGUAGES:
        folder = directory / language
        if not folder.is_dir():
            continue
        for filename, kind in [
            ("global_goals.yml", "goals"),
            ("global_targets.yml", "targets"),
            ("global_indicators.yml", "indicators"),
        ]:
            data = yaml.safe_load((folder / filename).read_text(encoding="utf-8")) or {}
            for raw_key, value in data.items():
                if raw_key.endswith("-title"):
                    bucket = kind
                elif raw_key.endswith("-short") and kind == "goals":
                    bucket = "goal_short"
                else:
                    continue
                code = raw_key.rsplit("-", 1)[0].replace("-", ".")
                # The files spell many accented letters as a letter and a combining mark
                # (NFD); stored composed (NFC), as people type them, so searches match.
                text = unicodedata.normalize("NFC", " ".join(str(value).split()))
                out[bucket].setdefault(code, {})[language] = text
    return out


def _sort_key(code: str) -> str:
    # "16.10" after "16.9", letters ("16.a") after numbers.
    return ".".join(part.zfill(3) if part.isdigit() else f"z{part}" for part in code.split("."))


# The other UN languages, and Portuguese (an interface language too).
NAME_LANGUAGES = [*(code for code in SDG_LANGUAGES if code != "en"), "pt"]


def _names(model, key: str, shipped: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    """The names in other languages to store, by key: those shipped, under the ones already
    in the database (the secretariat's corrections are never overwritten)."""
    held = dict(model.objects.values_list(key, "name_translations"))
    keys = set(shipped) | set(held)
    return {k: {**shipped.get(k, {}), **(held.get(k) or {})} for k in keys}


def _territory_names(iso2: str) -> dict[str, str]:
    """A State's name in the other UN languages, from the Unicode CLDR (through Babel):
    common names ("Slovénie"), not always the UN's formal ones."""
    names = {}
    for code in NAME_LANGUAGES:
        try:
            name = Locale.parse(code.replace("-", "_")).territories.get(iso2)
        except (UnknownLocaleError, ValueError):
            continue
        if name:
            names[code] = name
    return names


def _load_states(report: LoadReport) -> None:
    states = _read_json("states.json")
    names = _names(
        State, "iso3", {s["iso3"]: s.get("names") or _territory_names(s["iso2"]) for s in states}
    )
    rows = [
        {
            "iso2": s["iso2"],
            "iso3": s["iso3"],
            "name": s["name"],
            "name_translations": names[s["iso3"]],
            "un_status": s["un_status"],
            "regional_group": s.get("regional_group") or "",
            "aliases": s.get("aliases", []),
        }
        for s in states
    ]
    _sync(State, "iso3", rows, report)


def _sync_coded(model, entries: list[dict], report: LoadReport, fields=("code", "name")) -> None:
    """Sync a shipped list keyed by ``code`` (bodies, themes, groups): each entry's
    ``fields``, its names in the other languages and its aliases; then the ``parent`` of
    those that name one (once every entry exists)."""
    names = _names(model, "code", {e["code"]: e.get("names", {}) for e in entries})
    rows = [
        {
            **{f: e[f] for f in fields},
            "name_translations": names[e["code"]],
            "aliases": e.get("aliases", []),
        }
        for e in entries
    ]
    by_code = _sync(model, "code", rows, report)
    parents = [
        {"code": e["code"], "parent": by_code[e["parent"]]} for e in entries if e.get("parent")
    ]
    if parents:
        _sync(model, "code", parents, LoadReport())


def _load_bodies(report: LoadReport) -> None:
    _sync_coded(Body, _read_json("bodies.json"), report, fields=("code", "name", "mechanism"))


def _load_themes_and_groups(report: LoadReport) -> None:
    themes = sorted(_read_json("themes.json"), key=lambda t: (t.get("level", 0), t["code"]))
    _sync_coded(Theme, themes, report)
    _sync_coded(AffectedGroup, _read_json("groups.json"), report)


def _load_sdgs(directory: Path, report: LoadReport) -> None:
    sdg = _sdg_titles(directory / "sdg")
    goal_rows = [
        {"number": int(code), "titles": titles, "short_titles": sdg["goal_short"].get(code, {})}
        for code, titles in sdg["goals"].items()
    ]
    goals = _sync(SdgGoal, "number", goal_rows, report)
    target_rows = [
        {
            "code": code,
            "goal": goals[int(code.split(".")[0])],
            "titles": titles,
            "sort_key": _sort_key(code),
        }
        for code, titles in sdg["targets"].items()
    ]
    targets = _sync(SdgTarget, "code", target_rows, report)
    indicator_rows = [
        {
            "code": code,
            "target": targets[code.rsplit(".", 1)[0]],
            "titles": titles,
            "sort_key": _sort_key(code),
        }
        for code, titles in sdg["indicators"].items()
        if code.rsplit(".", 1)[0] in targets
    ]
    _sync(SdgIndicator, "code", indicator_rows, report)


@transaction.atomic
def load_reference(*, directory: Path = REFERENCE_DIR) -> LoadReport:
    """States, bodies, UHRI themes and groups, SDG goals, targets and indicators, from the
    files shipped in this folder; idempotent."""
    report = LoadReport()
    _load_states(report)
    _load_bodies(report)
    _load_themes_and_groups(report)
    _load_sdgs(directory, report)
    return report
