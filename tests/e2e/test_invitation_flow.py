"""An invitation end to end: the owner invites a new address in Chromium, a real SMTP server
receives the e-mail, the invited person follows its link, sets a name and password and lands
in the assessment with the role they were invited with. axe-core checks the pages on the way
(path= inlines axe, which the Content-Security-Policy would block: bypass_csp)."""

import re

from playwright.sync_api import expect

from checklist.assessments.models import Membership
from tests.e2e.conftest import log_in
from tests.e2e.test_accessibility import axe_problems

NEW_PASSWORD = "kakuma-camp-registration-2026"


def test_a_new_address_is_invited_and_joins_with_its_role(main_pages, new_page, smtp_server):
    owner = new_page(bypass_csp=True)
    log_in(owner, main_pages.username)
    owner.goto(main_pages.urls["members"])
    owner.get_by_label("E-mail address").fill("Amina.Yusuf@unhcr.example")
    owner.locator("#id_role").select_option("reviewer")
    owner.get_by_role("button", name="Send invitation").click()
    expect(owner.get_by_text("Invitation sent to Amina.Yusuf@unhcr.example.")).to_be_visible()
    expect(owner.get_by_role("cell", name="Amina.Yusuf@unhcr.example", exact=True)).to_be_visible()
    assert axe_problems(owner) == []  # the members page with an invitation pending

    message = smtp_server.to("amina.yusuf@unhcr.example")
    assert "Invitation: Implementation review 2026" in message["Subject"]
    link = re.search(r"https?://\S+/assessments/invitations/[\w-]+/", smtp_server.body(message))
    path = re.sub(r"^https?://[^/]+", "", link.group(0))

    amina = new_page(bypass_csp=True)
    amina.goto(path)
    assert axe_problems(amina) == []
    amina.get_by_label("First name").fill("Amina")
    amina.get_by_label("Last name").fill("Yusuf")
    amina.locator("#id_new_password1").fill(NEW_PASSWORD)
    amina.locator("#id_new_password2").fill(NEW_PASSWORD)
    amina.get_by_role("button", name="Create my account and join").click()
    expect(amina).to_have_url(re.compile(rf"{re.escape(main_pages.checklist)}$"))
    expect(amina.get_by_text("Your role: Reviewer")).to_be_visible()
    membership = Membership.objects.get(user__email="Amina.Yusuf@unhcr.example")
    assert membership.role == "reviewer"

    # The link worked once.
    amina.goto(path)
    expect(amina.get_by_text("This invitation has been accepted already.")).to_be_visible()
