"""Crafted ids and numbers answer 404 or a form error, never a 500: ids past what the
databases hold, digits that str.isdigit() accepts but int() does not, numbers JSON turns
into infinity. Every path converter and every query parameter a view reads is tried."""

import re

import pytest
from django.http import QueryDict
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve

from checklist.assessments.models import Assessment
from tests import test_access

world = test_access.world
CRAFTED = [
    "0",
    "9223372036854775807",
    "9223372036854775808",
    "9999999999999999999999999",
    "9" * 400,
    "²",
    "\uff11\uff12",  # full-width digits
    "-1",
    "1e400",
    "NaN",
    "",
]
DRAFT_ROUTES = {"instruments:import_review", "instruments:import_confirm"}
CONVERTER = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


def routes(resolver=None, prefix="") -> dict[str, str]:
    """Every named pattern's full route, e.g. "assessments/<id:pk>/", by its name."""
    found = {}
    for pattern in (resolver or get_resolver()).url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            namespace = f"{pattern.namespace}:" if pattern.namespace else ""
            found |= {namespace + name: path for name, path in routes(pattern, route).items()}
        elif isinstance(pattern, URLPattern) and pattern.name:
            found[pattern.name] = route
    return found


def visitor(name: str) -> str:
    """Who can open the URL with its real ids: the instrument editor, the organisation's
    admin (its institutions) or the owner."""
    if name.startswith("instruments:"):
        return "instr_editor"
    return "org_admin" if name.startswith("followup:institution") else "owner"


def path_with(route: str, values: dict) -> str:
    return "/" + CONVERTER.sub(lambda match: str(values[match["name"]]), route)


@pytest.fixture
def clients(world):
    urls, people = world.urls, world.people
    signed_in = {}
    for role in ("owner", "instr_editor", "org_admin"):
        signed_in[role] = Client(raise_request_exception=False)
        signed_in[role].force_login(people[role])
    return urls, signed_in


def test_every_path_converter_refuses_crafted_ids(clients):
    urls, signed_in = clients
    every_route = routes()
    for name in test_access.EXPECTED:
        real = resolve(urls[name].partition("?")[0]).kwargs
        client = signed_in[visitor(name)]
        for converter in real:
            for value in CRAFTED:
                path = path_with(every_route[name], {**real, converter: value})
                answer = client.get(path)
                if name in DRAFT_ROUTES and answer.status_code == 302:
                    # A draft that is not there (gone, expired, never made) sends the person
                    # back to start the import again, with a message.
                    assert answer["Location"] == "/instruments/import/", path
                    continue
                assert answer.status_code in (404, 405), (path, answer.status_code)


@pytest.fixture
def read_parameters(monkeypatch):
    """The names of the query parameters views read, collected as they read them."""
    names = set()
    original_get, original_getlist = QueryDict.get, QueryDict.getlist

    def get(self, key, default=None):
        names.add(key)
        return original_get(self, key, default)

    def getlist(self, key, default=None):
        names.add(key)
        return original_getlist(self, key, default)

    monkeypatch.setattr(QueryDict, "get", get)
    monkeypatch.setattr(QueryDict, "getlist", getlist)
    return names


def test_every_query_parameter_refuses_crafted_numbers(clients, read_parameters):
    urls, signed_in = clients
    for name in test_access.EXPECTED:
        client = signed_in[visitor(name)]
        read_parameters.clear()
        if client.get(urls[name]).status_code == 405:
            continue
        parameters = {key for key in read_parameters if not key.startswith(("csrf", "HTTP"))}
        for parameter in sorted(parameters):
            for value in CRAFTED:
                answer = client.get(urls[name], {parameter: value})
                assert answer.status_code < 500, (name, parameter, value)


def test_the_activity_filter_ignores_a_person_that_is_no_number(login, team):
    client = login(team.owner)
    for person in ["²", "9" * 30, "9223372036854775808"]:
        answer = client.get(f"/assessments/{team.assessment.pk}/activity/", {"person": person})
        assert answer.status_code == 200


def test_an_assessment_with_a_huge_instrument_id_is_a_form_error(login, team, seeded):
    for instrument in ["9999999999999999999999999", "9223372036854775808", "²"]:
        answer = login(team.owner).post(
            "/assessments/new/",
            {"country": "KE", "title": "Review", "as_of": "2026-06-30", "instruments": instrument},
        )
        assert answer.status_code == 400
        assert "Select a valid choice" in answer.content.decode()
    assert Assessment.objects.count() == 1


def test_a_huge_version_in_a_save_is_a_form_error(login, team):
    item = team.items[0]
    answer = login(team.editor).post(
        f"/assessments/{team.assessment.pk}/items/{item.pk}/",
        {"finding": "compliant", "evidence": "", "notes": "", "version": "9" * 30},
    )
    assert answer.status_code == 400
    item.response.refresh_from_db()
    assert item.response.finding == "not_assessed"
