"""Invitations into an assessment: the hashed single-use token, the new person's account,
consent for an existing one, clear pages for bad links, resend and withdraw, a failing mail
server, and what the inviter is told (only what they typed)."""

import hashlib
import re
import threading
from datetime import timedelta

import pytest
from django import db
from django.contrib.auth import get_user_model
from django.core import mail
from django.db import connection
from django.utils import timezone

from checklist.assessments import invitations
from checklist.assessments.models import Invitation, Membership, Role
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "kakuma-camp-registration-2026"


@pytest.fixture
def invite(login, team, django_capture_on_commit_callbacks):
    """The owner invites ``email`` as ``role``; returns the answer and the link mailed."""

    def send(email: str, role: str = "reviewer", by=None):
        with django_capture_on_commit_callbacks(execute=True):
            answer = login(by or team.owner).post(
                f"/assessments/{team.assessment.pk}/members/", {"email": email, "role": role}
            )
        found = re.search(r"http://[^/]+(/assessments/invitations/[\w-]+/)", mail.outbox[-1].body)
        return answer, found.group(1) if found else None

    return send


def test_the_token_is_stored_only_as_its_hash(invite, team):
    answer, link = invite("amina@unhcr.org")
    assert answer.status_code == 302
    token = link.split("/")[-2]
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(Invitation.objects.values_list())
    assert invitation.expires_at - invitation.created_at == timedelta(days=14)
    assert mail.outbox[-1].to == ["amina@unhcr.org"]


def test_a_new_person_sets_name_and_password_and_lands_in_the_assessment(invite, team, client):
    _, link = invite("amina@unhcr.org", role="reviewer")
    client.logout()
    assert "Set up your account for amina@unhcr.org" in client.get(link).content.decode()
    answer = client.post(
        link,
        {
            "first_name": "Amina",
            "last_name": "Yusuf",
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"/assessments/{team.assessment.pk}/"
    amina = get_user_model().objects.get(email="amina@unhcr.org")
    assert amina.get_full_name() == "Amina Yusuf" and amina.check_password(NEW_PASSWORD)
    assert Membership.objects.get(assessment=team.assessment, user=amina).role == Role.REVIEWER
    assert client.get(answer["Location"]).status_code == 200
    invitation = Invitation.objects.get()
    assert invitation.accepted_by == amina and invitation.accepted_at is not None
    # Single use: the same link again is a clear page, not a second account.
    client.logout()
    again = client.get(link)
    assert again.status_code == 410
    assert "accepted already" in again.content.decode()


def test_a_weak_password_is_refused_and_the_name_kept(invite, client):
    _, link = invite("amina@unhcr.org")
    client.logout()
    answer = client.post(
        link,
        {"first_name": "Amina", "new_password1": "short", "new_password2": "short"},
    )
    assert answer.status_code == 400
    assert "This password is too short" in answer.content.decode()
    assert 'value="Amina"' in answer.content.decode()
    assert not get_user_model().objects.filter(email="amina@unhcr.org").exists()
    assert Invitation.objects.get().accepted_at is None


def test_an_existing_account_signs_in_and_accepts_matched_without_case(invite, team, client):
    guest = make_user("guest", email="guest@example.net")
    get_user_model().objects.filter(pk=guest.pk).update(email="Guest@Example.NET")
    _, link = invite("guest@example.net", role="viewer")
    assert not Membership.objects.filter(user=guest).exists()  # consent: nothing imposed
    client.logout()
    page = client.get(link).content.decode()
    assert "Sign in to accept" in page
    assert f"/accounts/login/?next={link.replace('/', '%2F')}" in page
    client.login(username="guest", password=PASSWORD)
    assert "Accept the invitation" in client.get(link).content.decode()
    assert not Membership.objects.filter(user=guest).exists()
    answer = client.post(link)
    assert answer.status_code == 302
    assert Membership.objects.get(assessment=team.assessment, user=guest).role == Role.VIEWER


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"expires_at": timezone.now() - timedelta(minutes=1)}, "has expired"),
        ({"revoked_at": timezone.now()}, "was withdrawn"),
    ],
)
def test_an_expired_or_withdrawn_link_gets_a_clear_page(invite, client, change, words):
    _, link = invite("amina@unhcr.org")
    Invitation.objects.update(**change)
    client.logout()
    for answer in (client.get(link), client.post(link, {"first_name": "A"})):
        assert answer.status_code == 410
        assert words in answer.content.decode()
    assert not get_user_model().objects.filter(email="amina@unhcr.org").exists()


