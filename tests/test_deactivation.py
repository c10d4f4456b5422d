"""Deactivating an account: it cannot sign in, its open sessions end at once (Django's
ModelBackend answers no user for an inactive account), its name stays in the history and the
reports, and it can be reactivated. Only an organisation admin whose organisations are all of
the person's may do it, never to themselves or to site staff."""

import pytest
from django.contrib.auth import get_user_model

from tests.conftest import LoginClient
from tests.factories import (
    PASSWORD,
    add_to_organisation,
    make_organisation,
    make_user,
    set_finding,
)


def deactivate_url(team, user, action: str = "deactivate") -> str:
    membership = team.organisation.memberships.get(user=user)
    return f"/organisations/{team.organisation.slug}/members/{membership.pk}/{action}/"


def signed_in(username: str) -> LoginClient:
    """Signed in through the login form, as a person is (a real session and backend)."""
    client = LoginClient()
    answer = client.post("/accounts/login/", {"username": username, "password": PASSWORD})
    assert answer.status_code == 302
    return client


def is_active(user) -> bool:
    user.refresh_from_db()
    return user.is_active


def test_the_open_session_ends_at_once_and_signing_in_is_refused(login, team):
    editor = signed_in("editor")
    checklist = f"/assessments/{team.assessment.pk}/"
    assert editor.get(checklist).status_code == 200
    assert login(team.org_admin).post(deactivate_url(team, team.editor)).status_code == 302
    assert not is_active(team.editor)
    answer = editor.get(checklist)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/accounts/login/")
    fresh = LoginClient()
    again = fresh.post("/accounts/login/", {"username": "editor", "password": PASSWORD})
    assert again.status_code == 200
    assert "_auth_user_id" not in fresh.session


def test_the_name_stays_in_the_history_and_the_reports(login, team):
    item = set_finding(team, "16", "compliant", evidence="Refugees Act 2021")
    login(team.org_admin).post(deactivate_url(team, team.editor))
    owner = login(team.owner)
    history = owner.get(f"/assessments/{team.assessment.pk}/items/{item.pk}/history/")
    assert "editor" in history.content.decode()
    activity = owner.get(f"/assessments/{team.assessment.pk}/activity/").content.decode()
    assert "editor" in activity
    members = owner.get(f"/assessments/{team.assessment.pk}/members/").content.decode()
    assert "editor@example.org" in members


def test_reactivation_lets_the_person_sign_in_again(login, team):
    admin = login(team.org_admin)
    admin.post(deactivate_url(team, team.editor))
    assert "Deactivated" in admin.get(f"/organisations/{team.organisation.slug}/").content.decode()
    assert admin.post(deactivate_url(team, team.editor, "reactivate")).status_code == 302
    assert is_active(team.editor)
    assert signed_in("editor").get(f"/assessments/{team.assessment.pk}/").status_code == 200


def test_an_admin_cannot_deactivate_themselves(login, team):
    answer = login(team.org_admin).post(deactivate_url(team, team.org_admin))
    assert answer.status_code == 400
    assert "your own account" in answer.content.decode()
    assert is_active(team.org_admin)


def test_site_staff_are_left_to_a_site_administrator(login, team):
    staff = make_user("site.staff", is_staff=True)
    add_to_organisation(team.organisation, staff)
    answer = login(team.org_admin).post(deactivate_url(team, staff))
    assert answer.status_code == 400
    assert "site administrator" in answer.content.decode()
    assert is_active(staff)


def test_a_person_also_in_another_organisation_is_left_to_a_site_administrator(login, team):
    add_to_organisation(make_organisation("UNHCR Kenya"), team.reviewer)
    for action in ("deactivate", "reactivate"):
        answer = login(team.org_admin).post(deactivate_url(team, team.reviewer, action))
        assert answer.status_code == 400
        assert "also belongs to another organisation" in answer.content.decode()
    assert is_active(team.reviewer)


@pytest.mark.parametrize("role", ["owner", "editor", "viewer"])
def test_members_who_are_not_admins_cannot_deactivate(login, team, role):
    answer = login(getattr(team, role)).post(deactivate_url(team, team.reviewer))
    assert answer.status_code == 403
    assert is_active(team.reviewer)


def test_a_deactivated_admin_does_not_count_as_the_organisation_s_admin(login, team):
    second = make_user("second.admin")
    add_to_organisation(team.organisation, second, "admin")
    get_user_model().objects.filter(pk=second.pk).update(is_active=False)
    own = team.organisation.memberships.get(user=team.org_admin)
    answer = login(team.org_admin).post(
        f"/organisations/{team.organisation.slug}/members/{own.pk}/role/", {"role": "member"}
    )
    assert answer.status_code == 400
    assert "at least one admin" in answer.content.decode()
