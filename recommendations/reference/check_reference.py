#!/usr/bin/env python3
# ruff: noqa: E501 - a report script whose messages read better unwrapped
"""Consistency check for the reference data in this folder (Django is not set up).

Usage:
    .venv/bin/python recommendations/reference/check_reference.py [DATA_DIR]

DATA_DIR defaults to $NRTD_SAMPLE_DATA or ../shared/data beside the repository (the folder holding
upr-info/, ohchr-matrices/ and sdg/). Checks that need sample files are skipped,
with a notice, when the files are missing. python-docx is needed for the matrix
checks, PyYAML for the SDG checks. Exit status 0 when everything passes.

The name matching rule used here is the one importers should use: see normalize().
"""

import csv
import filecmp
import html
import io
import json
import os
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
# The importers' own reading of brackets (plain Python: Django is not set up here).
sys.path.insert(0, str(HERE.parents[1]))
from recommendations.imports.parsers.matrix_cells import bracket_groups  # noqa: E402

DATA = Path(
    sys.argv[1]
    if len(sys.argv) > 1
    else os.environ.get("NRTD_SAMPLE_DATA", str(HERE.parents[2] / "shared" / "data"))
)

REGIONAL_GROUPS = {"African", "Asia-Pacific", "EEG", "GRULAC", "WEOG"}
MECHANISMS = {"upr", "treaty_body", "special_procedure", "regional"}
# Languages of the optional "names" dict (translated display names); English is "name".
NAME_LANGUAGES = {"fr", "es", "ar", "ru", "zh-Hans"}
# UPR Info placeholder for statements not attributed to a State (session 1, Indonesia).
UPR_INFO_NOT_A_STATE = {"(Unknown)"}
# Bracketed text in OHCHR matrices that ends a clause like a recommending State but is not one.
MATRIX_BRACKETS_NOT_STATES = {"ICRMW", "No. 29", "No. 189"}

errors = []
notes = []


def fail(msg):
    errors.append(msg)


def normalize(name):
    """Key for name matching: Unicode NFC, curly quotes -> straight, trailing '*'
    (UHRI marks observer States with it) dropped, whitespace collapsed, casefolded."""
    s = unicodedata.normalize("NFC", html.unescape(name or ""))
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("\u00a0", " ")
    s = re.sub(r"\s+", " ", s).strip().rstrip("*").strip()
    return s.casefold()


def load(name):
    with open(HERE / name, encoding="utf-8") as f:
        return json.load(f)


def build_index(records, key, label):
    """normalized name/alias -> key; an alias mapping to two records is an error."""
    index = {}
    for r in records:
        for n in [r["name"], *r.get("aliases", [])]:
            k = normalize(n)
            if not k:
                fail(f"{label} {r[key]}: empty name/alias")
            elif k in index and index[k] != r[key]:
                fail(f"{label}: {n!r} maps to both {index[k]} and {r[key]}")
            index[k] = r[key]
    return index


def check_names(records, key, label):
    """Optional "names": {lang: name}: known languages, non-empty trimmed strings, and no two
    records of one file with the same name in one language unless their English names are
    the same too. Returns {lang: count} for the report."""
    seen = {}  # (lang, normalized name) -> record
    counts = Counter()
    for r in records:
        names = r.get("names")
        if names is None:
            continue
        if not isinstance(names, dict):
            fail(f"{label} {r[key]}: names is not a dict")
            continue
        for lang, n in names.items():
            if lang not in NAME_LANGUAGES:
                fail(f"{label} {r[key]}: names has unknown language {lang!r}")
            if not isinstance(n, str) or not n.strip():
                fail(f"{label} {r[key]}: names[{lang!r}] is empty or not a string")
                continue
            if n != n.strip():
                fail(f"{label} {r[key]}: names[{lang!r}] has leading/trailing spaces")
            counts[lang] += 1
            other = seen.setdefault((lang, normalize(n)), r)
            if other is not r and normalize(other["name"]) != normalize(r["name"]):
                fail(f"{label}: {lang} name {n!r} shared by {other[key]} and {r[key]}")
    return dict(sorted(counts.items()))


