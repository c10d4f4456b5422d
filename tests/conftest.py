"""Shared fixtures. Each test builds what it needs through tests/factories.py; the seed
instruments come from the JSON fixture, as in `make run`."""

import email
import email.policy
import socket
import time
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.http import HttpRequest
from django.test import Client
from django.test.utils import override_settings

from checklist.instruments.models import Instrument
from tests.factories import make_instrument_editor, make_team, make_user, seed_instruments


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Tests create many accounts; the production hasher is slow on purpose."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def static_files():
    """Static files as in production, minus what costs time and no test reads.

    Hashed names and a manifest, so a page linking a file that does not exist fails its
    test; but not WhiteNoise's gzip and brotli copies, which took most of a run's start-up.
    Each test's client loads the middleware afresh, and WhiteNoise would list the whole
    static folder each time (about 1,600 files with Django admin's); in autorefresh mode it
    looks a file up only when one is asked for, which only the browser tests do.
    """
    from django.conf import settings

    manifest = "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
    storages = {**settings.STORAGES, "staticfiles": {"BACKEND": manifest}}
    with override_settings(STORAGES=storages, WHITENOISE_AUTOREFRESH=True):
        yield


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, static_files):
    """Pages link static files through the manifest, and only tests with a database render
    pages: collect the files once, with the test database, so tests without one skip it."""
    call_command("collectstatic", interactive=False, verbosity=0)


@pytest.fixture(scope="module")
def module_db(django_db_setup, django_db_blocker):
    """For data built once per module: request it from a module-scoped fixture, whose
    writes then last until the module's last test and are rolled back after it. Each test
    must still request ``db`` (a savepoint inside), so what it changes is undone after it."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield
        transaction.set_rollback(True)


class LoginClient(Client):
    """The test client, whose ``login()`` goes through django-axes like the login form does.

    Axes refuses to judge a login without a request (it throttles by the client's address),
    and Django's ``Client.login`` passes none; give it one from the test client's address.
    """

    def login(self, **credentials) -> bool:
        request = HttpRequest()
        request.META["REMOTE_ADDR"] = "127.0.0.1"
        return super().login(request=request, **credentials)


@pytest.fixture
def client() -> LoginClient:
    return LoginClient()


@pytest.fixture
def reader(db):
    """Signed in, with no special permission: reads instruments."""
    return make_user("reader")


@pytest.fixture
def instrument_editor(db):
    return make_instrument_editor()


@pytest.fixture
def staff(db):
    return make_user("staff", is_staff=True, is_superuser=True)


@pytest.fixture
def seeded(db) -> dict[str, Instrument]:
    return seed_instruments()


@pytest.fixture
def login(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in


@pytest.fixture
def media(settings, tmp_path):
    """Uploads and stored reports go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def team(seeded) -> SimpleNamespace:
    """See factories.make_team: one assessment, one person per role and an outsider."""
    return make_team(seeded)


class Inbox:
    """What a real SMTP server (aiosmtpd) received, as parsed messages."""

    def __init__(self):
        self.messages: list = []

    async def handle_DATA(self, server, session, envelope) -> str:
        self.messages.append(
            email.message_from_bytes(envelope.content, policy=email.policy.default)
        )
        return "250 Message accepted for delivery"

    def to(self, address: str, *, timeout: float = 10.0):
        """The last message sent to ``address``, waiting for it to arrive."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for message in reversed(self.messages):
                if address.lower() in message["To"].lower():
                    return message
            time.sleep(0.05)
        raise AssertionError(f"no e-mail reached {address}")

    @staticmethod
    def body(message) -> str:
        return message.get_body(preferencelist=("plain",)).get_content()


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on a free local port, and the app's mail settings pointing at it:
    mail goes through Django's SMTP backend and a socket, as in production."""
    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS, settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD = False, "", ""
    yield inbox
    controller.stop()


@pytest.fixture
def unreachable_mail_server(settings):
    """The SMTP backend pointed at a local port nothing listens on: sending fails at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_USE_TLS = "127.0.0.1", port, False
