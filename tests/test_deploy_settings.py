"""The documented production settings pass Django's deployment checks, and the shipped
files agree with the app's limits and with each other."""

import os
import re
import secrets
import subprocess
import sys

from django.conf import settings

from tests.factories import ROOT

DEPLOY = ROOT / "deploy"


def documented_production_env() -> dict[str, str]:
    """deploy/checklist.env.example, with a secret key filled in as its comment says."""
    values = {}
    for line in (DEPLOY / "checklist.env.example").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name] = value
    values["DJANGO_SECRET_KEY"] = secrets.token_urlsafe(50)
    return values


def test_check_deploy_is_clean_with_the_documented_production_values(tmp_path):
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "SQLITE_"))
    }
    env = {**inherited, **documented_production_env()}
    # The check needs no database server; the documented one need not exist here.
    env["DATABASE_URL"] = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    finished = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert finished.returncode == 0, finished.stdout + finished.stderr
    assert "no issues" in finished.stdout


def test_every_documented_variable_is_in_the_configuration_table():
    table = (ROOT / "docs" / "deploy.md").read_text()
    for name in documented_production_env():
        assert f"`{name}`" in table, name


def test_nginx_accepts_a_little_more_than_the_largest_upload():
    site = (DEPLOY / "nginx" / "checklist.conf").read_text()
    megabytes = int(re.search(r"client_max_body_size (\d+)m;", site)[1])
    largest = max(settings.SOURCE_UPLOAD_MAX_BYTES, settings.INSTRUMENT_UPLOAD_MAX_BYTES)
    assert largest < megabytes * 1024 * 1024 <= largest + 4 * 1024 * 1024


def test_every_way_to_start_the_app_uses_the_one_entrypoint():
    assert 'ENTRYPOINT ["deploy/entrypoint.sh"]' in (DEPLOY / "Dockerfile").read_text()
    assert (
        "ExecStart=/srv/checklist/app/deploy/entrypoint.sh"
        in (DEPLOY / "systemd" / "checklist.service").read_text()
    )
    assert "exec deploy/entrypoint.sh" in (DEPLOY / "serve.sh").read_text()
    entrypoint = (DEPLOY / "entrypoint.sh").read_text()
    for step in ("manage.py migrate", "manage.py collectstatic", "-m gunicorn"):
        assert step in entrypoint
