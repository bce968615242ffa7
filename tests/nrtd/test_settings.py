import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DEBUG": "off",
    "SECRET_KEY": "a-long-random-production-like-secret-key-" + "x" * 30,
    "ALLOWED_HOSTS": "nrtd.example.org",
    "CSRF_TRUSTED_ORIGINS": "https://nrtd.example.org",
}


def run_manage(*args, env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_overrides)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_start_up_fails_clearly_without_secret_key_when_debug_is_off():
    result = run_manage("check", env_overrides={"DEBUG": "off"})
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_check_deploy_passes_with_production_like_variables():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", env_overrides=PRODUCTION_ENV
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_seed_demo_refuses_to_run_with_debug_off():
    result = run_manage(
        "seed_demo", env_overrides={**PRODUCTION_ENV, "DATABASE_URL": "sqlite://:memory:"}
    )
    assert result.returncode != 0
    assert "DEBUG is off" in result.stderr
