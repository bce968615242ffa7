"""Benchmark: a fresh clone's first `make run`, until /healthz answers.

    .venv/bin/python tests/benchmarks/bench_first_run.py [--installer auto|pip] [--ref REF]

Clones this repository (its committed HEAD, or REF) into a temporary folder, then runs
`make run` twice, each time from a new clone: first with an empty package cache (uv's cache a
new empty folder, pip's cache off), then with the uv cache the first run filled (pip's own
cache as it is). --ref 766f51a measures the install from before requirements.lock (pip). Prints the
seconds each step took (install, migrate, seed_demo, runserver until /healthz answers) and the
total. PYTHONDONTWRITEBYTECODE is removed from the environment, as in a developer's shell, so
the first run's compiled bytecode serves the next steps. The figures depend on the network and
on what else the machine is doing: the load average is printed beside them.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
# Each step ends where make prints the next one's command; runserver ends when /healthz answers.
STEPS = [
    ("install", "manage.py migrate"),
    ("migrate", "manage.py seed_demo"),
    ("seed_demo", "manage.py runserver"),
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:  # noqa: S310
            return response.status == 200
    except OSError:
        return False


def first_run(ref: str, workdir: Path, env: dict[str, str]) -> dict[str, float]:
    clone = Path(tempfile.mkdtemp(dir=workdir))
    subprocess.run(["git", "clone", "-q", str(REPO), str(clone)], check=True)  # noqa: S603, S607
    subprocess.run(["git", "-C", str(clone), "checkout", "-q", ref], check=True)  # noqa: S603, S607
    port = _free_port()
    started = time.monotonic()
    marks: dict[str, float] = {}
    make = subprocess.Popen(  # noqa: S603
        ["make", "run", f"PORT={port}"],  # noqa: S607
        cwd=clone,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )

    def read_steps() -> None:
        for line in make.stdout:
            for name, marker in STEPS:
                if marker in line and name not in marks:
                    marks[name] = time.monotonic() - started

    threading.Thread(target=read_steps, daemon=True).start()
    try:
        while not _healthy(port):
            if make.poll() is not None:
                raise SystemExit(f"make run stopped with status {make.returncode} in {clone}")
            time.sleep(0.1)
        marks["healthz"] = time.monotonic() - started
    finally:
        os.killpg(make.pid, signal.SIGTERM)
        make.wait()
    return marks


def report(label: str, marks: dict[str, float]) -> None:
    names = [name for name, _ in STEPS] + ["runserver"]
    times = [0.0] + [marks[name] for name, _ in STEPS] + [marks["healthz"]]
    steps = ", ".join(
        f"{name} {end - start:.1f} s"
        for name, start, end in zip(names, times[:-1], times[1:], strict=True)
    )
    load = os.getloadavg()[0]
    print(f"{label}: /healthz after {marks['healthz']:.1f} s ({steps}; load {load:.1f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--installer", choices=["auto", "pip"], default="auto")
    parser.add_argument("--ref", default="HEAD")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        env = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        env.update(INSTALLER=args.installer, UV_CACHE_DIR=str(workdir / "uv-cache"))
        label = f"{args.ref}, INSTALLER={args.installer}"
        cold = first_run(args.ref, workdir, {**env, "PIP_NO_CACHE_DIR": "1"})
        report(f"{label}, cold package cache", cold)
        warm = first_run(args.ref, workdir, env)
        report(f"{label}, warm package cache", warm)


if __name__ == "__main__":
    sys.exit(main())
