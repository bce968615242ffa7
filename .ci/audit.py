"""Check the packages of requirements.lock against known vulnerabilities (make audit).

    .venv/bin/python .ci/audit.py [--lock FILE] [--accepted FILE]

pip-audit asks the OSV database about every package the lock installs on this Python and
platform (Python 3.11 on Linux in CI and in the Docker image). A finding fails the audit
unless .ci/audit-accepted.txt lists its id (or one of its aliases) with the reason.

Exit status: 0 no finding left, 1 findings (or a malformed accepted file), 3 the database
could not be reached, so nothing was audited. NRTD_AUDIT_OSV_URL points at another OSV API.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
UNREACHABLE = 3
# pip-audit lets these escape as a traceback when the database can't be reached.
NETWORK_ERRORS = (
    "ConnectionError",
    "ConnectTimeout",
    "ReadTimeout",
    "Max retries exceeded",
    "Failed to resolve",
    "Could not connect",
    "ServiceError",
)


def read_accepted(path: Path) -> dict[str, str]:
    """Accepted findings: one per line, the id then the reason; # starts a comment."""
    accepted = {}
    if not path.exists():
        return accepted
    for number, line in enumerate(path.read_text().splitlines(), start=1):
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        vuln_id, _, reason = line.partition(" ")
        if not reason.strip():
            raise ValueError(f"{path.name}:{number}: {vuln_id} needs the reason it is accepted")
        accepted[vuln_id] = reason.strip()
    return accepted


def run_pip_audit(lock: Path) -> tuple[dict | None, str]:
    """The pip-audit JSON report, or None with pip-audit's error output."""
    osv_url = os.environ.get("NRTD_AUDIT_OSV_URL")
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "report.json"
        command = [
            *(sys.executable, "-m", "pip_audit"),
            *("--requirement", str(lock), "--require-hashes", "--disable-pip"),
            *("--vulnerability-service", "osv", "--format", "json", "--output", str(report)),
            *("--progress-spinner", "off", "--timeout", "30"),
            *(("--osv-url", osv_url) if osv_url else ()),
        ]
        result = subprocess.run(command, capture_output=True, text=True, check=False)  # noqa: S603
        if result.returncode in (0, 1) and report.exists() and report.stat().st_size:
            return json.loads(report.read_text()), result.stderr
        return None, result.stderr or result.stdout


def findings(report: dict) -> list[tuple[str, str, dict]]:
    return [
        (dependency["name"], dependency["version"], vuln)
        for dependency in report["dependencies"]
        for vuln in dependency.get("vulns", [])
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lock", type=Path, default=REPO / "requirements.lock")
    parser.add_argument("--accepted", type=Path, default=REPO / ".ci" / "audit-accepted.txt")
    args = parser.parse_args(argv)
    try:
        accepted = read_accepted(args.accepted)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 1

    report, errors = run_pip_audit(args.lock)
    if report is None:
        if any(marker in errors for marker in NETWORK_ERRORS):
            print(
                "audit not done: the vulnerability database (OSV) could not be reached "
                f"from this machine.\n{errors.strip().splitlines()[-1]}",
                file=sys.stderr,
            )
            return UNREACHABLE
        print(f"pip-audit failed:\n{errors}", file=sys.stderr)
        return 1

    skipped = [d for d in report["dependencies"] if d.get("skip_reason")]
    for dependency in skipped:
        print(f"not audited: {dependency['name']}: {dependency['skip_reason']}", file=sys.stderr)
    if skipped and len(skipped) == len(report["dependencies"]):
        print("audit not done: no package could be audited", file=sys.stderr)
        return UNREACHABLE

    open_findings, seen = [], set()
    for name, version, vuln in findings(report):
        ids = [vuln["id"], *vuln.get("aliases", [])]
        match = next((i for i in ids if i in accepted), None)
        if match:
            seen.add(match)
            print(f"accepted: {name} {version} {vuln['id']}: {accepted[match]}")
        else:
            open_findings.append((name, version, vuln))
    for vuln_id in sorted(accepted.keys() - seen):
        print(f"note: {vuln_id} is accepted in {args.accepted.name} but no longer found")

    audited = len(report["dependencies"]) - len(skipped)
    if not open_findings and skipped:
        print(f"{len(skipped)} packages could not be audited", file=sys.stderr)
        return 1
    if not open_findings:
        print(f"no known vulnerability in {audited} packages of {args.lock.name}")
        return 0
    for name, version, vuln in open_findings:
        fixed = ", ".join(vuln.get("fix_versions", [])) or "no fixed release yet"
        aliases = ", ".join(vuln.get("aliases", []))
        aliases = f" ({aliases})" if aliases else ""
        print(f"{name} {version}: {vuln['id']}{aliases}, fixed in {fixed}")
        if vuln.get("description"):
            print(f"    {vuln['description'][:300]}")
    print(
        f"{len(open_findings)} known vulnerabilities: upgrade (make lock-upgrade, or raise the "
        f"package's lower bound in pyproject.toml and make lock), or list the id with the "
        f"reason in {args.accepted.name}",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())
