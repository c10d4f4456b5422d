"""A person logs in, browses the instruments and imports one, as in a real browser."""

import re

from playwright.sync_api import expect

from checklist.instruments.access import ensure_editors_group
from checklist.instruments.models import Instrument
from tests.e2e.conftest import log_in
from tests.factories import GA_SOURCE, make_user


def test_editor_imports_an_instrument_after_correcting_the_review(page, transactional_db):
    editor = make_user("focal.point")
    editor.groups.add(ensure_editors_group())
    log_in(page, "focal.point")
    page.get_by_role("link", name="Instruments").click()
    expect(page.get_by_role("heading", name="Instruments")).to_be_visible()

    page.get_by_role("link", name="Import an instrument").click()
    page.get_by_label("Paste the text").fill(GA_SOURCE.read_text(encoding="utf-8"))
    page.get_by_role("button", name="Read the text").click()
    expect(page.get_by_role("heading", name="Review before saving")).to_be_visible()
    expect(page.get_by_text("14 preambular and 18 operative paragraphs")).to_be_visible()
    assert Instrument.objects.count() == 0

    # §14 (the 28th paragraph) is an observation about States; this editor wants it checked.
    paragraph_14 = page.get_by_role("group", name="Paragraph 28")
    expect(paragraph_14.get_by_label("Number")).to_have_value("14")
    paragraph_14.get_by_label("Checklist item").check()
    page.get_by_role("button", name="Save the instrument").click()

    expect(page.get_by_text("A/RES/52/132 was imported.")).to_be_visible()
    expect(page).to_have_url(re.compile(r"/instruments/\d+/$"))
    expect(page.get_by_text("8 of 18 operative paragraphs are checklist items")).to_be_visible()
    lead = page.locator(".lead-phrase", has_text="Calls upon")
    expect(lead).to_have_count(1)
    instrument = Instrument.objects.get(symbol="A/RES/52/132")
    assert instrument.paragraphs.get(number="14").checkable is True


def test_reader_sees_no_import_button_and_is_refused_the_page(page, transactional_db):
    make_user("reader")
    log_in(page, "reader")
    page.goto("/instruments/")
    expect(page.get_by_role("heading", name="Instruments")).to_be_visible()
    expect(page.get_by_role("link", name="Import an instrument")).to_have_count(0)
    response = page.goto("/instruments/import/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="You may not do this")).to_be_visible()


def test_a_long_document_is_reviewed_page_by_page_and_every_edit_is_kept(page, transactional_db):
    editor = make_user("focal.point")
    editor.groups.add(ensure_editors_group())
    log_in(page, "focal.point")
    page.goto("/instruments/import/")
    paragraphs = "".join(
        f"{n}. Calls upon States to report on item {n};\n\n" for n in range(1, 121)
    )
    page.get_by_label("Paste the text").fill(
        f"99/1. A long resolution\n\nThe General Assembly,\n\nRecalling its work,\n\n{paragraphs}"
    )
    page.get_by_role("button", name="Read the text").click()
    expect(page.get_by_role("heading", name="Paragraphs 1–50 of 121")).to_be_visible()
    expect(page.locator("fieldset.review-paragraph")).to_have_count(50)

    page.get_by_role("group", name="Paragraph 3", exact=True).get_by_label(
        "Checklist item"
    ).uncheck()
    page.get_by_role("navigation", name="Pages of paragraphs").first.get_by_role(
        "button", name="3"
    ).click()
    expect(page.get_by_role("heading", name="Paragraphs 101–121 of 121")).to_be_visible()
    page.get_by_role("group", name="Paragraph 121", exact=True).get_by_label("Delete").check()
    page.get_by_role("button", name="Save the instrument").click()

    expect(page.get_by_text("A/RES/99/1 was imported.")).to_be_visible()
    instrument = Instrument.objects.get(symbol="A/RES/99/1")
    assert instrument.paragraphs.count() == 120
    assert instrument.paragraphs.get(number="2").checkable is False
    assert not instrument.paragraphs.filter(number="120").exists()
