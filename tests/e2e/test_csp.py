"""The main pages run under the Content-Security-Policy without a single violation."""

from playwright.sync_api import expect

from tests.e2e.conftest import log_in

# The browser fires this event for every blocked script, style, image or frame.
RECORD_VIOLATIONS = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(
    `${event.violatedDirective} blocked ${event.blockedURI || "inline"} `
    + `at ${event.sourceFile}:${event.lineNumber} (${event.sample})`
  );
});
"""


def violations_on(page) -> list[str]:
    page.wait_for_load_state("load")
    return page.evaluate("window.cspViolations")


def test_main_pages_break_no_rule_of_the_policy(page, main_pages):
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.add_init_script(RECORD_VIOLATIONS)
    found = {}

    response = page.goto("/accounts/login/")
    assert "script-src 'self'" in response.headers["content-security-policy"]
    found["login"] = violations_on(page)
    log_in(page, main_pages.username)
    for name, url in main_pages.urls.items():
        page.goto(url)
        found[name] = violations_on(page)

    # htmx swaps in new markup after a save and when the history opens.
    page.goto(f"{main_pages.checklist}#item-{main_pages.item_pk}")
    row = page.locator(f"#item-{main_pages.item_pk}")
    row.get_by_label("Finding").select_option("compliant")
    expect(row.get_by_text("✓ Saved")).to_be_visible()
    row.get_by_role("link", name="History").click()
    expect(row.get_by_role("heading", name="History of")).to_be_visible()
    found["checklist after htmx"] = violations_on(page)

    reported = {name: found_here for name, found_here in found.items() if found_here}
    assert reported == {}, "\n".join(f"{name}: {v}" for name, v in reported.items())
    blocked = [text for text in console if "Content Security Policy" in text]
    assert blocked == [], "\n".join(blocked)
