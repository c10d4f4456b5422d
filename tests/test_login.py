"""Logging in: throttling of failed attempts (django-axes), passwords, sessions."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.password_validation import validate_password
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils import timezone

from checklist.client_ip import client_ip
from tests.conftest import LoginClient
from tests.factories import PASSWORD, make_user

LOGIN = "/accounts/login/"


def attempt(client, username: str, password: str, **extra):
    return client.post(LOGIN, {"login": username, "password": password}, **extra)


def fail_until_locked(client, username: str, settings, **extra) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        attempt(client, username, "not-the-password", **extra)


@pytest.fixture
def amira(db):
    return make_user("amira")


def test_right_password_after_too_many_wrong_ones_is_refused(client, amira, settings):
    fail_until_locked(client, "amira", settings)
    response = attempt(client, "amira", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    page = response.content.decode()
    assert "Too many failed logins" in page
    assert "wrong 5 times in a row" in page
    assert "paused for 15\xa0minutes" in page
    assert client.get("/").status_code == 302


def test_fewer_failures_than_the_limit_still_let_the_person_in(client, amira, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "amira", "not-the-password").status_code == 200
    assert attempt(client, "amira", PASSWORD).status_code == 302
    assert client.session["_auth_user_id"] == str(amira.pk)


def test_lockout_ends_after_the_cool_off(client, amira, settings):
    fail_until_locked(client, "amira", settings)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert attempt(client, "amira", PASSWORD).status_code == 302


def test_lockout_spares_other_accounts_and_other_addresses(client, amira, settings):
    make_user("bruno")
    fail_until_locked(client, "amira", settings)
    assert attempt(LoginClient(), "bruno", PASSWORD).status_code == 302
    from_home = attempt(LoginClient(), "amira", PASSWORD, REMOTE_ADDR="192.0.2.7")
    assert from_home.status_code == 302


def test_forwarded_for_header_is_ignored_unless_behind_a_proxy(client, amira, settings):
    fail_until_locked(client, "amira", settings)
    spoofed = attempt(client, "amira", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert spoofed.status_code == 429


def test_client_address_behind_proxies_is_the_one_the_outermost_proxy_saw(settings):
    request = RequestFactory().get(
        "/", REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.5, 10.0.0.1"
    )
    assert client_ip(request) == "10.0.0.2"
    settings.PROXY_COUNT = 1
    assert client_ip(request) == "10.0.0.1"
    settings.PROXY_COUNT = 2
    assert client_ip(request) == "203.0.113.5"
    settings.PROXY_COUNT = 4
    assert client_ip(request) == "10.0.0.2"


def test_test_client_login_goes_through_the_throttle(amira, settings):
    client = LoginClient()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        assert not client.login(username="amira", password="not-the-password")
    assert not client.login(username="amira", password=PASSWORD)


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("Tr0ub4dor&3", "too short"),
        ("password1234", "too common"),
        ("204761539871", "entirely numeric"),
        ("amira.mansour", "too similar"),
    ],
)
def test_weak_passwords_are_refused(amira, password, reason):
    amira.first_name, amira.last_name = "Amira", "Mansour"
    amira.username = "amira.mansour"
    with pytest.raises(ValidationError, match=reason):
        validate_password(password, user=amira)


def test_a_long_passphrase_is_accepted(amira):
    validate_password("granite kettle sings at dawn", user=amira)


def test_session_key_changes_at_login(client, amira):
    session = client.session
    session["seen_login_page"] = True
    session.save()
    before = client.cookies["sessionid"].value
    assert attempt(client, "amira", PASSWORD).status_code == 302
    after = client.cookies["sessionid"].value
    assert after != before
    assert not Session.objects.filter(session_key=before).exists()


def test_logout_ends_the_session_on_the_server(client, amira):
    attempt(client, "amira", PASSWORD)
    cookie = client.cookies["sessionid"].value
    assert client.post("/accounts/logout/").status_code == 302
    assert not Session.objects.filter(session_key=cookie).exists()
    replay = LoginClient()
    replay.cookies["sessionid"] = cookie
    assert replay.get("/").status_code == 302


def test_password_change_ends_other_sessions(client, amira):
    attempt(client, "amira", PASSWORD)
    assert client.get("/").status_code == 200
    amira.set_password("a different long passphrase")
    amira.save()
    response = client.get("/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/")
