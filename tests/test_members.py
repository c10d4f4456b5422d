"""Members: owners invite people by e-mail (tests/test_invitations.py follows the link),
change roles, remove them."""

import pytest

from checklist.assessments.models import Event, Membership, Role
from tests.factories import make_user, organisation_of


def members_url(team) -> str:
    return f"/assessments/{team.assessment.pk}/members/"


def membership(team, user) -> Membership:
    return Membership.objects.get(assessment=team.assessment, user=user)


def test_an_invitation_adds_nobody_until_accepted(login, team):
    make_user("newcomer")
    answer = login(team.owner).post(
        members_url(team), {"email": "NEWCOMER@example.org", "role": "reviewer"}
    )
    assert answer.status_code == 302
    assert not Membership.objects.filter(user__username="newcomer").exists()
    assert Event.objects.filter(summary="Invited someone as reviewer").exists()


def test_a_bad_address_is_refused_with_a_clear_message(login, team):
    answer = login(team.owner).post(members_url(team), {"email": "nobody", "role": "editor"})
    assert answer.status_code == 400
    assert "Give an e-mail address such as" in answer.content.decode()
    assert 'value="nobody"' in answer.content.decode()
    assert not team.assessment.invitations.exists()


def test_a_member_is_not_invited_again(login, team):
    answer = login(team.owner).post(
        members_url(team), {"email": "Viewer@example.org", "role": "editor"}
    )
    assert answer.status_code == 400
    assert "already a member" in answer.content.decode()
    assert membership(team, team.viewer).role == Role.VIEWER
    assert not team.assessment.invitations.exists()


def test_forged_role_is_refused(login, team):
    answer = login(team.owner).post(members_url(team), {"email": "a@example.net", "role": "admin"})
    assert answer.status_code == 400
    assert "Choose one of the roles offered." in answer.content.decode()
    assert not team.assessment.invitations.exists()


def test_owner_changes_a_role_and_removes_a_member(login, team):
    client = login(team.owner)
    viewer = membership(team, team.viewer)
    assert (
        client.post(f"{members_url(team)}{viewer.pk}/role/", {"role": "editor"}).status_code == 302
    )
    viewer.refresh_from_db()
    assert viewer.role == Role.EDITOR
    assert client.post(f"{members_url(team)}{viewer.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=viewer.pk).exists()
    assert login(team.viewer).get(f"/assessments/{team.assessment.pk}/").status_code == 404


def test_the_last_owner_can_neither_step_down_nor_leave(login, team):
    client = login(team.owner)
    own = membership(team, team.owner)
    answer = client.post(f"{members_url(team)}{own.pk}/role/", {"role": "viewer"})
    assert answer.status_code == 400
    assert "at least one owner" in answer.content.decode()
    assert client.post(f"{members_url(team)}{own.pk}/remove/").status_code == 400
    own.refresh_from_db()
    assert own.role == Role.OWNER


def test_with_a_second_owner_the_first_may_leave(login, team):
    Membership.objects.filter(assessment=team.assessment, user=team.editor).update(role="owner")
    own = membership(team, team.owner)
    answer = login(team.owner).post(f"{members_url(team)}{own.pk}/remove/")
    assert answer.status_code == 302
    assert answer["Location"] == "/"


@pytest.mark.parametrize("role", ["editor", "reviewer", "viewer"])
def test_non_owners_see_members_without_the_buttons(login, team, role):
    page = login(getattr(team, role)).get(members_url(team)).content.decode()
    assert "owner" in page and "reviewer" in page
    assert "Send invitation" not in page
    assert "/remove/" not in page


def test_members_of_another_assessment_cannot_be_touched(login, team, seeded):
    from checklist.assessments import services

    other = services.create_assessment(
        organisation=organisation_of(team.outsider),
        owner=team.outsider,
        country="UG",
        title="Other",
        as_of=team.assessment.as_of,
        instruments=[seeded["ga"]],
    )
    foreign = Membership.objects.get(assessment=other)
    answer = login(team.owner).post(f"{members_url(team)}{foreign.pk}/remove/")
    assert answer.status_code == 404
    assert Membership.objects.filter(pk=foreign.pk).exists()
