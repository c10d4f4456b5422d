"""Shared people and data. Each test builds what it needs; the seed instruments come from
the JSON fixture, as in `make run`."""

from datetime import date
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.management import call_command
from django.http import HttpRequest
from django.test import Client

from checklist.assessments import services
from checklist.assessments.models import Membership
from checklist.instruments.access import ensure_editors_group
from checklist.instruments.models import Instrument

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "fixtures" / "sources"
EXCOM_SOURCE = SOURCES / "000_c6cc819c67189eab.txt"
GA_SOURCE = SOURCES / "002_d895cae4cdb17755.txt"
PASSWORD = "a-long-test-password-1951"


@pytest.fixture(scope="session", autouse=True)
def fast_password_hashing():
    """Tests create many accounts; the production hasher is slow on purpose."""
    from django.conf import settings
    from django.contrib.auth.hashers import get_hashers, get_hashers_by_algorithm

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    get_hashers.cache_clear()
    get_hashers_by_algorithm.cache_clear()


@pytest.fixture(scope="session", autouse=True)
def collected_static(django_db_blocker):
    """Pages link static files through the manifest, as in production: collect them once."""
    with django_db_blocker.unblock():
        call_command("collectstatic", interactive=False, verbosity=0)


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


def make_user(username: str, **fields):
    user = get_user_model().objects.create_user(
        username=username, email=f"{username}@example.org", password=PASSWORD, **fields
    )
    return user


@pytest.fixture
def reader(db):
    """Signed in, with no special permission: reads instruments."""
    return make_user("reader")


@pytest.fixture
def instrument_editor(db):
    """In the "Instrument editors" group, as `seed_demo` sets it up."""
    user = make_user("instrument_editor")
    user.groups.add(ensure_editors_group())
    return user


@pytest.fixture
def staff(db):
    return make_user("staff", is_staff=True, is_superuser=True)


@pytest.fixture
def seeded(db) -> dict[str, Instrument]:
    call_command("loaddata", ROOT / "fixtures" / "instruments.json", verbosity=0)
    return {
        "excom": Instrument.objects.get(symbol="ExCom Conclusion No. 52 (XXXIX)"),
        "ga": Instrument.objects.get(symbol="A/RES/52/132"),
    }


@pytest.fixture
def login(client):
    def log_in(user):
        client.force_login(user)
        return client

    return log_in


def grant(user, *codenames: str) -> None:
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="instruments", codename__in=codenames)
    )


@pytest.fixture
def team(seeded) -> SimpleNamespace:
    """An assessment of Kenya against both seed instruments (10 items), with one named person
    per role and an outsider who is signed in but not a member."""
    people = {role: make_user(role) for role in ["owner", "editor", "reviewer", "viewer"]}
    assessment = services.create_assessment(
        owner=people["owner"],
        country="KE",
        title="Review 2026",
        as_of=date(2026, 6, 30),
        instruments=[seeded["excom"], seeded["ga"]],
    )
    for role in ["editor", "reviewer", "viewer"]:
        Membership.objects.create(assessment=assessment, user=people[role], role=role)
    return SimpleNamespace(
        assessment=assessment,
        outsider=make_user("outsider"),
        items=list(assessment.items.order_by("position")),
        **people,
    )


def item_numbered(assessment, symbol: str, number: str):
    return assessment.items.select_related("response").get(instrument__symbol=symbol, number=number)


def set_finding(team, number: str, finding: str, evidence: str = "", symbol="A/RES/52/132"):
    """The team's editor records a finding on §``number`` of ``symbol``."""
    item = item_numbered(team.assessment, symbol, number)
    services.save_response(
        response=item.response,
        user=team.editor,
        version=item.response.version,
        finding=finding,
        evidence=evidence,
        notes="",
    )
    return item
