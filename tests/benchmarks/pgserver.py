"""A private PostgreSQL server for benchmarks, configured like production.

The PostgreSQL a developer machine already runs keeps the packaged defaults (128 MB of
shared buffers), which is smaller than the data a benchmark of 250,000 recommendations
reads over and over (the recommendations table alone is about 135 MB): every search then
copies pages in from the operating system's cache. The ``db`` service of
``docker-compose.yml`` is started with the settings below, and so is this server, so a
benchmark measures the production shape on this machine without changing the machine's
own PostgreSQL. The data directory is kept (``var/bench-pg`` by default), so seeded data is
reused by the next run.

    with private_server() as url:   # postgres://postgres@127.0.0.1:5433/postgres
        ...
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# Keep in step with the ``db`` service of docker-compose.yml (a test checks that they agree).
PRODUCTION_SETTINGS = {
    "shared_buffers": "1GB",
    "effective_cache_size": "3GB",
    "work_mem": "16MB",
    "random_page_cost": "1.1",
}


def _bindir() -> Path:
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: p.parent.name)
    if not versions:
        raise SystemExit("no PostgreSQL server binaries (pg_ctl) found on this machine")
    return versions[-1]


def _as_owner(cmd: list[str]) -> list[str]:
    # PostgreSQL refuses to run as root; CI and this machine's sessions run as root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


@contextlib.contextmanager
def private_server(pgdata: Path | None = None, *, port: int | None = None) -> Iterator[str]:
    """Start (initialising if needed) a PostgreSQL server with PRODUCTION_SETTINGS on
    127.0.0.1:``port``; yield its URL (database ``postgres``); stop it afterwards.

    The port defaults to ``NRTD_BENCH_PG_PORT`` (else 5433), so engineers sharing a
    machine each keep their own server."""
    port = port or int(os.environ.get("NRTD_BENCH_PG_PORT", "5433"))
    pgdata = Path(pgdata or REPO / "var" / "bench-pg").resolve()
    bindir = _bindir()
    pgdata.parent.mkdir(parents=True, exist_ok=True)
    if not (pgdata / "PG_VERSION").exists():
        pgdata.mkdir(exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(pgdata, "postgres", "postgres")
        subprocess.run(
            _as_owner([str(bindir / "initdb"), "-D", str(pgdata), "-A", "trust", "-U", "postgres"]),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    options = " ".join(
        [f"-p {port}", "-c listen_addresses=127.0.0.1", f"-k {pgdata}"]
        + [f"-c {name}={value}" for name, value in PRODUCTION_SETTINGS.items()]
    )
    log = pgdata / "server.log"
    status = subprocess.run(
        _as_owner([str(bindir / "pg_ctl"), "-D", str(pgdata), "status"]),
        capture_output=True,
    )
    started = status.returncode != 0
    if started:
        subprocess.run(
            _as_owner(
                [str(bindir / "pg_ctl"), "-D", str(pgdata), "-l", str(log), "-o", options, "-w"]
                + ["start"]
            ),
            check=True,
            stdout=subprocess.DEVNULL,
        )
    try:
        yield f"postgres://postgres@127.0.0.1:{port}/postgres"
    finally:
        if started:
            subprocess.run(
                _as_owner([str(bindir / "pg_ctl"), "-D", str(pgdata), "-m", "fast", "stop"]),
                check=False,
                stdout=subprocess.DEVNULL,
            )


def add_server_option(parser) -> None:
    """A benchmark's ``--server`` choice, for ``on_server``."""
    parser.add_argument(
        "--server",
        choices=["production", "local"],
        default="production",
        help="production: a private PostgreSQL started with docker-compose's db settings "
        "(tests/benchmarks/pgserver.py); local: the server of DATABASE_URL as it is",
    )


def on_server(server: str, database: str, run) -> None:
    """Call ``run`` with DATABASE_URL naming ``database`` on the private server (production)
    or, for ``local``, with DATABASE_URL as it is."""
    if server == "production":
        with private_server() as url:
            os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{database}"
            run()
    else:
        run()
