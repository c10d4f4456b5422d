"""Throw-away servers for a load run: a PostgreSQL cluster and gunicorn, each stopped after."""

import contextlib
import glob
import os
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
    """A new cluster in a temporary folder, as .ci/run starts one; yields its DATABASE_URL."""
    bin_dir = sorted(glob.glob("/usr/lib/postgresql/*/bin"), key=_version)[-1]
    folder = tempfile.mkdtemp(prefix="checklist-load-pg.")
    port = free_port()
    as_pg = []
    # initdb refuses to run as root: run the server as the postgres user, as CI does.
    if os.getuid() == 0:
        os.chown(folder, _uid_of("postgres"), -1)
        as_pg = ["runuser", "-u", "postgres", "--"]
    data = f"{folder}/data"
    quiet = {"check": True, "stdout": subprocess.DEVNULL}
    subprocess.run(
        [*as_pg, f"{bin_dir}/initdb", "-D", data, "-U", "checklist", "--auth=trust", "-E", "UTF8"],
        **quiet,
    )
    options = f"-h 127.0.0.1 -p {port} -k {folder}"
    subprocess.run(
        [
            *as_pg,
            f"{bin_dir}/pg_ctl",
            "-D",
            data,
            "-l",
            f"{folder}/server.log",
            "-w",
            "-o",
            options,
            "start",
        ],
        **quiet,
    )
    try:
        subprocess.run(
            [
                *as_pg,
                f"{bin_dir}/createdb",
                "-h",
                "127.0.0.1",
                "-p",
                str(port),
                "-U",
                "checklist",
                "checklist",
            ],
            **quiet,
        )
        yield f"postgres://checklist@127.0.0.1:{port}/checklist"
    finally:
        subprocess.run(
            [*as_pg, f"{bin_dir}/pg_ctl", "-D", data, "-m", "fast", "stop"],
            stdout=subprocess.DEVNULL,
            check=False,
        )
        subprocess.run(["rm", "-rf", folder], check=False)


def _version(path: str) -> tuple[int, ...]:
    return tuple(int(part) for part in Path(path).parent.name.split(".") if part.isdigit())


def _uid_of(user: str) -> int:
    import pwd

    return pwd.getpwnam(user).pw_uid


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
