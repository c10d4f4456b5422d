"""Two-factor authentication: an authenticator app (TOTP) and single-use recovery codes,
required of staff. Codes are computed here from the secret, as an authenticator app does."""

import re

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

from checklist.accounts import services as account_services
from checklist.signin.policy import two_factor_required
from tests.conftest import LoginClient
from tests.factories import (
    PASSWORD,
    add_to_organisation,
    make_organisation,
    make_user,
    turn_on_two_factor,
)

SET_UP = "/accounts/2fa/totp/activate/"
CODE_PAGE = "/accounts/2fa/authenticate/"
SECRET = re.compile(r'id="authenticator_secret" value="([A-Z2-7]+)"')


def sign_in(client, username: str):
    return client.post("/accounts/login/", {"login": username, "password": PASSWORD})


def confirm_access(client) -> None:
    """allauth asks for the password again before any change to two-factor."""
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302


def signed_in_as(client) -> str | None:
    return client.session.get("_auth_user_id")


@pytest.fixture
def amira(db):
    user = make_user("amira")
    user.secret = turn_on_two_factor(user)
    return user


@pytest.fixture
def new_staff(db):
    return make_user("new.staff", is_staff=True)


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


def test_staff_must_use_two_factor_and_others_need_not(new_staff, db):
    assert two_factor_required(new_staff)
    assert two_factor_required(make_user("root", is_superuser=True))
    assert not two_factor_required(make_user("plain"))


def test_an_organisation_that_requires_it_takes_its_members_to_set_up(client, db):
    organisation = make_organisation("Kenya National Commission on Human Rights")
    member = make_user("member")
    add_to_organisation(organisation, member)
    elsewhere = make_user("elsewhere")
    add_to_organisation(make_organisation("UNHCR Kenya"), elsewhere)
    assert not two_factor_required(member)
    account_services.set_policy(
        organisation=organisation, require_two_factor=True, sso_email_domain=""
    )
    assert two_factor_required(member)
    assert not two_factor_required(elsewhere)
    sign_in(client, "member")
    answer = client.get("/")
    assert (answer.status_code, answer["Location"]) == (302, SET_UP)


def test_staff_without_two_factor_is_taken_to_set_up_and_reaches_nothing_else(client, new_staff):
    response = sign_in(client, "new.staff")
    assert signed_in_as(client) == str(new_staff.pk)
    assert client.get(response["Location"])["Location"] == SET_UP
    for url in ["/", "/instruments/", "/accounts/", "/accounts/password/change/", "/admin/"]:
        answer = client.get(url)
        assert (answer.status_code, answer["Location"]) == (302, SET_UP), url
    assert client.post("/assessments/new/", {"title": "x"})["Location"] == SET_UP
    assert client.get("/healthz/").status_code == 200
    assert client.get("/static/css/app.css").status_code != 302
    assert client.post("/accounts/logout/").status_code == 302
    assert signed_in_as(client) is None


def test_set_up_shows_an_inline_qr_code_and_takes_a_right_code_only(client, new_staff):
    sign_in(client, "new.staff")
    assert client.get(SET_UP)["Location"].startswith("/accounts/reauthenticate/")
    confirm_access(client)
    page = client.get(SET_UP).content.decode()
    assert re.search(r'<svg role="img" aria-label="[^"]+"', page)
    assert "<?xml" not in page
    assert "data:image" not in page
    secret = SECRET.search(page).group(1)
    now = pyotp.TOTP(secret).now()

    refused = client.post(SET_UP, {"code": wrong(now)})
    assert refused.status_code == 200
    assert "Incorrect code" in refused.content.decode()
    assert not Authenticator.objects.filter(user=new_staff).exists()

    accepted = client.post(SET_UP, {"code": now})
    assert accepted.status_code == 302
    kinds = set(Authenticator.objects.filter(user=new_staff).values_list("type", flat=True))
    assert kinds == {Authenticator.Type.TOTP, Authenticator.Type.RECOVERY_CODES}
    codes = RecoveryCodes(
        Authenticator.objects.get(user=new_staff, type=Authenticator.Type.RECOVERY_CODES)
    ).get_unused_codes()
    assert len(codes) == 10
    assert client.get("/").status_code == 200


def test_sign_in_asks_for_a_code_after_the_password(amira):
    client = LoginClient()
    response = sign_in(client, "amira")
    assert response["Location"] == CODE_PAGE
    assert signed_in_as(client) is None
    assert client.get("/").status_code == 302

    now = pyotp.TOTP(amira.secret).now()
    assert client.post(CODE_PAGE, {"code": wrong(now)}).status_code == 200
    assert signed_in_as(client) is None
    assert client.post(CODE_PAGE, {"code": now}).status_code == 302
    assert signed_in_as(client) == str(amira.pk)


