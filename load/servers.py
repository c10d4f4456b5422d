"""Throw-away servers for a load run: a PostgreSQL cluster and gunicorn, each stopped after."""

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WORKERS = 4


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def postgres() -> Iterator[str]:
    """A new cluster in a temporary folder, as .ci/run starts one; yields its DATABASE_URL.

    Unlike CI's, it keeps fsync and synchronous commits on: the figures are for real use.
    """
    bin_dir = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version)[-1]
    folder = tempfile.mkdtemp(prefix="checklist-load-pg.")
    port = str(free_port())
    as_pg = []
    # initdb refuses to run as root: run the server as the postgres user, as CI does.
    if os.getuid() == 0:
        os.chown(folder, pwd.getpwnam("postgres").pw_uid, -1)
        as_pg = ["runuser", "-u", "postgres", "--"]

    def pg(tool: str, *arguments: str, check: bool = True) -> None:
        command = [*as_pg, f"{bin_dir}/{tool}", *arguments]
        subprocess.run(command, check=check, stdout=subprocess.DEVNULL)

    data = f"{folder}/data"
    pg("initdb", "-D", data, "-U", "checklist", "--auth=trust", "-E", "UTF8")
    server = f"-h 127.0.0.1 -p {port} -k {folder}"
    pg("pg_ctl", "-D", data, "-l", f"{folder}/server.log", "-w", "-o", server, "start")
    try:
        pg("createdb", "-h", "127.0.0.1", "-p", port, "-U", "checklist", "checklist")
        yield f"postgres://checklist@127.0.0.1:{port}/checklist"
    finally:
        pg("pg_ctl", "-D", data, "-m", "fast", "stop", check=False)
        shutil.rmtree(folder, ignore_errors=True)


def _version(path: str) -> tuple[int, ...]:
    return tuple(int(part) for part in Path(path).parent.name.split(".") if part.isdigit())


@contextlib.contextmanager
def gunicorn(env: dict[str, str], log: Path) -> Iterator[str]:
    """The app under gunicorn with WORKERS processes; yields its base URL once it answers."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "checklist.wsgi:application",
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--timeout",
        "60",
    ]
    with log.open("w") as output:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=output, stderr=output)
        try:
            url = f"http://127.0.0.1:{port}"
            _wait_for(f"{url}/healthz/", server)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)


def _wait_for(url: str, server: subprocess.Popen) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped while starting; see its log.")
        try:
            with urllib.request.urlopen(url, timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer within 30 s.")
