"""docker-compose.yml's database settings are the ones the benchmarks measure with."""

from pathlib import Path

from tests.benchmarks.pgserver import PRODUCTION_SETTINGS

COMPOSE = Path(__file__).resolve().parents[2] / "docker-compose.yml"


def test_compose_database_runs_with_the_benchmarked_settings():
    text = COMPOSE.read_text()
    db = text[text.index("\n  db:") : text.index("\n  redis:")]
    for name, value in PRODUCTION_SETTINGS.items():
        assert f"-c {name}={value}" in db, name