def recovery_codes(user) -> list[str]:
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.RECOVERY_CODES)
    return RecoveryCodes(authenticator).get_unused_codes()


def test_a_recovery_code_works_once(amira):
    code = recovery_codes(amira)[0]
    first = LoginClient()
    sign_in(first, "amira")
    assert first.post(CODE_PAGE, {"code": code}).status_code == 302
    assert signed_in_as(first) == str(amira.pk)
    assert code not in recovery_codes(amira)
    assert len(recovery_codes(amira)) == 9

    again = LoginClient()
    sign_in(again, "amira")
    refused = again.post(CODE_PAGE, {"code": code})
    assert refused.status_code == 200
    assert signed_in_as(again) is None


def test_wrong_codes_are_throttled_like_wrong_passwords(amira, settings):
    client = LoginClient()
    sign_in(client, "amira")
    now = pyotp.TOTP(amira.secret).now()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(CODE_PAGE, {"code": wrong(now)})
    refused = client.post(CODE_PAGE, {"code": now})
    assert refused.status_code == 200
    assert "Too many failed login attempts" in refused.content.decode()
    assert signed_in_as(client) is None
    # From another browser too: the count is the account's.
    other = LoginClient()
    sign_in(other, "amira")
    assert other.post(CODE_PAGE, {"code": now}).status_code == 200
    assert signed_in_as(other) is None


def signed_in_with_two_factor(user) -> LoginClient:
    client = LoginClient()
    sign_in(client, user.username)
    client.post(CODE_PAGE, {"code": pyotp.TOTP(user.secret).now()})
    assert signed_in_as(client) == str(user.pk)
    return client


def test_turning_two_factor_off_needs_a_current_code(amira):
    client = signed_in_with_two_factor(amira)
    confirm_access(client)
    page = client.get("/accounts/2fa/totp/deactivate/")
    assert page.status_code == 200
    assert "This field is required" not in page.content.decode()

    assert client.post("/accounts/2fa/totp/deactivate/", {}).status_code == 200
    assert client.post("/accounts/2fa/totp/deactivate/", {"code": "123"}).status_code == 200
    assert Authenticator.objects.filter(user=amira, type=Authenticator.Type.TOTP).exists()

    # The code that signed in was used up; a recovery code stands in for a phone's.
    used = pyotp.TOTP(amira.secret).now()
    assert client.post("/accounts/2fa/totp/deactivate/", {"code": used}).status_code == 200
    assert Authenticator.objects.filter(user=amira, type=Authenticator.Type.TOTP).exists()
    response = client.post("/accounts/2fa/totp/deactivate/", {"code": recovery_codes(amira)[0]})
    assert response.status_code == 302
    assert not Authenticator.objects.filter(user=amira).exists()


def test_recovery_codes_can_be_regenerated_from_the_account_page(amira):
    client = signed_in_with_two_factor(amira)
    confirm_access(client)
    before = recovery_codes(amira)
    assert 'href="/accounts/2fa/"' in client.get("/accounts/").content.decode()
    assert "/accounts/2fa/recovery-codes/" in client.get("/accounts/2fa/").content.decode()
    response = client.post("/accounts/2fa/recovery-codes/generate/")
    assert response.status_code == 302
    after = recovery_codes(amira)
    assert len(after) == 10
    assert set(after).isdisjoint(before)


def test_two_factor_pages_hold_no_inline_script_or_style(amira, new_staff):
    client = signed_in_with_two_factor(amira)
    confirm_access(client)
    setting_up = LoginClient()
    sign_in(setting_up, "new.staff")
    confirm_access(setting_up)
    pages = [
        (client, "/accounts/2fa/"),
        (client, "/accounts/2fa/recovery-codes/"),
        (client, "/accounts/2fa/totp/deactivate/"),
        (setting_up, SET_UP),
    ]
    waiting = LoginClient()
    sign_in(waiting, "amira")
    pages.append((waiting, CODE_PAGE))
    for who, url in pages:
        response = who.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "INVALID-TEMPLATE-VARIABLE" not in html, url
        assert not re.search(r"\sstyle\s*=", html), url
        assert "<style" not in html, url
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), url


def test_django_admin_login_sends_people_to_the_apps_sign_in(client, db):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
    refused = client.post("/admin/login/", {"username": "root", "password": PASSWORD})
    assert refused.status_code == 302
    assert signed_in_as(client) is None
