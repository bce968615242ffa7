"""A web process loads no heavy library that only the assistant or the report renderer needs:
scikit-learn, SciPy and NumPy, Matplotlib, python-docx and openpyxl cost each worker memory
and start-up time, and every full garbage collection walks their objects (measured: a full
collection of a worker took 138 ms with them after a search, 33 ms without)."""

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
HEAVY = ("sklearn", "scipy", "numpy", "matplotlib", "docx", "openpyxl", "joblib")

SCRIPT = """
import sys
import django
django.setup()
from django.test import Client
from django.test.utils import override_settings
from django.urls import get_resolver

get_resolver().url_patterns  # imports every view module the URL configuration names
from nrtd.celery import app
app.loader.import_default_modules()  # the tasks a web process may send
with override_settings(ALLOWED_HOSTS=["*"]):
    assert Client().get("/recommendations/", {"search": "women"}).status_code == 200
print(" ".join(sorted({name.split(".")[0] for name in sys.modules})))
"""


def test_web_process_does_not_load_the_heavy_libraries(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "nrtd.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], cwd=REPO, env=env, check=True
    )
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT], cwd=REPO, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    loaded = set(done.stdout.split())
    assert "django" in loaded
    assert "recommendations" in loaded
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))
