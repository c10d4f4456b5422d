"""Project-wide behaviour: settings from the environment, demo data, health check, admin."""

import os
import subprocess
import sys
from io import StringIO

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from checklist.assessments.models import Assessment, Event, ResponseChange
from checklist.env import env_bool, env_int, env_list
from checklist.instruments.models import Instrument
from tests.conftest import LoginClient
from tests.factories import ROOT


def test_env_readers_fail_loudly_on_bad_values(monkeypatch):
    monkeypatch.setenv("SOME_FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG='maybe' is not a yes/no value"):
        env_bool("SOME_FLAG", default=False)
    monkeypatch.setenv("SOME_NUMBER", "ten")
    with pytest.raises(ImproperlyConfigured, match="not a whole number"):
        env_int("SOME_NUMBER", default=1)
    monkeypatch.setenv("SOME_LIST", " a.org, ,b.org ")
    assert env_list("SOME_LIST", default=[]) == ["a.org", "b.org"]


def run_without_secret_key(*args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("DJANGO_SECRET_KEY", "DJANGO_DEBUG")}
    return subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


def test_production_server_refuses_to_start_without_a_secret_key():
    for entry_point in ("checklist.wsgi", "checklist.asgi"):
        result = run_without_secret_key("-c", f"import {entry_point}")
        assert result.returncode != 0
        assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_commands_that_sign_nothing_run_without_a_secret_key():
    result = run_without_secret_key("manage.py", "makemigrations", "--check", "--dry-run")
    assert (result.returncode, result.stdout.strip()) == (0, "No changes detected"), result.stderr


def test_sqlite_runs_in_wal_mode(db, settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        mode = cursor.fetchone()[0]
    # The test database lives in memory, where SQLite reports "memory"; files get WAL.
    assert mode in ("wal", "memory")
    assert settings.DATABASES["default"]["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


@pytest.mark.django_db
def test_seed_demo_loads_instruments_and_accounts_that_can_log_in(settings):
    out = StringIO()
    call_command("seed_demo", stdout=out)
    assert "Demo logins (password for all: protect-refugees-1951)" in out.getvalue()
    assert Instrument.objects.count() == 2
    for username in (
        "admin",
        "knchr.admin",
        "owner",
        "editor",
        "reviewer",
        "viewer",
        "unhcr.admin",
    ):
        assert LoginClient().login(username=username, password=settings.DEMO_PASSWORD), username
        assert f"  {username} " in out.getvalue()
    client = LoginClient()
    client.login(username="editor", password=settings.DEMO_PASSWORD)
    assert client.get("/instruments/import/").status_code == 200
    client.login(username="viewer", password=settings.DEMO_PASSWORD)
    assert client.get("/instruments/import/").status_code == 403


@pytest.mark.django_db
def test_seed_demo_shows_two_organisations_kept_apart(settings):
    call_command("seed_demo", stdout=StringIO())
    state, unhcr = (
        Assessment.objects.get(organisation__name=name)
        for name in ("Kenya National Commission on Human Rights", "UNHCR Kenya")
    )
    pages = {}
    for username in ("knchr.admin", "reviewer", "unhcr.admin", "owner"):
        client = LoginClient()
        client.login(username=username, password=settings.DEMO_PASSWORD)
        pages[username] = client.get("/").content.decode()
    assert state.title in pages["knchr.admin"] and unhcr.title not in pages["knchr.admin"]
    # The UNHCR reviewer invited into the State's assessment sees it, not UNHCR's own.
    assert state.title in pages["reviewer"] and unhcr.title not in pages["reviewer"]
    assert unhcr.title in pages["unhcr.admin"] and state.title not in pages["unhcr.admin"]
    assert unhcr.title not in pages["owner"]


@pytest.mark.django_db
def test_seed_demo_makes_one_assessment_with_a_member_per_role_and_some_findings():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    assessment = Assessment.objects.get(
        organisation__name="Kenya National Commission on Human Rights"
    )
    assert assessment.items.count() == 10
    roles = dict(assessment.memberships.values_list("user__username", "role"))
    assert roles == {
        "owner": "owner",
        "editor": "editor",
        "reviewer": "reviewer",
        "viewer": "viewer",
    }
    added = assessment.events.filter(kind=Event.Kind.MEMBERS).values_list("summary", flat=True)
    assert sorted(added) == [
        "Added editor as editor",
        "Added reviewer as reviewer",
        "Added viewer as viewer",
    ]
    findings = assessment.items.exclude(response__finding="not_assessed")
    assert findings.count() == 4
    assert ResponseChange.objects.count() == 4


@pytest.mark.django_db
def test_seed_demo_twice_keeps_edits_to_seed_instruments():
    call_command("seed_demo", stdout=StringIO())
    paragraph = Instrument.objects.get(symbol="A/RES/52/132").paragraphs.get(number="14")
    paragraph.checkable = True
    paragraph.save(update_fields=["checkable"])
    call_command("seed_demo", stdout=StringIO())
    paragraph.refresh_from_db()
    assert paragraph.checkable is True
    assert Instrument.objects.count() == 2


def test_staff_can_use_django_admin_for_instruments(seeded, staff, login):
    client = login(staff)
    ga = seeded["ga"]
    paragraph = ga.paragraphs.get(number="16")
    assert client.get("/admin/instruments/instrument/").status_code == 200
    assert client.get(f"/admin/instruments/instrument/{ga.pk}/change/").status_code == 200
    assert client.get(f"/admin/instruments/paragraph/{paragraph.pk}/change/").status_code == 200
    assert client.get("/admin/instruments/theme/").status_code == 200


def test_non_staff_cannot_open_django_admin(seeded, reader, login):
    response = login(reader).get("/admin/instruments/instrument/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_deploy_check_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    env.update(
        DJANGO_SECRET_KEY="a-production-secret-key-that-is-long-and-random-0123456789-abcdef",
        DJANGO_ALLOWED_HOSTS="checklist.example.org",
        DJANGO_HSTS_SECONDS="31536000",
        DJANGO_SECURE_SSL_REDIRECT="1",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
