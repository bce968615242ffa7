"""The dependency audit (.ci/audit.py, `make audit`, CI): a known vulnerability fails it
unless .ci/audit-accepted.txt gives the reason, and a database that can't be reached is said
so, not passed. pip-audit runs for real, against a stand-in OSV API on 127.0.0.1."""

import json
import os
import re
import socket
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
AUDIT = REPO / ".ci" / "audit.py"
VULN = {
    "id": "GHSA-nrtd-test-0001",
    "aliases": ["CVE-2099-0001"],
    "summary": "Made-up vulnerability for the audit's tests",
    "affected": [
        {
            "package": {"name": "sqlparse", "ecosystem": "PyPI"},
            "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "99.0"}]}],
        }
    ],
}


class StandInOSV(BaseHTTPRequestHandler):
    vulnerable = "sqlparse"

    def do_POST(self):
        query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        hit = query["package"]["name"] == self.vulnerable
        body = json.dumps({"vulns": [VULN]} if hit else {}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def osv_url():
    server = ThreadingHTTPServer(("127.0.0.1", 0), StandInOSV)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/v1/query"
    server.shutdown()
    server.server_close()


@pytest.fixture
def lock(tmp_path):
    """Two packages of the real lock, with their hashes."""
    text = (REPO / "requirements.lock").read_text()
    blocks = [
        re.search(rf"^{name}==.*?(?=^\S)", text, flags=re.MULTILINE | re.DOTALL)[0]
        for name in ("asgiref", "sqlparse")
    ]
    path = tmp_path / "requirements.lock"
    path.write_text("".join(blocks))
    return path


def _audit(lock, osv_url, accepted=""):
    path = lock.with_name("audit-accepted.txt")
    path.write_text(accepted)
    return subprocess.run(
        [sys.executable, str(AUDIT), "--lock", str(lock), "--accepted", str(path)],
        env={**os.environ, "NRTD_AUDIT_OSV_URL": osv_url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_audit_fails_on_a_known_vulnerability(lock, osv_url):
    result = _audit(lock, osv_url)
    assert result.returncode == 1, result.stderr
    assert "sqlparse 0.6.1: CVE-2099-0001 (GHSA-nrtd-test-0001), fixed in 99.0" in result.stdout
    assert "1 known vulnerabilities" in result.stderr


def test_audit_passes_a_finding_accepted_with_its_reason(lock, osv_url):
    # By an alias: pip-audit names the finding by its CVE.
    accepted = "# comment\nGHSA-nrtd-test-0001 only formats SQL in the debug output\n"
    result = _audit(lock, osv_url, accepted)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "accepted: sqlparse 0.6.1 CVE-2099-0001: only formats SQL" in result.stdout
    assert "no known vulnerability in 2 packages" in result.stdout


def test_audit_refuses_an_accepted_id_without_its_reason(lock, osv_url):
    result = _audit(lock, osv_url, "GHSA-nrtd-test-0001\n")
    assert result.returncode == 1
    assert "GHSA-nrtd-test-0001 needs the reason it is accepted" in result.stderr


def test_audit_notes_an_accepted_id_that_is_no_longer_found(lock, osv_url, monkeypatch):
    monkeypatch.setattr(StandInOSV, "vulnerable", "nothing")
    result = _audit(lock, osv_url, "CVE-2099-0002 fixed upstream since\n")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "CVE-2099-0002 is accepted in audit-accepted.txt but no longer found" in result.stdout


def test_audit_says_when_the_database_cannot_be_reached(lock):
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    result = _audit(lock, f"http://127.0.0.1:{closed}/v1/query")
    assert result.returncode == 3
    assert "could not be reached" in result.stderr
