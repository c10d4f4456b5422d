"""What each role may do in each review state: one table, proved three ways.

1. ``access.Permissions`` gives the table's answer for every role and review state.
2. The pages show exactly the controls the table allows (the checklist's buttons and row
   forms, the comment form) and carry that same Permissions object.
3. Every action the table allows succeeds, and every other one changes nothing: the
   buttons shown and the transitions accepted cannot drift apart.
"""

from datetime import date

import pytest
from django.test import Client

from checklist.assessments.access import Permissions
from checklist.assessments.models import (
    Assessment,
    Comment,
    Event,
    Finding,
    Invitation,
    ItemReview,
    Response,
)
from tests.factories import make_team, make_user, record_finding, seed_instruments

State = Assessment.ReviewState
STATES = [State.DRAFT, State.IN_REVIEW, State.CHANGES_REQUESTED, State.APPROVED]
FLAGS = ["write", "comment", "submit", "review", "approve", "reopen", "manage"]

# role: what it may do in (draft, in review, changes requested, approved)
TABLE = {
    "owner": (
        "write comment submit manage",
        "write comment manage",
        "write comment submit manage",
        "reopen manage",
    ),
    "editor": ("write comment submit", "write comment", "write comment submit", ""),
    "reviewer": ("comment", "comment review approve", "comment", ""),
    "viewer": ("", "", "", ""),
}
CASES = [
    (role, state, set(TABLE[role][STATES.index(state)].split()))
    for role in TABLE
    for state in STATES
]


@pytest.mark.parametrize(("role", "state", "allowed"), CASES)
def test_permissions_answer_the_table(role, state, allowed):
    permissions = Permissions.of(role, state)
    assert {flag for flag in FLAGS if getattr(permissions, f"can_{flag}")} == allowed


@pytest.fixture(scope="module")
def world(module_db):
    """The team's assessment with every item assessed and accepted, so that each transition
    is possible in the state it starts from; built once, each case rolled back."""
    team = make_team(seed_instruments())
    for item in team.items:
        record_finding(item.response, by=team.editor, finding=Finding.COMPLIANT)
    Response.objects.filter(item__assessment=team.assessment).update(review=ItemReview.ACCEPTED)
    team.newcomer = make_user("newcomer")
    return team


def _in_state(world, state: str, role: str) -> Client:
    Assessment.objects.filter(pk=world.assessment.pk).update(review_state=state)
    client = Client()
    client.force_login(getattr(world, role))
    return client


# flag: (marker in the checklist page when allowed, absent otherwise)
CHECKLIST_MARKERS = {
    "write": 'class="response-form"',
    "submit": "/submit/",
    "review": "/request-changes/",
    "approve": "/approve/",
    "reopen": "/reopen/",
    "manage": "/next-round/",
}


@pytest.mark.parametrize(("role", "state", "allowed"), CASES)
def test_pages_show_what_the_table_allows(world, db, role, state, allowed):
    client = _in_state(world, state, role)
    base = f"/assessments/{world.assessment.pk}/"
    page = client.get(base)
    assert page.context["permissions"] == Permissions.of(role, state)
    html = page.content.decode()
    shown = {flag for flag, marker in CHECKLIST_MARKERS.items() if marker in html}
    assert shown == allowed & set(CHECKLIST_MARKERS)
    assert ('class="d-flex flex-wrap gap-2 align-items-end mt-1 review-form"' in html) == (
        "review" in allowed
    )
    comments = client.get(f"{base}items/{world.items[0].pk}/comments/").content.decode()
    assert ('name="text"' in comments) == ("comment" in allowed)


def _state(world) -> tuple[str, int]:
    assessment = Assessment.objects.get(pk=world.assessment.pk)
    return assessment.review_state, assessment.revision


def _seen(world, role: str) -> int:
    return Event.objects.filter(assessment=world.assessment).not_by(getattr(world, role)).last_pk()


def _response(world) -> Response:
    return Response.objects.get(item=world.items[0])


# flag: (path under the assessment, form data from (world, role), what the action changes)
ACTIONS = {
    "submit": (
        "submit/",
        lambda world, role: {"confirm": "yes"},
        _state,
    ),
    "review": (
        "request-changes/",
        lambda world, role: {"note": "Say more"},
        _state,
    ),
    "approve": (
        "approve/",
        lambda world, role: {"seen": _seen(world, role)},
        _state,
    ),
    "reopen": (
        "reopen/",
        lambda world, role: {"reason": "A law changed"},
        _state,
    ),
    "write": (
        "items/{item}/",
        lambda world, role: {
            "finding": Finding.NOT_COMPLIANT,
            "evidence": "",
            "notes": "",
            "version": _response(world).version,
        },
        lambda world: _response(world).finding,
    ),
    "comment": (
        "items/{item}/comments/",
        lambda world, role: {"text": "Which law?"},
        lambda world: Comment.objects.count(),
    ),
    "manage": (
        "members/",
        lambda world, role: {"email": "newcomer@example.net", "role": "viewer"},
        lambda world: Invitation.objects.count(),
    ),
}
ITEM_REVIEW = (
    "items/{item}/review/",
    lambda world, role: {
        "verdict": ItemReview.RETURNED,
        "comment": "Cite the act",
        "version": _response(world).version,
    },
    lambda world: _response(world).review,
)
ACTION_CASES = [
    (role, state, flag, action, flag in allowed)
    for role, state, allowed in CASES
    for flag, action in [*ACTIONS.items(), ("review", ITEM_REVIEW)]
]


@pytest.mark.parametrize(("role", "state", "flag", "action", "allowed"), ACTION_CASES)
def test_actions_succeed_exactly_where_the_table_allows(
    world, db, role, state, flag, action, allowed
):
    path, data, outcome = action
    client = _in_state(world, state, role)
    before = outcome(world)
    url = f"/assessments/{world.assessment.pk}/{path.format(item=world.items[0].pk)}"
    answer = client.post(url, data(world, role))
    assert (outcome(world) != before) == allowed, (answer.status_code, answer.content[:300])


@pytest.mark.parametrize(("role", "state", "allowed"), CASES)
def test_next_round_is_for_those_who_manage(world, db, role, state, allowed):
    client = _in_state(world, state, role)
    before = Assessment.objects.count()
    client.post(
        f"/assessments/{world.assessment.pk}/next-round/",
        {"title": "Review 2027", "as_of": date(2027, 6, 30).isoformat()},
    )
    assert (Assessment.objects.count() == before + 1) == ("manage" in allowed)
