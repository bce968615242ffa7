"""requirements.lock is what every install reads (make, CI, the Docker image); CI's check,
`.ci/lock --check`, fails when pyproject.toml asks for something the lock does not have."""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
LOCK = REPO / "requirements.lock"
UV = Path(sys.executable).with_name("uv")


def _pins() -> list[str]:
    return re.findall(r"^([A-Za-z0-9._-]+==\S+)", LOCK.read_text(), flags=re.MULTILINE)


def test_every_locked_package_is_pinned_with_its_hashes():
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK.read_text().split("\n", 2)[2])
    assert len(blocks) == len(_pins()) > 50
    for block in blocks:
        assert "--hash=sha256:" in block, block.splitlines()[0]


def test_the_lock_pins_the_uv_that_pyproject_pins():
    pinned = re.search(r'"uv==([^"]+)"', (REPO / "pyproject.toml").read_text())[1]
    assert f"uv=={pinned}" in _pins()


def _check(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", str(project / ".ci" / "lock"), "--check"],
        env={**os.environ, "UV": str(UV)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.mark.skipif(not UV.exists(), reason="uv is not installed in this virtualenv")
def test_lock_check_fails_when_pyproject_gains_a_dependency(tmp_path):
    (tmp_path / ".ci").mkdir()
    shutil.copy(REPO / ".ci" / "lock", tmp_path / ".ci" / "lock")
    shutil.copy(REPO / "pyproject.toml", tmp_path)
    shutil.copy(LOCK, tmp_path)

    fresh = _check(tmp_path)
    if fresh.returncode == 2:
        pytest.skip(f"the lock can't be checked here: {fresh.stderr.strip()[-300:]}")
    assert fresh.returncode == 0, fresh.stdout + fresh.stderr

    pyproject = tmp_path / "pyproject.toml"
    text = pyproject.read_text()
    last = '    "filetype>=1.2",\n'
    assert last in text
    pyproject.write_text(text.replace(last, f'{last}    "isodate",\n'))
    stale = _check(tmp_path)
    assert stale.returncode == 1, stale.stdout + stale.stderr
    assert "out of date with pyproject.toml: run make lock" in stale.stderr
    assert re.search(r"^\+isodate==", stale.stdout, flags=re.MULTILINE), stale.stdout
    # The check leaves the lock as it was.
    assert (tmp_path / "requirements.lock").read_text() == LOCK.read_text()