@pytest.mark.parametrize("token", ["x" * 43, "x" * 500, "%00", "a.b"])
def test_a_tampered_link_gets_a_clear_page(invite, client, token):
    invite("amina@unhcr.org")
    client.logout()
    answer = client.get(f"/assessments/invitations/{token}/")
    assert answer.status_code == 404
    assert "This invitation link is not valid" in answer.content.decode()


def test_resend_makes_a_new_link_and_the_old_one_stops_working(
    invite, team, login, client, django_capture_on_commit_callbacks
):
    _, old = invite("amina@unhcr.org")
    invitation = Invitation.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        answer = login(team.owner).post(
            f"/assessments/{team.assessment.pk}/invitations/{invitation.pk}/resend/"
        )
    assert answer.status_code == 302
    new = re.search(r"(/assessments/invitations/[\w-]+/)", mail.outbox[-1].body).group(1)
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_withdrawing_ends_the_link_and_the_pending_list_shows_it(invite, team, login, client):
    _, link = invite("amina@unhcr.org")
    members = f"/assessments/{team.assessment.pk}/members/"
    assert "amina@unhcr.org" in login(team.owner).get(members).content.decode()
    assert "amina@unhcr.org" not in login(team.viewer).get(members).content.decode()
    invitation = Invitation.objects.get()
    owner = login(team.owner)
    owner.post(f"/assessments/{team.assessment.pk}/invitations/{invitation.pk}/revoke/")
    page = owner.get(members).content.decode()
    assert "Invitation to amina@unhcr.org withdrawn." in page
    assert "Invitations pending" not in page
    client.logout()
    assert client.get(link).status_code == 410


def test_a_second_invitation_to_a_pending_address_is_refused(invite):
    invite("amina@unhcr.org")
    answer, _ = invite("AMINA@unhcr.org")
    assert answer.status_code == 400
    assert "has an invitation pending" in answer.content.decode()
    assert Invitation.objects.count() == 1


def test_the_inviter_is_told_only_what_they_typed(invite, login, team):
    make_user("wanjiru", first_name="Wanjiru", last_name="Kamau", email="w@knchr.org")
    for email in ("w@knchr.org", "nobody@knchr.org"):
        answer, _ = invite(email)
        page = login(team.owner).get(answer["Location"]).content.decode()
        assert f"Invitation sent to {email}." in page
        assert "Wanjiru" not in page and "wanjiru" not in page


def test_a_failing_mail_server_keeps_the_invitation_and_shows_the_link(
    transactional_db, login, team, unreachable_mail_server, caplog
):
    client = login(team.owner)
    answer = client.post(
        f"/assessments/{team.assessment.pk}/members/",
        {"email": "amina@unhcr.org", "role": "editor"},
    )
    assert answer.status_code == 302
    invitation = Invitation.objects.get()
    page = client.get(answer["Location"]).content.decode()
    assert "could not be sent" in page
    token = re.search(r"/assessments/invitations/([\w-]+)/", page).group(1)
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert "Invitation e-mail not sent to amina@unhcr.org" in caplog.text


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads need a server database; SQLite's IMMEDIATE transactions serialise anyway",
)
def test_two_people_racing_with_one_link_make_one_membership(transactional_db, team):
    """The same link accepted at the same moment by two accounts, in two database sessions."""
    invitation = invitations.invite(
        assessment=team.assessment, email="shared@example.net", role="editor", by=team.owner
    )
    racers = [make_user("first"), make_user("second")]
    start = threading.Barrier(2)
    outcomes = []

    def accept(user):
        found = Invitation.objects.get(pk=invitation.pk)
        start.wait()
        try:
            invitations.accept(invitation=found, user=user)
            outcomes.append("joined")
        except invitations.InvitationRefused:
            outcomes.append("refused")
        finally:
            db.connection.close()

    threads = [threading.Thread(target=accept, args=(user,)) for user in racers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["joined", "refused"]
    assert Membership.objects.filter(assessment=team.assessment, user__in=racers).count() == 1
