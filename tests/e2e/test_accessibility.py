"""axe-core finds no serious or critical accessibility problem on the main pages."""

from tests.e2e.conftest import log_in
from tests.factories import ROOT

AXE = ROOT / "static" / "vendor" / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


def axe_problems(page) -> list[str]:
    """The serious and critical violations on the page, one readable line per element."""
    page.add_script_tag(path=AXE)
    results = page.evaluate("axe.run()")
    return [
        f"{violation['impact']}: {violation['id']} – {violation['help']}\n"
        f"    {node['target']}: {node['failureSummary']}\n    {node['html'][:200]}"
        for violation in results["violations"]
        if violation["impact"] in BLOCKING
        for node in violation["nodes"]
    ]


def test_main_pages_have_no_serious_accessibility_problem(new_page, main_pages, settings):
    # path= inlines axe into the page, which the Content-Security-Policy would block; the
    # policy has its own test (test_csp.py).
    page = new_page(bypass_csp=True)
    found = {}
    page.goto("/accounts/login/")
    found["login"] = axe_problems(page)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_label("Username").fill("viewer.one")
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Log in").click()
    page.get_by_role("heading", name="Too many failed logins").wait_for()
    found["lockout"] = axe_problems(page)
    log_in(page, main_pages.username)
    for name, url in main_pages.urls.items():
        page.goto(url)
        found[name] = axe_problems(page)
    reported = {name: problems for name, problems in found.items() if problems}
    assert reported == {}, "\n".join(
        f"{name} ({main_pages.urls.get(name, 'login page')}):\n  " + "\n  ".join(problems)
        for name, problems in reported.items()
    )
