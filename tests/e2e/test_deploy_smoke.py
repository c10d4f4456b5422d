"""The production stack as shipped: Debian's nginx with deploy/nginx/checklist.conf and a
certificate made here, gunicorn started by deploy/entrypoint.sh with production settings
(DEBUG off, secure cookies, HSTS, DJANGO_PROXY_COUNT=1) on a temporary SQLite file, and
Chromium through https://127.0.0.1:<port>.

Only ports, paths and the upstream address of the site file are changed, plus one test-only
line: nginx connects to gunicorn from 127.0.0.2, so that the address the app sees from the
connection differs from the browser's and the login throttle's choice can be told apart.
"""

import os
import re
import secrets
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
from playwright.sync_api import expect

from tests.factories import ROOT

NGINX = "/usr/sbin/nginx"
OPENSSL = shutil.which("openssl")
SITE = ROOT / "deploy" / "nginx" / "checklist.conf"
DEMO_PASSWORD = "protect-refugees-1951"
FAILURE_LIMIT = 3

pytestmark = [
    pytest.mark.skipif(not os.path.exists(NGINX), reason="no nginx (apt-get install nginx)"),
    pytest.mark.skipif(OPENSSL is None, reason="no openssl (apt-get install openssl)"),
    # The certificate is self-signed: made by this test, trusted by nobody.
    pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning"),
]


@dataclass(frozen=True)
class Stack:
    url: str
    http_url: str
    database: Path
    work: Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def production_env(work: Path, app_port: int) -> dict[str, str]:
    inherited = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(("DJANGO_", "DATABASE_URL", "SQLITE_", "LOG_", "LOGIN_"))
    }
    return {
        **inherited,
        "PYTHON": sys.executable,
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_BEHIND_TLS_PROXY": "1",
        "DJANGO_PROXY_COUNT": "1",
        "DJANGO_SECURE_SSL_REDIRECT": "1",
        "DJANGO_HSTS_SECONDS": "31536000",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "SQLITE_PATH": str(work / "db.sqlite3"),
        # Collected once for the whole suite (tests/conftest.py), by the same command.
        "DJANGO_STATIC_ROOT": os.environ["DJANGO_STATIC_ROOT"],
        "CHECKLIST_COLLECTSTATIC": "0",
        "DJANGO_MEDIA_ROOT": str(work / "media"),
        "LOGIN_FAILURE_LIMIT": str(FAILURE_LIMIT),
        "GUNICORN_BIND": f"127.0.0.1:{app_port}",
        "FORWARDED_ALLOW_IPS": "127.0.0.2",
        "WEB_CONCURRENCY": "2",
    }


def site_config(work: Path, *, http_port: int, https_port: int, app_port: int) -> str:
    site = SITE.read_text()
    changes = {
        "    listen [::]:80;\n": "",
        "    listen [::]:443 ssl http2;\n": "",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl http2;",
        "/etc/ssl/checklist/fullchain.pem": str(work / "cert.pem"),
        "/etc/ssl/checklist/privkey.pem": str(work / "key.pem"),
        "/var/log/nginx/checklist.access.log": str(work / "checklist.access.log"),
        "/srv/checklist/static/": os.environ["DJANGO_STATIC_ROOT"].rstrip("/") + "/",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{app_port};",
        "proxy_pass http://checklist_app;": "proxy_pass http://checklist_app;\n"
        "        proxy_bind 127.0.0.2;",
    }
    for old, new in changes.items():
        assert old in site, f"{old!r} is no longer in {SITE.name}: update this test"
        site = site.replace(old, new)
    return site


