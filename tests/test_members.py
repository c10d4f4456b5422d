"""Members: owners add people by username or email, change roles, remove them."""

import pytest

from checklist.assessments.models import Event, Membership, Role
from tests.factories import make_user, organisation_of


def members_url(team) -> str:
    return f"/assessments/{team.assessment.pk}/members/"


def membership(team, user) -> Membership:
    return Membership.objects.get(assessment=team.assessment, user=user)


@pytest.mark.parametrize("who", ["newcomer", "NEWCOMER@example.org"])
def test_owner_adds_a_person_by_username_or_email(login, team, who):
    newcomer = make_user("newcomer")
    answer = login(team.owner).post(members_url(team), {"who": who, "role": "reviewer"})
    assert answer.status_code == 302
    assert membership(team, newcomer).role == Role.REVIEWER
    assert Event.objects.filter(kind=Event.Kind.MEMBERS, summary__contains="newcomer").exists()


def test_unknown_person_is_refused_with_a_clear_message(login, team):
    answer = login(team.owner).post(members_url(team), {"who": "nobody", "role": "editor"})
    assert answer.status_code == 400
    assert "No account has that username or email." in answer.content.decode()
    assert 'value="nobody"' in answer.content.decode()
    assert Membership.objects.filter(assessment=team.assessment).count() == 4


def test_an_existing_member_is_not_added_twice(login, team):
    answer = login(team.owner).post(members_url(team), {"who": "viewer", "role": "editor"})
    assert answer.status_code == 400
    assert "viewer is already a member" in answer.content.decode()
    assert membership(team, team.viewer).role == Role.VIEWER


def test_forged_role_is_refused(login, team):
    make_user("newcomer")
    answer = login(team.owner).post(members_url(team), {"who": "newcomer", "role": "admin"})
    assert answer.status_code == 400
    assert not Membership.objects.filter(user__username="newcomer").exists()


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
    assert "Add member" not in page
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
