"""The languages in a real browser: the header switcher, Arabic right to left (Bootstrap's
RTL stylesheet, the checklist row mirrored), Chinese, a finding saved in each, and axe-core
in Arabic and Russian. Screenshots go to /tmp (checklist-ar.png, checklist-zh-hans.png)."""

import pytest
from playwright.sync_api import expect

from checklist.accounts.models import Preferences
from checklist.assessments.models import Response
from tests.e2e.conftest import log_in, switch_language
from tests.e2e.test_accessibility import axe_problems


def stylesheets(page) -> list[str]:
    return page.evaluate("[...document.styleSheets].map(sheet => sheet.href || '')")


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("zh-hans", "ltr")])
def test_switch_language_and_save_a_finding(new_page, main_pages, code, direction):
    page = new_page()
    log_in(page, main_pages.username)
    page.goto(main_pages.checklist)
    switch_language(page, code)

    # Back on the same page, in the chosen language, which is now the person's.
    assert page.url.endswith(main_pages.checklist)
    html = page.locator("html")
    expect(html).to_have_attribute("lang", code)
    expect(html).to_have_attribute("dir", direction)
    assert Preferences.objects.get(user__username=main_pages.username).language == code
    loaded = [href.rsplit("/", 1)[-1] for href in stylesheets(page) if "bootstrap" in href]
    expected = "bootstrap.rtl.min.css" if direction == "rtl" else "bootstrap.min.css"
    assert loaded == [expected]

    # The row: in Arabic the finding control stands left of the text, and the finding's
    # coloured edge is on the right (logical properties in app.css).
    row = page.locator(f"#item-{main_pages.item_pk}")
    finding = row.locator(f"#finding-{main_pages.item_pk}")
    text = row.locator(".paragraph-text")
    control_box, text_box = finding.bounding_box(), text.bounding_box()
    left, right = row.evaluate(
        "el => [parseFloat(getComputedStyle(el).borderLeftWidth),"
        " parseFloat(getComputedStyle(el).borderRightWidth)]"
    )
    if direction == "rtl":
        assert control_box["x"] + control_box["width"] <= text_box["x"]
        assert right > left
    else:
        assert text_box["x"] + text_box["width"] <= control_box["x"]
        assert left > right

    # A finding saved through htmx, in this language.
    finding.select_option("partially_compliant")
    expect(row.locator(f"#status-{main_pages.item_pk}")).to_contain_text("✓")
    saved = Response.objects.get(item_id=main_pages.item_pk)
    assert saved.finding == "partially_compliant"
    page.reload()
    expect(html).to_have_attribute("lang", code)  # the stored preference, not just a cookie
    row.scroll_into_view_if_needed()
    page.screenshot(path=f"/tmp/checklist-{code}.png", full_page=True)


@pytest.mark.parametrize("code", ["ar", "ru"])
def test_checklist_has_no_serious_accessibility_problem(new_page, main_pages, code):
    # bypass_csp: axe is inlined into the page (see test_accessibility.py).
    page = new_page(bypass_csp=True)
    log_in(page, main_pages.username)
    page.goto(main_pages.checklist)
    switch_language(page, code)
    expect(page.locator("html")).to_have_attribute("lang", code)
    problems = axe_problems(page)
    assert problems == [], "\n".join(problems)
