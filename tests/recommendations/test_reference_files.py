import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_reference_files_are_consistent_and_cover_every_name_in_the_sample_files():
    script = REPO / "recommendations" / "reference" / "check_reference.py"
    result = subprocess.run(  # noqa: S603
        [sys.executable, str(script)], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "193 members + 2 observers" in result.stdout
