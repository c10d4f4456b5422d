"""A refused or failed htmx save says why in its row and keeps what was typed, in a real
browser: a role lowered or an approval while the page is open (403), a stale save (409), text
too large (413, from the app or from a proxy), a server error (500), a dropped connection."""

from datetime import date
from types import SimpleNamespace

import pytest
from playwright.sync_api import expect

from checklist.assessments import services
from checklist.assessments.models import Assessment, Membership, Response, Role
from tests.e2e.conftest import log_in
from tests.factories import make_user, organisation_of

TYPED = "Typed in the browser: the 2025 decree, art. 4."


@pytest.fixture
def open_row(seeded, transactional_db, page):
    """An editor with the checklist open on one row."""
    owner, editor = make_user("owner.one"), make_user("editor.one")
    assessment = services.create_assessment(
        organisation=organisation_of(owner),
        owner=owner,
        country="KE",
        title="Review 2026",
        as_of=date(2026, 6, 30),
        instruments=[seeded["excom"], seeded["ga"]],
    )
    services.add_member(
        assessment=assessment, user=editor, role=Role.EDITOR, by=owner, invited_as="editor"
    )
    item = assessment.items.order_by("position").first()
    log_in(page, editor.username)
    page.goto(f"/assessments/{assessment.pk}/")
    row = page.locator(f"#item-{item.pk}")
    expect(row.get_by_label("Evidence")).to_be_visible()
    return SimpleNamespace(
        page=page, row=row, item=item, assessment=assessment, owner=owner, editor=editor
    )


def type_and_save(row, text: str = TYPED) -> None:
    row.get_by_label("Evidence").fill(text)
    row.get_by_label("Internal notes").click()  # leaving the field saves the row


def status_says(row, text: str) -> None:
    expect(row.get_by_role("status")).to_contain_text(text)
    expect(row.get_by_role("status")).not_to_have_text("Saving…")


def still_typed(row, text: str = TYPED) -> None:
    expect(row.get_by_label("Evidence")).to_have_value(text)


def nothing_saved(open_row) -> None:
    assert Response.objects.get(item=open_row.item).evidence == ""


def test_a_role_lowered_while_the_page_is_open_is_said_in_the_row(open_row):
    membership = Membership.objects.get(user=open_row.editor)
    services.change_role(membership=membership, role=Role.VIEWER, by=open_row.owner)
    type_and_save(open_row.row)
    status_says(
        open_row.row,
        "Not saved: Only the assessment's owners and editors can change its responses.",
    )
    still_typed(open_row.row)
    nothing_saved(open_row)


def test_an_approval_while_the_page_is_open_is_said_in_the_row(open_row):
    Assessment.objects.filter(pk=open_row.assessment.pk).update(
        review_state=Assessment.ReviewState.APPROVED
    )
    type_and_save(open_row.row)
    status_says(open_row.row, "Not saved: This assessment is approved and read-only.")
    still_typed(open_row.row)
    nothing_saved(open_row)


def test_a_stale_save_shows_both_versions_and_keeps_the_typing(open_row):
    response = Response.objects.select_related("item__assessment").get(item=open_row.item)
    services.save_response(
        response=response,
        user=open_row.owner,
        version=0,
        finding="compliant",
        evidence="The owner's text.",
        notes="",
    )
    type_and_save(open_row.row)
    status_says(open_row.row, "Not saved: changed by someone else")
    expect(open_row.row.get_by_role("alert")).to_contain_text("The owner's text.")
    still_typed(open_row.row)


def test_text_too_large_is_said_in_the_row(open_row):
    too_long = "x" * 20_001
    type_and_save(open_row.row, too_long)
    status_says(open_row.row, "Not saved: The evidence can hold at most 20000 characters")
    still_typed(open_row.row, too_long)
    nothing_saved(open_row)


@pytest.mark.parametrize(
    ("status", "body", "message"),
    [
        (
            413,
            "<html><head><title>413 Request Entity Too Large</title></head><body>nginx</body>"
            "</html>",
            "Not saved: this is too large for the server.",
        ),
        (
            500,
            "<!doctype html><html><body><h1>Something went wrong on our side</h1></body></html>",
            "Not saved: the server failed (500).",
        ),
    ],
)
def test_an_answer_from_a_proxy_or_a_failing_server_is_said_in_the_row(
    open_row, status, body, message
):
    open_row.page.route(
        f"**/items/{open_row.item.pk}/",
        lambda route: route.fulfill(status=status, body=body, content_type="text/html"),
    )
    type_and_save(open_row.row)
    status_says(open_row.row, message)
    still_typed(open_row.row)
    nothing_saved(open_row)


def test_a_dropped_connection_is_said_in_the_row(open_row):
    open_row.page.route(f"**/items/{open_row.item.pk}/", lambda route: route.abort())
    type_and_save(open_row.row)
    status_says(open_row.row, "Not saved: the server cannot be reached.")
    still_typed(open_row.row)
    nothing_saved(open_row)


def test_a_refused_review_says_why_and_keeps_the_row(seeded, transactional_db, page):
    """A reviewer whose role is lowered: the 403 page never replaces the row."""
    owner, reviewer = make_user("owner.two"), make_user("reviewer.two")
    assessment = services.create_assessment(
        organisation=organisation_of(owner),
        owner=owner,
        country="KE",
        title="Review 2026",
        as_of=date(2026, 6, 30),
        instruments=[seeded["excom"]],
    )
    services.add_member(
        assessment=assessment, user=reviewer, role=Role.REVIEWER, by=owner, invited_as="reviewer"
    )
    Assessment.objects.filter(pk=assessment.pk).update(
        review_state=Assessment.ReviewState.IN_REVIEW
    )
    item = assessment.items.order_by("position").first()
    log_in(page, reviewer.username)
    page.goto(f"/assessments/{assessment.pk}/")
    row = page.locator(f"#item-{item.pk}")
    services.change_role(
        membership=Membership.objects.get(user=reviewer), role=Role.VIEWER, by=owner
    )
    row.get_by_label("What should change").fill("Cite the decree")
    row.get_by_role("button", name="Return").click()
    expect(row.get_by_role("alert")).to_contain_text(
        "Only the assessment's reviewers can review and approve it."
    )
    expect(row.get_by_label("What should change")).to_have_value("Cite the decree")
    assert Response.objects.get(item=item).review == "pending"
