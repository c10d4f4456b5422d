"""One log line per request with its id; the id echoed in X-Request-ID; errors logged with
the id, which the 500 page shows; JSON lines when LOG_FORMAT=json."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.contrib.auth.decorators import login_not_required
from django.test import Client
from django.urls import path

from checklist import urls as project_urls
from checklist.ops.logs import JsonFormatter
from tests.factories import ROOT


@login_not_required
def boom(request):
    raise RuntimeError("the disk caught fire")


# A URLconf with a failing view, and the project's own 500 handler.
urlpatterns = [path("boom/", boom), *project_urls.urlpatterns]
handler500 = project_urls.handler500


@pytest.fixture
def log_output():
    """What the project's console handler writes, as configured in settings.LOGGING."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    output = io.StringIO()
    previous = handler.setStream(output)
    yield output
    handler.setStream(previous)


def test_each_request_logs_one_line_with_an_id_echoed_in_the_header(db, log_output):
    response = Client().get("/accounts/login/")
    request_id = response["X-Request-ID"]
    assert len(request_id) == 32
    lines = [line for line in log_output.getvalue().splitlines() if "checklist.requests" in line]
    assert len(lines) == 1
    assert f"[{request_id}] GET /accounts/login/ 200 " in lines[0]


def test_a_sane_incoming_request_id_is_kept_and_a_forged_one_replaced(db, log_output):
    kept = Client().get("/accounts/login/", headers={"X-Request-ID": "nginx-42.abc"})
    assert kept["X-Request-ID"] == "nginx-42.abc"
    forged = Client().get("/accounts/login/", headers={"X-Request-ID": "x\n[fake] line"})
    assert forged["X-Request-ID"] != "x\n[fake] line"
    assert "[fake]" not in log_output.getvalue()


def test_an_error_is_logged_with_the_id_the_500_page_shows(db, settings, log_output):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/boom/")
    request_id = response["X-Request-ID"]
    assert response.status_code == 500
    assert f"<code>{request_id}</code>" in response.content.decode()
    logged = log_output.getvalue()
    assert f"ERROR django.request [{request_id}] Internal Server Error: /boom/" in logged
    assert "RuntimeError: the disk caught fire" in logged
    assert "the disk caught fire" not in response.content.decode()


def test_json_lines_carry_the_request_fields(db, log_output):
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    text_formatter = handler.formatter
    handler.setFormatter(JsonFormatter())
    try:
        response = Client().get("/accounts/login/?next=/")
    finally:
        handler.setFormatter(text_formatter)
    entries = [json.loads(line) for line in log_output.getvalue().splitlines()]
    [entry] = [entry for entry in entries if entry["logger"] == "checklist.requests"]
    assert entry["request_id"] == response["X-Request-ID"]
    assert (entry["method"], entry["path"], entry["status"]) == ("GET", "/accounts/login/", 200)
    assert entry["level"] == "INFO"
    assert entry["user_id"] is None


def test_log_format_json_selects_the_json_formatter():
    env = {**os.environ, "LOG_FORMAT": "json"}
    printed = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); import logging; "
            "print(type(logging.getLogger().handlers[0].formatter).__name__)",
        ],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "checklist.settings"},
        capture_output=True,
        text=True,
        check=True,
    )
    assert printed.stdout.strip() == "JsonFormatter"
