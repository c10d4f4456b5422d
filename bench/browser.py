"""Issue 16's figures: the 1,000-item checklist in real Chromium against the production
stack (gunicorn, DEBUG off, collected static files served by WhiteNoise), bytes transferred,
DOMContentLoaded and the load event; the full page uncompressed (``?all=1``, as the page was
before it was cut into chunks and compressed) is the reference, measured in the same run."""

import os
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from playwright.sync_api import sync_playwright

from checklist.synthetic import synthetic_assessment

ITEMS = 1000
RUNS = 7
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
ROOT = Path(__file__).resolve().parent.parent
# Each run is a cold load: a new browser context, so its cache is empty.
NAVIGATION = """() => {
  const n = performance.getEntriesByType("navigation")[0];
  return {dcl: n.domContentLoadedEventEnd - n.startTime, load: n.loadEventEnd - n.startTime,
          rows: document.querySelectorAll(".item-row").length};
}"""


def run() -> None:
    owner = get_user_model().objects.create_user("bench-browser", password="bench-password-1")
    assessment = synthetic_assessment(items=ITEMS, owner=owner, prefix="BR")
    client = Client()
    client.force_login(owner)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    port = _free_port()
    server = _gunicorn(port)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(f"{base}/healthz/")
        url = f"{base}/assessments/{assessment.pk}/"
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
            )
            cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base}
            variants = [
                ("full page, uncompressed (before)", f"{url}?all=1", False),
                ("full page, gzip", f"{url}?all=1", True),
                ("first chunk, gzip (now)", url, True),
            ]
            print(f"Checklist of {ITEMS} items in Chromium (gunicorn, DEBUG off, WhiteNoise)")
            for label, address, compressed in variants:
                loads = [_load(browser, cookie, address, compressed) for _ in range(RUNS)]
                _report(label, loads)
            _scroll_to_the_end(browser, cookie, url)
            browser.close()
        print("  targets: ≤ 300 KB transferred, DOMContentLoaded ≤ 300 ms")
    finally:
        server.terminate()
        server.wait(timeout=30)


def _load(browser, cookie: dict, address: str, compressed: bool) -> dict:
    """One cold load: bytes received (CDP encodedDataLength: headers and bodies as sent),
    DOMContentLoaded and load in milliseconds from the start of the navigation."""
    context = browser.new_context()
    context.add_cookies([cookie])
    if not compressed:
        context.set_extra_http_headers({"Accept-Encoding": "identity"})
    page = context.new_page()
    received = _count_bytes(context, page)
    answer = page.goto(address, wait_until="load")
    if answer is None or answer.status != 200:
        raise SystemExit(f"benchmark page failed: {answer and answer.status} {address}")
    figures = page.evaluate(NAVIGATION)
    figures["bytes"] = sum(received.values())
    context.close()
    return figures


def _count_bytes(context, page) -> dict:
    received: dict[str, float] = {}
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on(
        "Network.loadingFinished",
        lambda event: received.__setitem__(event["requestId"], event["encodedDataLength"]),
    )
    return received


def _report(label: str, loads: list[dict]) -> None:
    kb = statistics.median(load["bytes"] for load in loads) / 1024
    dcl = statistics.median(load["dcl"] for load in loads)
    load = statistics.median(load["load"] for load in loads)
    rows = loads[0]["rows"]
    print(
        f"  {label:34} {kb:7.1f} KB   DOMContentLoaded {dcl:6.1f} ms   "
        f"load {load:6.1f} ms   {rows} rows   (median of {len(loads)})"
    )


def _scroll_to_the_end(browser, cookie: dict, url: str) -> None:
    """The rows that htmx loads as they come into view: scroll until every row is there."""
    context = browser.new_context()
    context.add_cookies([cookie])
    page = context.new_page()
    received = _count_bytes(context, page)
    page.goto(url, wait_until="load")
    start = time.perf_counter()
    deadline = start + 60
    rows = 0
    while rows < ITEMS and time.perf_counter() < deadline:
        page.mouse.wheel(0, 20000)
        page.wait_for_timeout(50)
        rows = page.locator(".item-row").count()
    seconds = time.perf_counter() - start
    kb = sum(received.values()) / 1024
    print(f"  scrolled to the end: {rows} rows after {seconds:.1f} s, {kb:.1f} KB in all")
    context.close()


def _gunicorn(port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
    }
    command = [sys.executable, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py"]
    return subprocess.Popen([*command, "checklist.wsgi"], cwd=ROOT, env=env)


def _wait_for(url: str) -> None:
    for _ in range(100):
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer at {url}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
