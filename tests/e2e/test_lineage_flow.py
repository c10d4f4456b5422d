"""A person uploads two years of the UNHCR resolution as a .zip, then opens the comparison
and sees a changed paragraph with its word-level diff, as in a real browser."""

import io
import os
import re
import zipfile

from playwright.sync_api import expect

from checklist.instruments.access import ensure_editors_group
from checklist.instruments.models import Instrument
from tests.e2e.conftest import log_in
from tests.factories import ROOT, make_user

LIBRARY = ROOT / "fixtures" / "sources" / "library"


def two_years() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in ("a_res_78_184.pdf", "a_res_79_156.pdf"):
            archive.write(LIBRARY / name, name)
    return buffer.getvalue()


def test_bulk_import_then_the_comparison_shows_a_word_diff(page, transactional_db):
    make_user("librarian").groups.add(ensure_editors_group())
    log_in(page, "librarian")
    page.get_by_role("link", name="Instruments").click()
    page.get_by_role("link", name="Import several").click()
    page.get_by_label("Files").set_input_files(
        {"name": "unhcr.zip", "mimeType": "application/zip", "buffer": two_years()}
    )
    page.get_by_role("button", name="Import them").click()
    expect(page.get_by_text("Newer version of A/RES/78/184")).to_be_visible()
    assert Instrument.objects.get(symbol="A/RES/79/156").previous_version is not None

    page.get_by_role("link", name="A/RES/79/156").click()
    page.get_by_role("link", name="Compare with it").click()
    expect(
        page.get_by_role("heading", name="A/RES/79/156 compared with A/RES/78/184")
    ).to_be_visible()
    # §29 became §32: it now cites resolution 78/119 where it cited 77/28.
    changed = page.get_by_role("row", name=re.compile(r"^29 32 Changed"))
    expect(changed.locator("del", has_text=re.compile(r"^77/28$"))).to_be_visible()
    expect(changed.locator("ins", has_text=re.compile(r"^78/119$"))).to_be_visible()
    expect(page.locator("tr.compare-new")).to_have_count(9)
    if os.environ.get("SCREENSHOT_DIR"):
        changed.scroll_into_view_if_needed()
        page.screenshot(path=f"{os.environ['SCREENSHOT_DIR']}/lineage-compare.png")
