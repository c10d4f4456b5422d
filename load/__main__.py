"""Run the load test on PostgreSQL, then on SQLite, and print the figures for each.

For each database:
1. Start it (a throw-away PostgreSQL cluster, or a temporary SQLite file).
2. In a child process with the run's environment: migrate, collect static files, create the
   editors and the assessment.
3. Start gunicorn with 4 workers and let 20 editors log in and save for LOAD_SECONDS.
4. Stop gunicorn, then check every acknowledged save and every conflict against the history.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

from load import database, editors, servers

SERVER_FAILURES = ("database is locked", "Traceback", "[CRITICAL]", "WORKER TIMEOUT")


def environment(database_env: dict[str, str], folder: Path) -> dict[str, str]:
    """Production settings (DEBUG off) over plain HTTP on 127.0.0.1."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.pop("DATABASE_URL", None)
    env.pop("SQLITE_PATH", None)
    env.update(database_env)
    env.update(
        DJANGO_SETTINGS_MODULE="checklist.settings",
        DJANGO_SECRET_KEY="load-test-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        # Cookies marked Secure would never be sent back over the plain HTTP used here.
        DJANGO_SECURE_COOKIES="0",
        DJANGO_STATIC_ROOT=str(folder / "static"),
        DJANGO_MEDIA_ROOT=str(folder / "uploads"),
    )
    return env


def child(command: str, env: dict[str, str], given: dict | None = None) -> dict:
    result = subprocess.run(
        [sys.executable, "-m", "load", command],
        cwd=servers.ROOT,
        env=env,
        input=json.dumps(given) if given is not None else None,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"`python -m load {command}` failed:\n{result.stderr}")
    return json.loads(result.stdout)


def run(name: str, database_env: dict[str, str], folder: Path, seconds: float) -> dict:
    env = environment(database_env, folder)
    setup = child("prepare", env)
    log = folder / "gunicorn.log"
    with servers.gunicorn(env, log) as base:
        tallies, elapsed = editors.drive(base, setup, seconds)
    acknowledged = [save for tally in tallies for save in tally.acknowledged]
    conflicts = [conflict for tally in tallies for conflict in tally.conflicts]
    errors = [error for tally in tallies for error in tally.errors]
    latencies = {
        kind: sorted(latency for tally in tallies for latency in tally.latencies[kind])
        for kind in ("login", "read", "save")
    }
    # The logins came before the timed part (see editors.drive).
    requests = len(latencies["read"]) + len(latencies["save"])
    server_log = log.read_text(errors="replace")
    errors += [f"server log: {line}" for line in server_log.splitlines() if _failure(line)]
    checked = child("verify", env, {"acknowledged": acknowledged, "conflicts": conflicts})
    return {
        "database": name,
        "seconds": round(elapsed, 1),
        "requests": requests,
        "requests_per_second": round(requests / elapsed, 1),
        "latency_ms": {kind: _spread(found) for kind, found in latencies.items()},
        "saves": len(acknowledged),
        "conflicts": len(conflicts),
        "errors": len(errors),
        "error_examples": errors[:5],
        **checked,
    }


def _failure(line: str) -> bool:
    return any(marker in line for marker in SERVER_FAILURES)


def _spread(ordered: list[float]) -> dict:
    """Median and 95th percentile in milliseconds."""
    if not ordered:
        return {"p50": None, "p95": None}
    p95 = ordered[min(len(ordered) - 1, int(0.95 * len(ordered)))]
    return {"p50": round(1000 * statistics.median(ordered), 1), "p95": round(1000 * p95, 1)}


def report(figures: dict) -> None:
    print(
        f"\n{figures['database']}: {figures['requests']} reads and saves "
        f"in {figures['seconds']} s, "
        f"{figures['requests_per_second']} requests/s\n"
        f"  saves acknowledged {figures['saves']}, conflicts {figures['conflicts']} "
        f"(false {figures['false_conflicts']}), errors {figures['errors']}, "
        f"lost updates {figures['lost_updates']}, broken histories "
        f"{figures['broken_histories']} ({figures['history_rows']} history rows)"
    )
    for kind, spread in figures["latency_ms"].items():
        print(f"  {kind}: p50 {spread['p50']} ms, p95 {spread['p95']} ms")
    for example in figures["error_examples"] + figures["examples"]:
        print(f"  ! {example}")


def passed(figures: dict) -> bool:
    return (
        not any(
            figures[key]
            for key in ("errors", "lost_updates", "false_conflicts", "broken_histories")
        )
        and figures["saves"] > 0
    )


def main() -> int:
    if len(sys.argv) > 1:
        database.main(sys.argv[1])
        return 0
    seconds = float(os.environ.get("LOAD_SECONDS", "60"))
    print(
        f"{database.EDITORS} editors, {servers.WORKERS} gunicorn workers, {seconds:g} s "
        "per database"
    )
    results = []
    with servers.postgres() as url, tempfile.TemporaryDirectory() as folder:
        results.append(run("PostgreSQL", {"DATABASE_URL": url}, Path(folder), seconds))
        report(results[-1])
    with tempfile.TemporaryDirectory() as folder:
        sqlite = {"SQLITE_PATH": str(Path(folder) / "load.sqlite3")}
        results.append(run("SQLite", sqlite, Path(folder), seconds))
        report(results[-1])
    return 0 if all(passed(figures) for figures in results) else 1


sys.exit(main())
