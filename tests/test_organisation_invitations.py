"""Invitations into an organisation: an admin invites an address; a new person sets a name
and password and becomes a member; an account signs in and accepts; the same clear pages and
single use as an assessment's invitations (tests/test_invitations.py covers those in depth)."""

import hashlib
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from checklist.accounts.models import OrganisationInvitation, OrganisationRole
from checklist.accounts.services import unique_slug
from tests.factories import PASSWORD, make_user

NEW_PASSWORD = "kakuma-camp-registration-2026"


@pytest.fixture
def invite(login, team, django_capture_on_commit_callbacks):
    def send(email: str, role: str = "member"):
        with django_capture_on_commit_callbacks(execute=True):
            answer = login(team.org_admin).post(
                f"/organisations/{team.organisation.slug}/invite/", {"email": email, "role": role}
            )
        body = mail.outbox[-1].body if mail.outbox else ""
        found = re.search(r"(/organisations/invitations/[\w-]+/)", body)
        return answer, found.group(1) if found else None

    return send


def test_a_new_person_joins_the_organisation_with_the_invited_role(invite, team, client):
    answer, link = invite("amina@knchr.org", role="admin")
    assert answer.status_code == 302
    assert (
        OrganisationInvitation.objects.get().token_hash
        == hashlib.sha256(link.split("/")[-2].encode()).hexdigest()
    )
    client.logout()
    answer = client.post(
        link,
        {"first_name": "Amina", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"/organisations/{team.organisation.slug}/"
    amina = get_user_model().objects.get(email="amina@knchr.org")
    assert team.organisation.memberships.get(user=amina).role == OrganisationRole.ADMIN
    assert client.get(answer["Location"]).status_code == 200
    client.logout()
    assert client.get(link).status_code == 410


def test_an_account_is_not_added_until_it_accepts(invite, team, client):
    guest = make_user("guest")
    _, link = invite("GUEST@example.org")
    assert not team.organisation.memberships.filter(user=guest).exists()
    client.login(username="guest", password=PASSWORD)
    assert "Accept the invitation" in client.get(link).content.decode()
    assert client.post(link).status_code == 302
    assert team.organisation.memberships.get(user=guest).role == OrganisationRole.MEMBER


def test_members_and_pending_addresses_are_not_invited_twice(invite, team):
    answer, _ = invite("editor@example.org")
    assert answer.status_code == 400
    assert "already a member" in answer.content.decode()
    invite("amina@knchr.org")
    answer, _ = invite("Amina@KNCHR.org")
    assert answer.status_code == 400
    assert "has an invitation pending" in answer.content.decode()
    assert OrganisationInvitation.objects.count() == 1


def test_withdrawn_and_tampered_links_get_clear_pages(invite, team, login, client):
    _, link = invite("amina@knchr.org")
    invitation = OrganisationInvitation.objects.get()
    admin = login(team.org_admin)
    admin.post(f"/organisations/{team.organisation.slug}/invitations/{invitation.pk}/revoke/")
    client.logout()
    assert "was withdrawn" in client.get(link).content.decode()
    assert client.get("/organisations/invitations/forged/").status_code == 404


def test_no_organisation_takes_the_name_of_the_invitation_pages(db):
    assert unique_slug("Invitations") == "invitations-2"


def test_a_failing_mail_server_keeps_the_invitation_and_shows_the_link(
    transactional_db, login, team, unreachable_mail_server, caplog
):
    client = login(team.org_admin)
    answer = client.post(
        f"/organisations/{team.organisation.slug}/invite/",
        {"email": "amina@knchr.org", "role": "member"},
    )
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert "could not be sent" in page
    token = re.search(r"/organisations/invitations/([\w-]+)/", page).group(1)
    invitation = OrganisationInvitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert "Invitation e-mail not sent to amina@knchr.org" in caplog.text
