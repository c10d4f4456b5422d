"""Shared fixtures. Each test builds what it needs through tests/factories.py; the seed
instruments come from the JSON fixture, as in `make run`."""

from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db import transaction
from django.http import HttpRequest
from django.test import Client
from django.test.utils import override_settings

from checklist.instruments.models import Instrument
from tests.factories import (
    make_instrument_editor,
    make_staff,
    make_team,
    make_user,
    seed_instruments,
)


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


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    """django-allauth counts sign-ins, reset e-mails and two-factor codes in the cache;
    each test starts with none counted, as each starts with an empty database."""
    from django.core.cache import cache

    cache.clear()


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
    return make_staff()


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
