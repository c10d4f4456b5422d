"""The report's language chosen on the Report page in Chromium, with JavaScript off: the
select and the buttons are a plain GET form."""

import io

from pypdf import PdfReader

from tests.e2e.conftest import log_in


def test_the_pdf_and_print_view_in_the_language_chosen_without_javascript(new_page, main_pages):
    page = new_page(java_script_enabled=False)
    log_in(page, main_pages.username)
    page.goto(f"{main_pages.checklist}report/")
    page.get_by_label("Language of the report").select_option("ar")
    with page.expect_response(lambda answer: "/report/pdf/" in answer.url) as answer:
        page.get_by_role("button", name="PDF", exact=True).click()
    assert answer.value.url.endswith("/report/pdf/?lang=ar")
    # Chromium shows the PDF in its viewer; the same URL fetched again gives the bytes.
    pdf = page.request.get(answer.value.url)
    assert pdf.headers["content-type"] == "application/pdf"
    first_page = PdfReader(io.BytesIO(pdf.body())).pages[0].extract_text()
    assert "كينيا" in first_page  # Kenya

    page.goto(f"{main_pages.checklist}report/")
    page.get_by_label("Language of the report").select_option("zh-hans")
    page.get_by_role("button", name="Print view").click()
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "肯尼亚" in page.locator("h1").inner_text()
