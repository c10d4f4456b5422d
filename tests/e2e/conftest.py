"""End-to-end tests drive Debian's chromium with Playwright against a live server.

They are skipped where no browser is installed; `.ci/run` installs one. Nothing is
downloaded at run time: Playwright is pointed at /usr/bin/chromium.
"""

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from checklist.assessments import services
from checklist.assessments.models import Role
from checklist.instruments.lineage import link_to_previous
from tests.factories import PASSWORD, make_assessment, make_user, record_finding

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Where screenshots go, to be looked at after a run.
SHOTS = Path("/tmp/shots")

# Playwright's sync API runs an event loop in the test's thread; the test itself only
# reads the database between browser steps, never concurrently with a request.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("no chromium installed (apt-get install chromium)")
    playwright_api = pytest.importorskip("playwright.sync_api")
    with playwright_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server, settings):
    """Open pages in fresh browser contexts (``new_page(bypass_csp=True)``); all closed after."""
    # The live server speaks plain HTTP: cookies marked Secure would never come back.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    # The live server answers /static/ itself, from the source folders by plain name; hashed
    # manifest names would all be 404s there, leaving the pages without htmx and styles.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    contexts = []

    def open_page(**context_options):
        context = browser.new_context(
            base_url=live_server.url, viewport={"width": 1280, "height": 900}, **context_options
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


def log_in(page, username: str) -> None:
    page.goto("/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("button", name="Log out").wait_for()


def switch_language(page, code: str) -> None:
    """Pick a language in the header: the switcher sends itself (js/language.js)."""
    with page.expect_navigation():
        page.locator("#language-switcher").select_option(code)


def screenshot(page, name: str) -> None:
    """The whole page as /tmp/shots/<name>.png."""
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}.png", full_page=True)


@dataclass(frozen=True)
class MainPages:
    """The pages a person uses most, with data enough to show every part of them."""

    username: str
    urls: dict[str, str]
    checklist: str
    item_pk: int


@pytest.fixture
def main_pages(seeded, transactional_db) -> MainPages:
    owner = make_user("focal.point", first_name="Wanjiru", last_name="Kamau")
    assessment = make_assessment(
        owner=owner,
        title="Implementation review 2026",
        instruments=[seeded["excom"], seeded["ga"]],
        members={Role.EDITOR: make_user("editor.one"), Role.VIEWER: make_user("viewer.one")},
    )
    first, second = assessment.items.order_by("position")[:2]
    record_finding(
        first.response,
        by=owner,
        finding="partially_compliant",
        evidence="The Refugees Act 2021 covers this in part.",
        notes="Ask the ministry for the regulations.",
    )
    services.add_source(
        response=first.response,
        user=owner,
        source=services.NewSource(
            title="Refugees Act 2021", url="https://example.org/act", upload=None
        ),
    )
    checklist = f"/assessments/{assessment.pk}/"
    link_to_previous(seeded["ga"], seeded["excom"])  # so that there is a comparison page
    return MainPages(
        username=owner.username,
        checklist=checklist,
        item_pk=second.pk,
        urls={
            "dashboard": "/",
            "checklist": checklist,
            "item": f"{checklist}items/{first.pk}/",
            "history": f"{checklist}items/{first.pk}/history/",
            "members": f"{checklist}members/",
            "organisation": f"/organisations/{assessment.organisation.slug}/",
            "new assessment": "/assessments/new/",
            "instruments": "/instruments/",
            "instrument": f"/instruments/{seeded['ga'].pk}/",
            "comparison": f"/instruments/{seeded['ga'].pk}/compare/",
        },
    )
