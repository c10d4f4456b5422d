"""The account pages in Chromium: staff set up two-factor after signing in, with a code
computed from the secret the page shows; every page passes axe and the
Content-Security-Policy."""

import pyotp
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from playwright.sync_api import expect

from tests.e2e.test_accessibility import axe_problems
from tests.e2e.test_csp import RECORD_VIOLATIONS, violations_on
from tests.factories import PASSWORD, make_user


def sign_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def confirm_password(page) -> None:
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()


def type_code_from_authenticator_app(page) -> None:
    """What a person does with the app: scan (here: read the key), type the code it shows."""
    qr = page.get_by_role("img", name="QR code to scan with your authenticator app")
    expect(qr).to_be_visible()
    secret = page.get_by_label("Or type this key into the app").input_value()
    page.get_by_label("Authenticator code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Turn on two-factor authentication").click()


def test_staff_set_up_two_factor_and_every_account_page_passes_axe(new_page, transactional_db):
    staff = make_user("new.staff", first_name="Achieng", last_name="Otieno", is_staff=True)
    page = new_page(bypass_csp=True)
    found = {}

    for url in ["/accounts/login/", "/accounts/password/reset/"]:
        page.goto(url)
        found[url] = axe_problems(page)
    page.get_by_label("Email").fill("someone@example.org")
    page.get_by_role("button", name="Reset My Password").click()
    expect(page).to_have_url("/accounts/password/reset/done/")
    found["reset done"] = axe_problems(page)

    sign_in(page, "new.staff")
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    found["confirm access"] = axe_problems(page)
    page.goto("/")
    expect(page).to_have_url(
        "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    confirm_password(page)
    found["set up"] = axe_problems(page)
    type_code_from_authenticator_app(page)
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    found["recovery codes"] = axe_problems(page)
    assert Authenticator.objects.filter(user=staff, type=Authenticator.Type.TOTP).exists()

    for url in [
        "/accounts/",
        "/accounts/email/",
        "/accounts/password/change/",
        "/accounts/sessions/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/deactivate/",
    ]:
        page.goto(url)
        expect(page.locator("h1")).to_be_visible()
        found[url] = axe_problems(page)

    page.get_by_role("button", name="Log out").click()
    sign_in(page, "new.staff")
    expect(page.get_by_role("heading", name="Two-Factor Authentication")).to_be_visible()
    found["code at sign-in"] = axe_problems(page)
    recovery = RecoveryCodes(
        Authenticator.objects.get(user=staff, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()[0]
    page.get_by_label("Code").fill(recovery)
    page.get_by_role("button", name="Sign In").click()
    expect(page.get_by_role("heading", name="My assessments")).to_be_visible()

    reported = {name: problems for name, problems in found.items() if problems}
    assert reported == {}, "\n".join(
        f"{name}:\n  " + "\n  ".join(problems) for name, problems in reported.items()
    )


def test_set_up_page_breaks_no_rule_of_the_policy(page, transactional_db):
    make_user("new.staff", is_staff=True)
    page.add_init_script(RECORD_VIOLATIONS)
    found = {}
    page.goto("/accounts/login/")
    found["login"] = violations_on(page)
    sign_in(page, "new.staff")
    found["confirm access"] = violations_on(page)
    confirm_password(page)
    found["set up"] = violations_on(page)
    page.goto("/accounts/")
    found["account (not yet set up)"] = violations_on(page)
    assert {name: v for name, v in found.items() if v} == {}