def nginx_config(work: Path) -> str:
    # As root, nginx's workers would otherwise drop to "nobody" and not read the temp folders.
    user = "user root;" if os.geteuid() == 0 else ""
    temp_paths = "\n".join(
        f"    {kind}_temp_path {work / kind};"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return f"""
daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log;
{user}
events {{ worker_connections 128; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {work}/access.log;
{temp_paths}
    include {work}/site.conf;
}}
"""


def run(command: list[str], env: dict[str, str]) -> None:
    subprocess.run(command, cwd=ROOT, env=env, check=True, capture_output=True)


def wait_until_healthy(url: str, processes: list[subprocess.Popen], logs: Path) -> None:
    for _ in range(300):
        if any(process.poll() is not None for process in processes):
            break
        try:
            if requests.get(f"{url}/healthz", verify=False, timeout=5).status_code == 200:
                return
        except requests.RequestException:  # not listening yet, or workers still booting
            pass
        time.sleep(0.1)
    pytest.fail(f"the stack did not come up:\n{logs.read_text(errors='replace')[-3000:]}")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    work = tmp_path_factory.mktemp("deploy")
    run(
        [
            *(OPENSSL, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"),
            *("-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(work / "key.pem"), "-out", str(work / "cert.pem")),
        ],
        env=dict(os.environ),
    )
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    env = production_env(work, app_port)
    run([sys.executable, "manage.py", "migrate", "--noinput"], env)
    run([sys.executable, "manage.py", "seed_demo"], env)
    (work / "site.conf").write_text(
        site_config(work, http_port=http_port, https_port=https_port, app_port=app_port)
    )
    (work / "nginx.conf").write_text(nginx_config(work))
    logs = work / "app.log"
    with logs.open("wb") as log:
        app = subprocess.Popen(
            [str(ROOT / "deploy" / "entrypoint.sh")], env=env, stdout=log, stderr=log
        )
        proxy = subprocess.Popen(
            [NGINX, "-p", str(work), "-c", str(work / "nginx.conf"), "-e", str(work / "error.log")],
            stdout=log,
            stderr=log,
        )
    try:
        url = f"https://127.0.0.1:{https_port}"
        wait_until_healthy(url, [app, proxy], logs)
        yield Stack(
            url=url,
            http_url=f"http://127.0.0.1:{http_port}",
            database=work / "db.sqlite3",
            work=work,
        )
    finally:
        for process in (proxy, app):
            process.terminate()
            process.wait(timeout=20)


def query(stack: Stack, sql: str, *args) -> list[tuple]:
    with sqlite3.connect(stack.database) as database:
        return database.execute(sql, args).fetchall()


def test_sign_in_save_a_finding_and_download_the_pdf_in_chromium(browser, stack):
    [(assessment,)] = query(stack, "SELECT id FROM assessments_assessment")
    [(item, response_pk)] = query(
        stack,
        "SELECT i.id, r.id FROM assessments_item i JOIN assessments_response r ON r.item_id = i.id"
        " WHERE i.assessment_id = ? AND r.finding = 'not_assessed' ORDER BY i.position LIMIT 1",
        assessment,
    )
    context = browser.new_context(ignore_https_errors=True, base_url=stack.url)
    try:
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/")
        page.get_by_label("Username").fill("owner")
        page.get_by_label("Password").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Log in").click()
        page.get_by_role("button", name="Log out").wait_for()

        answer = page.goto(f"/assessments/{assessment}/")
        headers = answer.all_headers()
        assert headers["strict-transport-security"].startswith("max-age=31536000")
        assert "default-src 'self'" in headers["content-security-policy"]
        assert headers["content-encoding"] == "gzip"
        assert re.fullmatch(r"[0-9a-f]{32}", headers["x-request-id"])
        row = page.locator(f"#item-{item}")
        row.get_by_label("Finding").select_option(label="Not compliant")
        expect(row.get_by_role("status")).to_have_text("✓ Saved")
        assert query(
            stack, "SELECT finding FROM assessments_response WHERE id = ?", response_pk
        ) == [("not_compliant",)]

        report = page.request.get(f"/assessments/{assessment}/report/pdf/")
        assert report.status == 200
        assert report.headers["content-type"] == "application/pdf"
        assert report.body().startswith(b"%PDF-")

        cookies = {cookie["name"]: cookie for cookie in context.cookies()}
        assert cookies["sessionid"]["secure"] and cookies["sessionid"]["httpOnly"]
        assert cookies["csrftoken"]["secure"]
    finally:
        context.close()


def test_plain_http_is_sent_to_https(stack):
    answer = requests.get(f"{stack.http_url}/accounts/login/", allow_redirects=False, timeout=5)
    assert answer.status_code == 301
    assert answer.headers["Location"].startswith("https://")


def failed_login(session: requests.Session, stack: Stack, *, forged: str, password: str):
    form = session.get(f"{stack.url}/accounts/login/", verify=False, timeout=5)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text)[1]
    return session.post(
        f"{stack.url}/accounts/login/",
        data={"csrfmiddlewaretoken": token, "username": "viewer", "password": password},
        headers={"X-Forwarded-For": forged, "Referer": f"{stack.url}/accounts/login/"},
        verify=False,
        timeout=10,
    )


def test_the_login_throttle_sees_the_client_address_from_nginx_only(stack):
    session = requests.Session()
    answers = [
        failed_login(session, stack, forged=f"198.51.100.{attempt}", password="wrong")
        for attempt in range(FAILURE_LIMIT)
    ]
    assert [answer.status_code for answer in answers[:-1]] == [200] * (FAILURE_LIMIT - 1)
    assert answers[-1].status_code == 429
    # The right password from yet another forged address: still locked out.
    assert (
        failed_login(session, stack, forged="203.0.113.7", password=DEMO_PASSWORD).status_code
        == 429
    )
    assert query(stack, "SELECT ip_address FROM axes_accessattempt WHERE username = 'viewer'") == [
        ("127.0.0.1",)
    ]


def test_html_arrives_compressed_and_static_files_come_from_nginx(stack):
    page = requests.get(f"{stack.url}/accounts/login/", verify=False, timeout=5)
    assert page.headers["Content-Encoding"] == "gzip"
    stylesheet = re.search(r'href="(/static/css/app\.[0-9a-f]+\.css)"', page.text)[1]
    static = requests.get(f"{stack.url}{stylesheet}", verify=False, timeout=5)
    assert static.status_code == 200
    assert static.headers["Server"].startswith("nginx")
    assert "max-age=31536000" in static.headers["Cache-Control"]
    assert static.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_nginx_and_the_app_log_the_request_under_the_same_id(stack):
    answer = requests.get(f"{stack.url}/accounts/login/", verify=False, timeout=5)
    request_id = answer.headers["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)  # made by nginx ($request_id)
    proxy_lines = (stack.work / "checklist.access.log").read_text().splitlines()
    assert [line for line in proxy_lines if line.endswith(f" {request_id}")]
    app_lines = (stack.work / "app.log").read_text().splitlines()
    assert [line for line in app_lines if f"[{request_id}] GET /accounts/login/ 200" in line]
