"""The State's position and vote in a real browser: htmx fetches them into the item page and
under each instrument's heading, saves them in place, and the checklist filters by position."""

from playwright.sync_api import expect

from checklist.assessments.models import Role
from checklist.followup.models import InstrumentVote, ItemPosition
from tests.e2e.conftest import log_in
from tests.factories import GA, item_numbered, make_assessment, make_user


def test_record_a_position_and_a_vote_then_filter(seeded, transactional_db, page):
    owner = make_user("focal.point")
    assessment = make_assessment(
        owner=owner,
        instruments=[seeded["excom"], seeded["ga"]],
        members={Role.EDITOR: make_user("editor.one")},
    )
    item = item_numbered(assessment, GA, "16")
    log_in(page, "focal.point")

    page.goto(f"/assessments/{assessment.pk}/items/{item.pk}/")
    box = page.locator("#state-position")
    expect(box.locator(".saved-choice")).to_have_text("not recorded")
    box.get_by_text("Record", exact=True).click()
    box.get_by_label("Position").select_option("partially_supported")
    box.get_by_label("Reservation or interpretative statement").fill("Except detention.")
    box.get_by_role("button", name="Save").click()
    expect(page.locator("#state-position").get_by_text("Saved.")).to_be_visible()
    expect(page.locator("#state-position .saved-choice")).to_have_text("Partially supported")
    page.screenshot(path="/tmp/position-item.png", full_page=True)
    saved = ItemPosition.objects.get(item=item)
    assert (saved.position, saved.statement, saved.version) == (
        "partially_supported",
        "Except detention.",
        1,
    )

    page.goto(f"/assessments/{assessment.pk}/")
    vote = page.locator(f"#vote-{seeded['ga'].pk}")
    vote.get_by_text("Record", exact=True).click()
    vote.get_by_label("The State's vote").select_option("abstained")
    vote.get_by_role("button", name="Save").click()
    expect(page.locator(f"#vote-{seeded['ga'].pk} .saved-choice")).to_have_text("Abstained")
    page.screenshot(path="/tmp/position-checklist.png")
    assert InstrumentVote.objects.get(instrument=seeded["ga"]).vote == "abstained"

    page.get_by_label("The State's position").select_option("partially_supported")
    page.get_by_role("button", name="Filter").click()
    expect(page.get_by_text("Showing 1 of 10 items.")).to_be_visible()
    expect(page.locator("article.item-row")).to_have_count(1)
