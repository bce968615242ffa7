"""Rebuild slovenia_upr.json, the demo fixture, from the OHCHR thematic matrices.

    .venv/bin/python recommendations/demo/data/build.py [SHARED_DATA_DIR]

The matrices are UN documents (Slovenia, UPR cycle 2 session 20 and cycle 3 session 34);
the fixture keeps the parsed records only, so the project ships no .docx.
"""

import dataclasses
import datetime
import json
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from recommendations.imports.parsers import ohchr_matrix  # noqa: E402
from recommendations.imports.parsers.base import ImportProblem, ImportWarning  # noqa: E402

FILES = ["slovenia-upr-cycle2-session20.docx", "slovenia-upr-cycle3-session34.docx"]


def main() -> None:
    data = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE.parents[2] / "shared" / "data"
    records = []
    for name in FILES:
        for item in ohchr_matrix.parse(data / "ohchr-matrices" / name):
            if isinstance(item, ImportProblem):
                raise SystemExit(str(item))
            if isinstance(item, ImportWarning):
                print(f"warning: {item}", file=sys.stderr)
                continue
            row = dataclasses.asdict(item)
            row = {k: v for k, v in row.items() if v not in (None, "", [], {})}
            if isinstance(row.get("date"), datetime.date):
                row["date"] = row["date"].isoformat()
            records.append(row)
    out = HERE / "slovenia_upr.json"
    with out.open("w", encoding="utf-8") as stream:
        stream.write("[\n")
        stream.write(",\n".join(json.dumps(r, ensure_ascii=False, sort_keys=True) for r in records))
        stream.write("\n]\n")
    print(f"{out}: {len(records)} recommendations")


if __name__ == "__main__":
    main()
