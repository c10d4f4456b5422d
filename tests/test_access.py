"""Every URL, for every kind of visitor, GET and POST: the exact status each must get.

A URL pattern missing from EXPECTED fails the suite, so a new view cannot skip its check.
Django's own admin and login pages are covered by Django; ours are all listed here.
"""

from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from checklist.assessments import services
from checklist.instruments.models import Paragraph
from tests.conftest import make_user

LOGIN = "login-redirect"
ROLES = ["anonymous", "reader", "instrument_editor", "staff"]

# name: {method: (anonymous, reader, instrument_editor, staff)}
EXPECTED = {
    "home": {"GET": (LOGIN, 302, 302, 302), "POST": (LOGIN, 405, 405, 405)},
    "healthz": {"GET": (200, 200, 200, 200), "POST": (405, 405, 405, 405)},
    "instruments:list": {"GET": (LOGIN, 200, 200, 200), "POST": (LOGIN, 405, 405, 405)},
    "instruments:detail": {"GET": (LOGIN, 200, 200, 200), "POST": (LOGIN, 405, 405, 405)},
    "instruments:import": {"GET": (LOGIN, 403, 200, 200), "POST": (LOGIN, 403, 400, 400)},
    "instruments:import_confirm": {
        "GET": (LOGIN, 405, 405, 405),
        "POST": (LOGIN, 403, 400, 400),
    },
    "instruments:paragraph_edit": {
        "GET": (LOGIN, 403, 200, 200),
        "POST": (LOGIN, 403, 400, 400),
    },
    # Reports: none of these visitors is a member of the assessment.
    "reports:report": {"GET": (LOGIN, 404, 404, 404), "POST": (LOGIN, 405, 405, 405)},
    "reports:pdf": {"GET": (LOGIN, 404, 404, 404), "POST": (LOGIN, 405, 405, 405)},
    "reports:print": {"GET": (LOGIN, 404, 404, 404), "POST": (LOGIN, 405, 405, 405)},
    "reports:csv": {"GET": (LOGIN, 404, 404, 404), "POST": (LOGIN, 405, 405, 405)},
    "reports:xlsx": {"GET": (LOGIN, 404, 404, 404), "POST": (LOGIN, 405, 405, 405)},
}
REPORT_PATHS = {
    "reports:report": "",
    "reports:pdf": "pdf/",
    "reports:print": "print/",
    "reports:csv": "responses.csv",
    "reports:xlsx": "responses.xlsx",
}
# Django's own views, tested by Django.
NOT_OURS = ("admin:", "login", "logout", "password_")


def our_url_names(resolver=None, namespace="") -> list[str]:
    names = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += our_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return [name for name in names if not name.startswith(NOT_OURS)]


def test_every_url_is_in_the_table():
    assert sorted(set(our_url_names())) == sorted(EXPECTED)


def url_for(name: str, seeded) -> str:
    ga = seeded["ga"]
    if name in REPORT_PATHS:
        assessment = services.create_assessment(
            owner=make_user("report-owner"),
            country="NO",
            title="Access check",
            as_of=date(2026, 1, 1),
            instruments=[ga],
        )
        return f"/assessments/{assessment.pk}/report/{REPORT_PATHS[name]}"
    paragraph = Paragraph.objects.filter(instrument=ga, number="16").get()
    return {
        "home": "/",
        "healthz": "/healthz/",
        "instruments:list": "/instruments/",
        "instruments:detail": f"/instruments/{ga.pk}/",
        "instruments:import": "/instruments/import/",
        "instruments:import_confirm": "/instruments/import/confirm/",
        "instruments:paragraph_edit": f"/instruments/{ga.pk}/paragraphs/{paragraph.pk}/edit/",
    }[name]


@pytest.fixture
def client_as(seeded, instrument_editor):
    def client_for(role: str) -> Client:
        client = Client()
        if role == "reader":
            client.force_login(make_user("reader"))
        elif role == "instrument_editor":
            client.force_login(instrument_editor)
        elif role == "staff":
            client.force_login(make_user("staff", is_staff=True, is_superuser=True))
        return client

    return client_for


CASES = [
    (name, method, role, statuses[ROLES.index(role)])
    for name, methods in EXPECTED.items()
    for method, statuses in methods.items()
    for role in ROLES
]


@pytest.mark.parametrize(("name", "method", "role", "expected"), CASES)
def test_status(client_as, seeded, name, method, role, expected):
    url = url_for(name, seeded)
    before = Paragraph.objects.order_by("pk").values_list("pk", "text", "checkable")
    before = list(before)
    response = getattr(client_as(role), method.lower())(url)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == expected
    # An empty POST never changes a paragraph, whoever sends it.
    after = list(Paragraph.objects.order_by("pk").values_list("pk", "text", "checkable"))
    assert after == before


def test_post_without_csrf_token_is_refused(seeded, instrument_editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(instrument_editor)
    response = client.post("/instruments/import/", {"text": "1. Urges States to act;"})
    assert response.status_code == 403
