"""Follow-up in a real browser: an editor adds an action with an indicator on the item page
(htmx swaps, no reload), reports progress, sees it all on the item page, the row and the
follow-up dashboard; then the daily reminders reach them through a real SMTP server.
The dashboard's screenshot goes to /tmp/shots/followup-dashboard.png."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from checklist.assessments.models import Role
from checklist.followup.models import Action, Indicator, ProgressUpdate
from tests.e2e.conftest import log_in, screenshot
from tests.e2e.test_accessibility import axe_problems
from tests.factories import make_assessment, make_institution, make_user


def test_add_an_action_with_an_indicator_and_progress(
    new_page, seeded, transactional_db, smtp_server
):
    owner = make_user("focal.point")
    editor = make_user("editor.one", first_name="Esther", last_name="Editor")
    assessment = make_assessment(
        owner=owner, instruments=[seeded["ga"]], members={Role.EDITOR: editor}
    )
    make_institution(assessment.organisation, "Ministry of Interior")
    make_institution(assessment.organisation, "National Refugee Commission", kind="agency")
    item = assessment.items.get(number="16")
    item_page = f"/assessments/{assessment.pk}/items/{item.pk}/"
    # axe is inlined into the page, which the Content-Security-Policy would block.
    page = new_page(bypass_csp=True)
    log_in(page, "editor.one")

    # The item page loads its actions section with htmx.
    page.goto(item_page)
    section = page.locator(f"#actions-{item.pk}")
    expect(section.get_by_text("No actions on this item yet.")).to_be_visible()
    new_action = section.locator("details.new-action")
    new_action.get_by_text("Add an action").click()
    new_action.get_by_label("What is to be done").fill("Train border officers in asylum law")
    new_action.get_by_label("Lead institution").select_option(label="Ministry of Interior")
    new_action.get_by_label("Followed by").select_option(label="Esther Editor")
    # Due within the notice period (14 days): today's reminders name it.
    due_on = timezone.localdate() + timedelta(days=7)
    new_action.get_by_label("Due date").fill(due_on.isoformat())
    new_action.get_by_role("button", name="Add action").click()

    card = page.locator("article.followup-action")
    expect(card.get_by_role("heading", name="Train border officers in asylum law")).to_be_visible()
    expect(card.locator(".action-facts")).to_contain_text("lead: Ministry of Interior")
    assert page.url.endswith(item_page)  # swapped in place, no navigation

    # An indicator.
    card.get_by_text("Add an indicator").click()
    indicator_form = card.get_by_role("form", name="Add an indicator")
    indicator_form.get_by_label("What is measured").fill("Border officers trained")
    indicator_form.get_by_label("Baseline").fill("0")
    indicator_form.get_by_label("Target").fill("400")
    indicator_form.get_by_label("Current value").fill("120")
    indicator_form.get_by_role("button", name="Add indicator").click()
    expect(card.get_by_text("✓ Indicator added.")).to_be_visible()
    expect(card.locator(".indicator")).to_contain_text("Border officers trained")
    expect(card.locator(".indicator-current")).to_have_text("120")

    # Progress, dated today by default.
    card.get_by_text("Report progress").click()
    progress_form = card.get_by_role("form", name="Report progress")
    progress_form.get_by_label("What was done").fill("First training held at Namanga.")
    progress_form.get_by_role("button", name="Add progress").click()
    expect(card.locator(".progress-updates")).to_contain_text("First training held at Namanga.")
    expect(card.locator(".progress-updates")).to_contain_text("Esther Editor")

    action = Action.objects.get()
    assert (action.description, action.lead_institution.name) == (
        "Train border officers in asylum law",
        "Ministry of Interior",
    )
    assert Indicator.objects.get().current_value == "120"
    assert ProgressUpdate.objects.get().author == editor

    # Seen again on a fresh load of the item page, and counted on the checklist row.
    page.goto(item_page)
    card = page.locator("article.followup-action")
    expect(card.locator(".indicator")).to_contain_text("Target: 400")
    expect(card.locator(".progress-updates")).to_contain_text("First training held at Namanga.")
    assert axe_problems(page) == []
    page.goto(f"/assessments/{assessment.pk}/?all=1")
    badge = page.locator(f"#item-{item.pk} a.row-badge")
    expect(badge).to_contain_text("1 action")
    badge.click()
    expect(page.get_by_role("heading", name="Train border officers in asylum law")).to_be_visible()
    assert axe_problems(page) == []

    # The follow-up dashboard lists the action with its institution and indicator.
    page.goto(f"/assessments/{assessment.pk}/follow-up/")
    listed = page.locator("table.followup-actions tbody tr").filter(
        has_text="Train border officers in asylum law"
    )
    expect(listed).to_have_count(1)
    expect(listed).to_contain_text("Ministry of Interior")
    expect(listed).to_contain_text("Border officers trained")
    screenshot(page, "followup-dashboard")

    # The daily reminders: one digest to the editor who follows the action.
    call_command("send_reminders", stdout=io.StringIO())
    message = smtp_server.to(editor.email)
    assert message["Subject"] == "Follow-up: 1 action due soon or overdue"
    digest = smtp_server.body(message)
    assert "Train border officers in asylum law" in digest
    assert f"/assessments/{assessment.pk}/items/{item.pk}/" in digest
