"""`make bench`: set up a throw-away SQLite database, then run every benchmark module.

Production-like settings (DEBUG off, cached templates, manifest static files), measured with
Django's test client, so the figures are server time without the network.
"""

import os
import sys
import tempfile
from pathlib import Path

BENCHMARKS = [
    "bench.checklist",
    "bench.browser",
    "bench.reports",
    "bench.large_reports",
    "bench.word",
    "bench.imports",
]


def configure(workdir: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="checklist.settings",
        DJANGO_SECRET_KEY="bench-only-secret-key",
        DJANGO_DEBUG="0",
        DJANGO_ALLOWED_HOSTS="testserver",
        DJANGO_SECURE_COOKIES="0",
        SQLITE_PATH=str(workdir / "bench.sqlite3"),
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        DJANGO_MEDIA_ROOT=str(workdir / "uploads"),
    )
    os.environ.pop("DATABASE_URL", None)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="checklist-bench-") as workdir:
        configure(Path(workdir))
        import django
        from django.core.management import call_command

        django.setup()
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        import importlib

        names = sys.argv[1:] or BENCHMARKS
        for name in names:
            importlib.import_module(name).run()


if __name__ == "__main__":
    main()
