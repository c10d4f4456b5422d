"""What people do with an assessment, in a real browser: create it, record findings (htmx
saves), meet a conflict from a second browser and resolve it, invite a reviewer, submit,
review and approve."""

import io
import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect
from pypdf import PdfReader

from checklist.assessments.models import Assessment, Membership, Response
from tests.e2e.conftest import log_in
from tests.factories import add_to_organisation, make_organisation, make_user


@pytest.fixture
def browser_for(new_page):
    """A separate browser (own cookies) per person, as two people on two machines."""

    def open_as(username: str):
        page = new_page()
        log_in(page, username)
        expect(page.get_by_role("heading", name="My assessments")).to_be_visible()
        return page

    return open_as


def row(page, number: str, symbol: str = "A/RES/52/132"):
    heading = page.get_by_role("heading", name=f"§{number} {symbol}", exact=True)
    return page.locator("article.item-row").filter(has=heading)


def invite_and_accept(owner, invitee, inbox, *, email: str, role: str) -> None:
    """The owner invites ``email`` from the members page; the invitee, signed in, follows
    the link the SMTP server received and accepts."""
    owner.get_by_role("link", name="Members", exact=True).click()
    owner.get_by_label("E-mail address").fill(email)
    owner.locator("#id_role").select_option(role)
    owner.get_by_role("button", name="Send invitation").click()
    expect(owner.get_by_text(f"Invitation sent to {email}.")).to_be_visible()
    link = re.search(r"/assessments/invitations/[\w-]+/", inbox.body(inbox.to(email)))
    invitee.goto(link.group(0))
    invitee.get_by_role("button", name="Accept the invitation").click()
    expect(invitee.get_by_text(f"You have joined the assessment as {role}.")).to_be_visible()
    owner.get_by_role("link", name="Checklist", exact=True).click()


def test_create_fill_conflict_invite_submit_and_approve(
    seeded, transactional_db, browser_for, smtp_server
):
    organisation = make_organisation("Kenya National Commission on Human Rights")
    for username in ("focal.point", "colleague", "unhcr.reviewer"):
        make_user(username)
    add_to_organisation(organisation, get_user_model().objects.get(username="focal.point"))
    owner = browser_for("focal.point")

    # Create the assessment.
    owner.get_by_role("link", name="New assessment").click()
    owner.get_by_label("State").select_option("KE")
    owner.get_by_label("Title").fill("Implementation review 2026")
    owner.get_by_label("As of").fill("2026-06-30")
    owner.get_by_label(re.compile("A/RES/52/132 –")).check()
    owner.get_by_label(re.compile("ExCom Conclusion No. 52 .XXXIX. –")).check()
    owner.get_by_role("button", name="Create assessment").click()
    expect(owner.get_by_text("0 of 10 items have a finding")).to_be_visible()
    assessment = Assessment.objects.get()

    # Findings on several rows, each saved at once without a page reload.
    for number, finding in [
        ("16", "Not compliant"),
        ("15", "Partially compliant"),
        ("13", "Compliant"),
    ]:
        row(owner, number).get_by_label("Finding").select_option(label=finding)
        expect(row(owner, number).get_by_role("status")).to_have_text("✓ Saved")
    row(owner, "16").get_by_label("Evidence").fill("Two returns at the border in 2025.")
    row(owner, "16").get_by_label("Internal notes").click()  # leaving the field saves it
    expect(row(owner, "16").get_by_role("status")).to_have_text("✓ Saved")
    expect(owner.get_by_text("3 of 10 items have a finding")).to_be_visible()
    owner.reload()
    expect(row(owner, "16").get_by_label("Finding")).to_have_value("not_compliant")
    expect(row(owner, "16").get_by_label("Evidence")).to_have_value(
        "Two returns at the border in 2025."
    )

    # A colleague in another browser edits the same row first.
    colleague = browser_for("colleague")
    invite_and_accept(owner, colleague, smtp_server, email="colleague@example.org", role="editor")
    colleague.goto(f"/assessments/{assessment.pk}/")
    row(colleague, "2").get_by_label("Finding").select_option(label="Compliant")
    expect(row(colleague, "2").get_by_role("status")).to_have_text("✓ Saved")

    row(owner, "2").get_by_label("Finding").select_option(label="Not applicable")
    expect(row(owner, "2").get_by_role("status")).to_have_text("Not saved: changed by someone else")
    conflict = row(owner, "2").get_by_role("alert")
    expect(conflict).to_contain_text("Their version")
    expect(conflict).to_contain_text("Finding: Compliant")
    expect(conflict).to_contain_text("Finding: Not applicable")
    conflict.get_by_role("link", name="Take theirs").click()
    expect(row(owner, "2").get_by_label("Finding")).to_have_value("compliant")
    assert Response.objects.get(item__assessment=assessment, item__number="2").finding == (
        "compliant"
    )

    # Invite a reviewer, submit (confirming the items not assessed), review and approve.
    reviewer = browser_for("unhcr.reviewer")
    invite_and_accept(
        owner, reviewer, smtp_server, email="unhcr.reviewer@example.org", role="reviewer"
    )
    assert Membership.objects.get(user__username="unhcr.reviewer").role == "reviewer"
    owner.get_by_role("button", name="Submit for review").click()
    expect(owner.get_by_role("heading", name="6 items still not assessed")).to_be_visible()
    owner.get_by_role("button", name="Submit anyway").click()
    expect(owner.get_by_text("Submitted for review.")).to_be_visible()

    reviewer.goto("/")
    expect(reviewer.get_by_text("is waiting for your review")).to_be_visible()
    reviewer.get_by_role("link", name=re.compile("Kenya: Implementation review 2026")).first.click()
    accept_buttons = reviewer.get_by_role("button", name=re.compile("^Accept"))
    for remaining in range(10, 0, -1):
        expect(accept_buttons).to_have_count(remaining)
        accept_buttons.first.click()
    expect(accept_buttons).to_have_count(0)
    reviewer.get_by_role("button", name="Approve").click()
    expect(reviewer.get_by_text("Approved. The assessment is now read-only.")).to_be_visible()
    assessment.refresh_from_db()
    assert assessment.review_state == "approved"
    owner.reload()
    expect(owner.locator("form.response-form")).to_have_count(0)

    # The approved report, downloaded through the Report menu.
    owner.get_by_role("button", name="Report").click()
    pdf_link = owner.get_by_role("link", name="PDF", exact=True)
    answer = owner.request.get(pdf_link.get_attribute("href"))
    assert answer.status == 200
    assert answer.headers["content-type"] == "application/pdf"
    first_page = PdfReader(io.BytesIO(answer.body())).pages[0].extract_text()
    assert "Kenya" in first_page
    assert "Implementation review 2026" in first_page
    assert "Approved" in first_page
    assert "DRAFT" not in first_page
