"""The main flow in Arabic and in Chinese, in a real browser: sign in, choose the language in
the header, save a finding (htmx), submit for review, approve as the reviewer, download the
PDF in that language from the Report page and read it back. Each page must show our own
words in that language: the expected strings come from the compiled catalogues, never
typed here. Screenshots of the checklist, the review and the Report page go to /tmp/shots/
(checklist-ar.png, review-ar.png, report-ar.png, the PDF report-ar.pdf, and the same
for zh-hans)."""

import io
import re
from dataclasses import dataclass

import pytest
from django.utils import translation
from django.utils.translation import gettext
from django_countries.fields import Country
from playwright.sync_api import expect
from pypdf import PdfReader

from checklist.assessments.models import Role
from tests.e2e.conftest import SHOTS, log_in, screenshot, switch_language
from tests.factories import make_assessment, make_user, record_finding

# The visible start of the per-item Accept button (its item label is for screen readers).
ACCEPT = 'Accept<span class="visually-hidden"> %(label)s</span>'


@dataclass(frozen=True)
class InReview:
    checklist: str
    report: str
    first_item_pk: int
    items: int


@pytest.fixture
def almost_done(seeded, transactional_db) -> InReview:
    """Kenya against the ExCom conclusion (3 items), with a reviewer; every item but the
    first has its finding, so that submitting needs no confirmation."""
    owner = make_user("focal.point", first_name="Wanjiru", last_name="Kamau")
    assessment = make_assessment(
        owner=owner,
        instruments=[seeded["excom"]],
        members={Role.REVIEWER: make_user("unhcr.reviewer")},
        title="Implementation review 2026",
    )
    first, *others = assessment.items.order_by("position")
    for item in others:
        record_finding(item.response, by=owner, finding="compliant", evidence="Act 2021.")
    checklist = f"/assessments/{assessment.pk}/"
    return InReview(
        checklist=checklist,
        report=f"{checklist}report/",
        first_item_pk=first.pk,
        items=len(others) + 1,
    )


def in_language(code: str):
    """gettext in ``code``, checked to be a translation and not the English left as is."""

    def translate(text: str) -> str:
        with translation.override(code):
            translated = gettext(text)
        assert translated != text, f"{text!r} has no {code} translation"
        return translated

    return translate


def state_name(code: str) -> str:
    with translation.override(code):
        return str(Country("KE").name)


def signed_in_in(new_page, username: str, code: str):
    """A fresh browser of ``username``'s, signed in through the form, in language ``code``."""
    page = new_page()
    log_in(page, username)
    switch_language(page, code)
    expect(page.locator("html")).to_have_attribute("lang", code)
    return page


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("zh-hans", "ltr")])
def test_the_main_flow_in(new_page, almost_done, code, direction):
    _ = in_language(code)
    kenya = state_name(code)
    assert kenya != "Kenya"

    # The owner signs in, chooses the language, opens the checklist from the dashboard.
    owner = signed_in_in(new_page, "focal.point", code)
    expect(owner.locator("html")).to_have_attribute("dir", direction)
    expect(owner.get_by_role("heading", name=_("My assessments"))).to_be_visible()
    owner.locator(f'a[href="{almost_done.checklist}"]').first.click()
    expect(owner.locator("h1")).to_contain_text(kenya)
    expect(owner.get_by_role("link", name=_("Checklist"), exact=True)).to_be_visible()

    # A finding saved through htmx, the row's status in the language.
    row = owner.locator(f"#item-{almost_done.first_item_pk}")
    row.get_by_label(_("Finding")).select_option("partially_compliant")
    expect(row.get_by_role("status")).to_have_text(_("✓ Saved"))
    screenshot(owner, f"checklist-{code}")

    # Submitted for review, the reviewer told (by the test's mail outbox).
    owner.get_by_role("button", name=_("Submit for review")).click()
    expect(
        owner.get_by_text(_("Submitted for review. The reviewers have been told by email."))
    ).to_be_visible()

    # The reviewer, in the same language, accepts every item and approves.
    reviewer = signed_in_in(new_page, "unhcr.reviewer", code)
    reviewer.goto(almost_done.checklist)
    accept_buttons = reviewer.locator("button[name=verdict][value=accepted]")
    expect(accept_buttons).to_have_count(almost_done.items)
    accept_word = _(ACCEPT).split("<span")[0].strip()
    expect(accept_buttons.first).to_contain_text(accept_word)
    screenshot(reviewer, f"review-{code}")
    for remaining in range(almost_done.items, 0, -1):
        expect(accept_buttons).to_have_count(remaining)
        accept_buttons.first.click()
    expect(accept_buttons).to_have_count(0)
    reviewer.get_by_role("button", name=_("Approve"), exact=True).click()
    expect(reviewer.get_by_text(_("Approved. The assessment is now read-only."))).to_be_visible()

    # The owner's checklist is read-only now; the Report page, in the language.
    owner.reload()
    expect(owner.locator("form.response-form")).to_have_count(0)
    # The translated Reopen stays on one line, as high as its neighbour Next round.
    reopen = owner.get_by_role("button", name=_("Reopen"), exact=True).bounding_box()
    next_round = owner.locator("details.next-round summary").bounding_box()
    assert reopen["height"] <= next_round["height"] + 1
    owner.get_by_role("button", name=_("Report"), exact=True).click()
    owner.get_by_role("link", name=_("Report overview and fingerprint")).click()
    expect(owner.get_by_role("heading", name=_("Report"), exact=True)).to_be_visible()
    # By id: "Language of the report" is not in the catalogues yet (the lead's makemessages).
    owner.locator("#report-language").select_option(code)
    screenshot(owner, f"report-{code}")
    with owner.expect_response(lambda answer: "/report/pdf/" in answer.url) as answer:
        owner.get_by_role("button", name="PDF", exact=True).click()  # "PDF" in every language
    assert re.search(rf"/report/pdf/\?lang={code}$", answer.value.url)
    pdf = owner.request.get(answer.value.url)
    assert pdf.headers["content-type"] == "application/pdf"
    (SHOTS / f"report-{code}.pdf").write_bytes(pdf.body())  # for pdftoppm, to look at
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf.body())).pages)
    assert kenya in text
    assert _("Summary") in text
    assert "Implementation review 2026" in text
