"""NRTD_LANGUAGES: a national language is added by configuration, not by a code change
(issue 20). Read in a fresh interpreter: settings are read once per process."""

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, django
django.setup()
from django.conf import settings
from django.test import Client
from django.utils import translation
settings.ALLOWED_HOSTS = ["testserver"]
with translation.override("en"):
    languages = [[code, str(name)] for code, name in settings.LANGUAGES]
print(json.dumps({"languages": languages, "bidi": settings.LANGUAGES_BIDI}))
"""


def read_settings(languages: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "NRTD_LANGUAGES": languages, "DJANGO_SETTINGS_MODULE": "nrtd.settings"}
    env.pop("DATABASE_URL", None)
    return subprocess.run(  # noqa: S603
        [sys.executable, "-c", SCRIPT], cwd=REPO, env=env, capture_output=True, text=True
    )


def test_a_national_language_is_added_by_configuration():
    found = read_settings("en,fr,sw,fa")
    assert found.returncode == 0, found.stderr
    values = json.loads(found.stdout.strip().splitlines()[-1])
    assert values["languages"] == [
        ["en", "English"],
        ["fr", "French"],
        ["sw", "Swahili"],
        ["fa", "Persian"],
    ]
    assert values["bidi"] == ["fa"]  # written right to left, from Django's own table


def test_english_is_always_offered_and_an_unknown_code_is_refused_clearly():
    values = json.loads(read_settings("ar").stdout.strip().splitlines()[-1])
    assert values["languages"] == [["en", "English"], ["ar", "Arabic"]]
    assert values["bidi"] == ["ar"]
    refused = read_settings("en,xx")
    assert refused.returncode != 0
    assert "NRTD_LANGUAGES: 'xx' is not a language Django knows" in refused.stderr