def unique(records, key, label):
    c = Counter(r[key] for r in records)
    for k, n in c.items():
        if n > 1:
            fail(f"{label}: duplicate {key} {k!r}")


# ---------------------------------------------------------------- sample readers
def read_upr_info(path):
    """UPR Info CSV exports: Mac Roman or UTF-8, any line endings (old Mac CR too)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("mac_roman")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return list(csv.DictReader(io.StringIO(text, newline="")))


def top_level_groups(text):
    """Yield (content, text_after) for every top-level balanced (...) group."""
    for start, end in bracket_groups(text):
        yield text[start + 1 : end - 1], text[end:]


def split_top_level(s, sep=","):
    parts, depth, cur = [], 0, ""
    for ch in s:
        depth += ch == "("
        depth -= ch == ")"
        if ch == sep and depth == 0:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def matrix_rows(path):
    import docx  # python-docx

    doc = docx.Document(str(path))
    for table in doc.tables:
        for row in table.rows:
            yield [c.text for c in row.cells]


def matrix_recommending_states(cell):
    """Bracketed groups that close a recommendation clause: '(Austria);' '(Spain, Tunisia);'
    '(France) (Lithuania);' 'Venezuela (Bolivarian Republic of)' stays whole."""
    body = re.split(r"source of position", cell, flags=re.I)[0]
    for content, after in top_level_groups(body):
        if re.match(r"\s*($|[;.(\n])", after):
            yield content


def matrix_theme_lines(cell):
    """Split the themes cell into (themes, affected_persons); SDG lines dropped."""
    themes, groups, mode = [], [], "theme"
    for line in cell.split("\n"):
        s = line.strip()
        if not s:
            continue
        low = s.lower()
        if low.startswith("affected persons"):
            mode = "group"
            continue
        if low.startswith("sdgs") or low.startswith("sdg:"):
            mode = "sdg"
            continue
        if s.startswith("- "):
            s = s[2:].strip()
        if mode == "theme":
            themes.append(s)
        elif mode == "group":
            groups.append(s)
    return themes, groups


# ---------------------------------------------------------------- checks
def check_states():
    states = load("states.json")
    members = [s for s in states if s["un_status"] == "member"]
    observers = [s for s in states if s["un_status"] == "observer"]
    if len(members) != 193:
        fail(f"states: {len(members)} members, expected 193")
    if sorted(s["name"] for s in observers) != ["Holy See", "State of Palestine"]:
        fail(f"states: observers are {[s['name'] for s in observers]}")
    for s in states:
        if set(s) != {"iso2", "iso3", "name", "un_status", "regional_group", "aliases"}:
            fail(f"states {s.get('iso3')}: unexpected keys {sorted(s)}")
        if not re.fullmatch(r"[A-Z]{2}", s["iso2"]) or not re.fullmatch(r"[A-Z]{3}", s["iso3"]):
            fail(f"states {s['name']}: bad ISO codes")
        if s["regional_group"] not in REGIONAL_GROUPS and not (
            s["regional_group"] is None and s["un_status"] == "observer"
        ):
            fail(f"states {s['name']}: bad regional group {s['regional_group']!r}")
    unique(states, "iso2", "states")
    unique(states, "iso3", "states")
    return states, build_index(states, "iso3", "states")


def resolve_all(names, index, where, exclude=()):
    via_alias = {}
    for n in sorted(names):
        if n in exclude:
            continue
        iso3 = index.get(normalize(n))
        if iso3 is None:
            fail(f"{where}: State name {n!r} does not resolve")
        else:
            via_alias[n] = iso3
    return via_alias


def check_sample_states(states, index):
    by_iso3 = {s["iso3"]: s for s in states}
    seen = {}
    upr = DATA / "upr-info"
    for fn in ("upr-info-sessions-01-05.csv", "upr-info-voluntary-pledges.csv"):
        p = upr / fn
        if not p.exists():
            notes.append(f"skipped {p} (missing)")
            continue
        names = set()
        for r in read_upr_info(p):
            names.add(html.unescape(r["To"]).strip())
            names.add(html.unescape(r["From"]).strip())
        seen.update(resolve_all(names, index, fn, UPR_INFO_NOT_A_STATE))
    mats = sorted((DATA / "ohchr-matrices").glob("*.docx"))
    if not mats:
        notes.append("skipped OHCHR matrices (none found)")
    for p in mats:
        names = set()
        for cells in matrix_rows(p):
            if not cells or re.match(r"\s*(theme|right or area)\s*:", cells[0], re.I):
                continue
            for group in matrix_recommending_states(cells[0]):
                if group.strip() in MATRIX_BRACKETS_NOT_STATES:
                    continue
                names.update(split_top_level(group))
        seen.update(resolve_all(names, index, p.name))
    special = {n: iso3 for n, iso3 in seen.items() if n != by_iso3[iso3]["name"]}
    print(
        f"  sample State names: {len(seen)} distinct, all resolve; {len(special)} through aliases/normalization:"
    )
    for n, iso3 in sorted(special.items()):
        print(f"    {n!r:58} -> {by_iso3[iso3]['name']}")


def check_bodies(states):
    bodies = load("bodies.json")
    unique(bodies, "code", "bodies")
    build_index(bodies, "code", "bodies")
    codes = {b["code"] for b in bodies}
    iso3 = {s["iso3"] for s in states}
    for b in bodies:
        if b["mechanism"] not in MECHANISMS:
            fail(f"bodies {b['code']}: bad mechanism")
        if b["parent"] is not None and b["parent"] not in codes:
            fail(f"bodies {b['code']}: parent {b['parent']} missing")
        if b.get("country") is not None and b["country"] not in iso3:
            fail(f"bodies {b['code']}: country {b['country']} is not a State iso3")
    for code in (
        "UPR",
        "CCPR",
        "CESCR",
        "CERD",
        "CEDAW",
        "CAT",
        "SPT",
        "CRC",
        "CRC-OP-AC",
        "CRC-OP-SC",
        "CMW",
        "CRPD",
        "CED",
    ):
        if code not in codes:
            fail(f"bodies: {code} missing")
    print(f"  bodies: {len(bodies)} " + str(dict(Counter(b["mechanism"] for b in bodies))))
    print(f"  bodies names: {check_names(bodies, 'code', 'bodies')}")
    return bodies


def check_themes_groups():
    themes = load("themes.json")
    groups = load("groups.json")
    unique(themes, "code", "themes")
    unique(groups, "code", "groups")
    build_index(themes, "code", "themes")
    build_index(groups, "code", "groups")
    by_code = {t["code"]: t for t in themes}
    for t in themes:
        if t["parent"] is None:
            if t["level"] != 0:
                fail(f"themes {t['code']}: level {t['level']} without parent")
        elif t["parent"] not in by_code:
            fail(f"themes {t['code']}: parent {t['parent']} missing")
        elif by_code[t["parent"]]["level"] != t["level"] - 1:
            fail(f"themes {t['code']}: level does not follow parent")
    theme_exact = {n: t["code"] for t in themes for n in [t["name"], *t["aliases"]]}
    group_exact = {n: g["code"] for g in groups for n in [g["name"], *g["aliases"]]}

    mats = sorted((DATA / "ohchr-matrices").glob("*.docx"))
    found_themes, found_groups = set(), set()
    for p in mats:
        for cells in matrix_rows(p):
            if len(cells) < 3:
                continue
            m = re.match(r"\s*(?:theme|right or area)\s*:\s*(.*)", cells[0], re.I | re.S)
            if m:
                found_themes.add(m.group(1).strip())
                continue
            if re.match(r"\s*\d+\.\d+", cells[0]):
                th, gr = matrix_theme_lines(cells[2])
                found_themes.update(th)
                found_groups.update(gr)
    for s in sorted(found_themes):
        m = re.fullmatch(r"([A-H]\d{0,2}) (.+)", s)
        if m:  # coded (UHRI 2013-2021) form: code and name must both match exactly
            t = by_code.get(m.group(1))
            if t is None or t["name"] != m.group(2):
                fail(f"themes: matrix theme {s!r} not in themes.json with that exact code and name")
        elif s not in theme_exact:
            fail(f"themes: matrix theme {s!r} is neither a name nor an alias")
    for s in sorted(found_groups):
        if s not in group_exact:
            fail(f"groups: matrix affected persons {s!r} is neither a name nor an alias")
    print(
        f"  themes: {len(themes)} ({dict(Counter(t['level'] for t in themes))} by level), "
        f"{len(found_themes)} distinct matrix themes checked"
    )
    print(f"  groups: {len(groups)}, {len(found_groups)} distinct matrix values checked")
    print(f"  themes names: {check_names(themes, 'code', 'themes')}")
    print(f"  groups names: {check_names(groups, 'code', 'groups')}")

    issues = load("upr_info_issues.json")
    unique(issues, "issue", "upr_info_issues")
    mapped = {i["issue"] for i in issues}
    gcodes = {g["code"] for g in groups}
    for i in issues:
        for c in i["themes"]:
            if c not in by_code:
                fail(f"upr_info_issues {i['issue']!r}: theme {c} missing")
        for c in i["groups"]:
            if c not in gcodes:
                fail(f"upr_info_issues {i['issue']!r}: group {c} missing")
    seen = set()
    for fn in ("upr-info-sessions-01-05.csv", "upr-info-voluntary-pledges.csv"):
        p = DATA / "upr-info" / fn
        if p.exists():
            for r in read_upr_info(p):
                seen.update(x.strip() for x in r["Issue"].split(",") if x.strip())
    for s in sorted(seen - mapped):
        fail(f"upr_info_issues: sample issue {s!r} not mapped")
    print(f"  upr_info_issues: {len(issues)} mapped, {len(seen)} distinct in samples")


def check_sdg():
    import yaml

    ref = HERE / "sdg"
    langs = ["ar", "en", "es", "fr", "ru", "zh-Hans"]
    if not (ref / "LICENSE").exists():
        fail("sdg/LICENSE missing")
    for lang in langs:
        g = yaml.safe_load((ref / lang / "global_goals.yml").read_text(encoding="utf-8"))
        t = yaml.safe_load((ref / lang / "global_targets.yml").read_text(encoding="utf-8"))
        i = yaml.safe_load((ref / lang / "global_indicators.yml").read_text(encoding="utf-8"))
        if len([k for k in g if k.endswith("-title")]) != 17 or len(t) != 169:
            fail(f"sdg/{lang}: {len(g)} goal keys, {len(t)} targets")
        if not i:
            fail(f"sdg/{lang}: no indicators")
        src = DATA / "sdg" / lang
        for fn in ("global_goals.yml", "global_targets.yml", "global_indicators.yml"):
            if src.exists() and not filecmp.cmp(src / fn, ref / lang / fn, shallow=False):
                fail(f"sdg/{lang}/{fn} differs from {src / fn}")
    print(f"  sdg: {len(langs)} languages, 17 goals, 169 targets, {len(i)} indicator entries")


def main():
    print(f"reference: {HERE}\nsample data: {DATA}")
    states, index = check_states()
    print(
        f"  states: {sum(s['un_status'] == 'member' for s in states)} members + "
        f"{sum(s['un_status'] == 'observer' for s in states)} observers, {len(index)} distinct names/aliases"
    )
    check_sample_states(states, index)
    check_bodies(states)
    check_themes_groups()
    check_sdg()
    for n in notes:
        print("note:", n)
    if errors:
        print(f"\nFAILED ({len(errors)}):")
        for e in errors:
            print("  -", e)
        return 1
    print("\nOK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
