"""Accounts: the login page, password reset and change, the account page, e-mail change and
signing out of other sessions (django-allauth's pages in the app's layout)."""

import re

import pytest
from allauth.account.models import EmailAddress
from allauth.usersessions.models import UserSession
from django.contrib.sessions.models import Session
from django.core import mail

from tests.conftest import LoginClient
from tests.factories import PASSWORD, make_user

LINK = re.compile(r"https?://[^/\s]+(/accounts/\S+/)")


@pytest.fixture
def amira(db):
    return make_user("amira", first_name="Amira", last_name="Mansour")


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post("/accounts/login/", {"login": username, "password": password})


def link_in(message) -> str:
    return LINK.search(message.body).group(1)


def test_login_page_links_to_password_reset(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/reset/"' in page
    assert "<h1" in page and "Log in" in page


def test_password_reset_gives_one_answer_whether_or_not_the_address_has_an_account(client, amira):
    known = client.post("/accounts/password/reset/", {"email": "AMIRA@example.org"})
    unknown = client.post("/accounts/password/reset/", {"email": "nobody@example.org"})
    assert (known.status_code, known["Location"]) == (302, "/accounts/password/reset/done/")
    assert (unknown.status_code, unknown["Location"]) == (302, "/accounts/password/reset/done/")
    # Only the owner of the address learns which it was, in their own mailbox.
    assert [message.to for message in mail.outbox] == [
        ["amira@example.org"],
        ["nobody@example.org"],
    ]
    assert "/accounts/password/reset/key/" in mail.outbox[0].body
    assert "/accounts/password/reset/key/" not in mail.outbox[1].body


def test_password_reset_link_sets_a_new_password(client, amira):
    client.post("/accounts/password/reset/", {"email": "amira@example.org"})
    form_url = client.get(link_in(mail.outbox[0]))["Location"]
    new = "granite kettle sings at dawn"
    response = client.post(form_url, {"password1": new, "password2": new})
    assert response.status_code == 302
    amira.refresh_from_db()
    assert amira.check_password(new)


def test_password_reset_requests_are_throttled(client, amira):
    answers = [
        client.post("/accounts/password/reset/", {"email": "amira@example.org"}) for _ in range(5)
    ]
    assert [answer.status_code for answer in answers] == [302, 302, 302, 429, 429]
    assert len(mail.outbox) == 3
    page = answers[-1].content.decode()
    assert "Too many requests" in page
    assert "Refugee protection checklist" in page


def test_password_change_keeps_this_session_and_checks_the_old_password(client, amira):
    sign_in(client, "amira")
    new = "granite kettle sings at dawn"
    wrong = client.post(
        "/accounts/password/change/",
        {"oldpassword": "not-it", "password1": new, "password2": new},
    )
    assert wrong.status_code == 200
    amira.refresh_from_db()
    assert amira.check_password(PASSWORD)
    right = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": new, "password2": new},
    )
    assert right.status_code == 302
    amira.refresh_from_db()
    assert amira.check_password(new)
    assert client.get("/").status_code == 200


def test_account_page_saves_the_name(client, amira):
    sign_in(client, "amira")
    page = client.get("/accounts/").content.decode()
    for link in ["/accounts/email/", "/accounts/password/change/", "/accounts/2fa/"]:
        assert f'href="{link}"' in page
    assert 'href="/accounts/sessions/"' in page
    response = client.post("/accounts/", {"first_name": "Amira", "last_name": "Haddad"})
    assert response.status_code == 302
    amira.refresh_from_db()
    assert amira.last_name == "Haddad"


def test_too_long_a_name_is_refused_and_kept_in_the_form(client, amira):
    sign_in(client, "amira")
    response = client.post("/accounts/", {"first_name": "A" * 200, "last_name": "Haddad"})
    assert response.status_code == 400
    assert "A" * 200 in response.content.decode()
    amira.refresh_from_db()
    assert amira.last_name == "Mansour"


def test_email_changes_only_once_the_new_address_confirms_it(client, amira):
    sign_in(client, "amira")
    response = client.post("/accounts/email/", {"email": "amira.new@example.org", "action_add": ""})
    assert response.status_code == 302
    amira.refresh_from_db()
    assert amira.email == "amira@example.org"
    (message,) = mail.outbox
    assert message.to == ["amira.new@example.org"]
    confirm = link_in(message)
    assert client.post(confirm).status_code == 302
    amira.refresh_from_db()
    assert amira.email == "amira.new@example.org"
    assert list(EmailAddress.objects.filter(user=amira).values_list("email", "verified")) == [
        ("amira.new@example.org", True)
    ]


def test_a_tampered_confirmation_link_changes_nothing(client, amira):
    sign_in(client, "amira")
    client.post("/accounts/email/", {"email": "amira.new@example.org", "action_add": ""})
    confirm = link_in(mail.outbox[0])
    tampered = confirm[:-3] + "xx/"
    response = client.post(tampered)
    assert response.status_code in (302, 404)
    amira.refresh_from_db()
    assert amira.email == "amira@example.org"


def test_sign_out_of_every_other_session(amira):
    here, phone, laptop = LoginClient(), LoginClient(), LoginClient()
    for client in (here, phone, laptop):
        assert sign_in(client, "amira").status_code == 302
        client.get("/")
    assert UserSession.objects.filter(user=amira).count() == 3
    page = here.get("/accounts/sessions/").content.decode()
    assert "Sign Out Other Sessions" in page
    assert here.post("/accounts/sessions/").status_code == 302
    assert here.get("/").status_code == 200
    for other in (phone, laptop):
        assert other.get("/").status_code == 302
        assert not Session.objects.filter(session_key=other.cookies["sessionid"].value).exists()


ACCOUNT_PAGES = [
    "/accounts/login/",
    "/accounts/password/reset/",
    "/accounts/password/reset/done/",
    "/accounts/password/reset/key/1-not-a-key/",
    "/accounts/signup/",
    "/accounts/",
    "/accounts/email/",
    "/accounts/password/change/",
    "/accounts/sessions/",
    "/accounts/2fa/",
    "/accounts/reauthenticate/",
    "/accounts/logout/",
]


def test_account_pages_are_the_apps_own_and_break_no_rule_of_the_policy(amira):
    anonymous, signed_in = LoginClient(), LoginClient()
    sign_in(signed_in, "amira")
    for url in ACCOUNT_PAGES:
        client = anonymous if url in ACCOUNT_PAGES[:5] else signed_in
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert "Refugee protection checklist" in html, url
        assert "INVALID-TEMPLATE-VARIABLE" not in html, url
        assert not re.search(r"\sstyle\s*=", html), url
        assert "<style" not in html, url
        assert not re.search(r"<script(?![^>]*\ssrc=)[^>]*>", html), url
        assert not re.search(r"\son[a-z]+\s*=", html), url
