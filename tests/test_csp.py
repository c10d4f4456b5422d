"""Content-Security-Policy: the header, and pages that need nothing it forbids."""

import re
from datetime import date

import pytest

from checklist.assessments import services
from tests.factories import make_user, organisation_of

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def directives(header: str) -> set[str]:
    return {part.strip() for part in header.split(";")}


def test_login_page_carries_the_policy(client, db):
    response = client.get("/accounts/login/")
    assert directives(response["Content-Security-Policy"]) == directives(POLICY)


@pytest.fixture
def pages(seeded, client):
    owner = make_user("owner")
    assessment = services.create_assessment(
        organisation=organisation_of(owner),
        owner=owner,
        country="KE",
        title="Implementation review 2026",
        as_of=date(2026, 6, 30),
        instruments=[seeded["excom"], seeded["ga"]],
    )
    item = assessment.items.first()
    client.force_login(owner)
    return [
        "/",
        "/assessments/new/",
        f"/assessments/{assessment.pk}/",
        f"/assessments/{assessment.pk}/items/{item.pk}/",
        f"/assessments/{assessment.pk}/items/{item.pk}/history/",
        f"/assessments/{assessment.pk}/members/",
        "/instruments/",
        f"/instruments/{seeded['ga'].pk}/",
    ]


def test_pages_hold_no_inline_script_or_style(client, pages):
    for url in pages:
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "Content-Security-Policy" in response.headers, url
        assert not re.search(r"\sstyle\s*=", html), url
        assert "<style" not in html, url
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+\s*=", html), url
