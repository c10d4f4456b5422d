"""Organisations: their admins see and manage every assessment of theirs, the dashboard
groups by organisation, the last admin stays, the policy, the first organisation's command,
and the migration that gives today's assessments an organisation."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from checklist.accounts.models import Organisation, OrganisationMembership, OrganisationRole
from checklist.assessments.models import Membership
from tests.factories import (
    add_member,
    add_to_organisation,
    make_assessment,
    make_organisation,
    make_user,
)


def organisation_url(team) -> str:
    return f"/organisations/{team.organisation.slug}/"


def test_organisation_admin_sees_every_assessment_of_theirs_without_being_a_member(login, team):
    page = login(team.org_admin).get("/").content.decode()
    assert "Kenya National Commission on Human Rights" in page
    assert f'href="/assessments/{team.assessment.pk}/">Review 2026</a>' in page
    assert "Organisation admin" in page
    assert login(team.org_admin).get(f"/assessments/{team.assessment.pk}/").status_code == 200


def test_organisation_admin_manages_members_but_does_not_write_findings(login, team):
    client = login(team.org_admin)
    viewer = Membership.objects.get(assessment=team.assessment, user=team.viewer)
    members = f"/assessments/{team.assessment.pk}/members/"
    assert client.post(f"{members}{viewer.pk}/role/", {"role": "editor"}).status_code == 302
    viewer.refresh_from_db()
    assert viewer.role == "editor"
    item = team.items[0]
    answer = client.post(
        f"/assessments/{team.assessment.pk}/items/{item.pk}/",
        {"finding": "compliant", "evidence": "", "notes": "", "version": 0},
    )
    assert answer.status_code == 403
    item.response.refresh_from_db()
    assert item.response.finding == "not_assessed"


def test_an_admin_of_another_organisation_sees_nothing_of_this_one(login, team):
    other = make_organisation("UNHCR Kenya")
    admin = other.memberships.get().user
    client = login(admin)
    assert "Review 2026" not in client.get("/").content.decode()
    assert client.get(f"/assessments/{team.assessment.pk}/").status_code == 404
    assert client.get(organisation_url(team)).status_code == 404


def test_a_reviewer_from_another_organisation_sees_only_the_assessment_invited_into(
    login, team, seeded
):
    unhcr = make_organisation("UNHCR Kenya")
    guest = make_user("unhcr.reviewer")
    add_to_organisation(unhcr, guest)
    add_member(team.assessment, guest, "reviewer")
    hidden = make_assessment(
        owner=team.owner, instruments=[seeded["excom"]], title="Internal draft"
    )
    client = login(guest)
    page = client.get("/").content.decode()
    assert "Review 2026" in page and "Internal draft" not in page
    assert "(invited into one of its assessments)" in page
    assert client.get(f"/assessments/{hidden.pk}/").status_code == 404
    assert client.get(organisation_url(team)).status_code == 404


def test_the_dashboard_groups_by_organisation(login, team, seeded):
    unhcr = make_organisation("UNHCR Kenya")
    add_to_organisation(unhcr, team.owner)
    make_assessment(
        owner=team.owner, instruments=[seeded["excom"]], title="Camp survey", organisation=unhcr
    )
    page = login(team.owner).get("/").content.decode()
    knchr = page.index("Kenya National Commission on Human Rights")
    unhcr_at = page.index("UNHCR Kenya")
    assert knchr < page.index("Review 2026") < unhcr_at < page.index("Camp survey")


def test_the_last_admin_can_be_neither_demoted_nor_removed(login, team):
    client = login(team.org_admin)
    admin = team.organisation.memberships.get(user=team.org_admin)
    answer = client.post(f"{organisation_url(team)}members/{admin.pk}/role/", {"role": "member"})
    assert answer.status_code == 400
    assert "at least one admin" in answer.content.decode()
    answer = client.post(f"{organisation_url(team)}members/{admin.pk}/remove/")
    assert answer.status_code == 400
    admin.refresh_from_db()
    assert admin.role == OrganisationRole.ADMIN


def test_an_admin_makes_another_admin_then_may_step_down(login, team):
    client = login(team.org_admin)
    editor = team.organisation.memberships.get(user=team.editor)
    assert (
        client.post(f"{organisation_url(team)}members/{editor.pk}/role/", {"role": "admin"})
    ).status_code == 302
    admin = team.organisation.memberships.get(user=team.org_admin)
    assert client.post(f"{organisation_url(team)}members/{admin.pk}/remove/").status_code == 302
    assert not OrganisationMembership.objects.filter(pk=admin.pk).exists()


def test_the_policy_is_saved_and_a_bad_domain_refused_with_the_typing_kept(login, team):
    client = login(team.org_admin)
    policy = f"{organisation_url(team)}policy/"
    answer = client.post(policy, {"require_two_factor": "on", "sso_email_domain": "@KNCHR.org"})
    assert answer.status_code == 302
    team.organisation.refresh_from_db()
    assert team.organisation.require_two_factor
    assert team.organisation.sso_email_domain == "knchr.org"
    answer = client.post(policy, {"sso_email_domain": "not a domain"})
    assert answer.status_code == 400
    assert "Give a domain such as knchr.org" in answer.content.decode()
    assert 'value="not a domain"' in answer.content.decode()
    team.organisation.refresh_from_db()
    assert team.organisation.sso_email_domain == "knchr.org"


def test_members_see_the_organisation_but_cannot_change_it(login, team):
    client = login(team.viewer)
    page = client.get(organisation_url(team)).content.decode()
    assert "org_admin" in page and "Save policy" not in page
    assert client.post(f"{organisation_url(team)}policy/", {}).status_code == 403


@pytest.mark.django_db
def test_create_organisation_makes_the_first_admin():
    out = StringIO()
    call_command(
        "create_organisation",
        "UNHCR Kenya",
        "--admin",
        "amina",
        "--email",
        "a@unhcr.org",
        stdout=out,
    )
    organisation = Organisation.objects.get(name="UNHCR Kenya")
    amina = get_user_model().objects.get(username="amina")
    assert organisation.memberships.get(user=amina).role == OrganisationRole.ADMIN
    assert not amina.has_usable_password()
    assert "manage.py changepassword amina" in out.getvalue()
    with pytest.raises(CommandError, match="give its --email"):
        call_command("create_organisation", "Other", "--admin", "nobody", stdout=StringIO())


@pytest.mark.django_db(transaction=True)
def test_the_migration_puts_existing_assessments_in_a_default_organisation():
    executor = MigrationExecutor(connection)
    before = [("assessments", "0002_text_limits_and_report_render")]
    executor.migrate(before)
    apps = executor.loader.project_state(before).apps
    user = apps.get_model("auth", "User").objects.create(username="old.owner")
    Assessment = apps.get_model("assessments", "Assessment")
    assessment = Assessment.objects.create(country="KE", title="Old", as_of="2025-01-01")
    apps.get_model("assessments", "Membership").objects.create(
        assessment=assessment, user=user, role="owner"
    )
    after = [("assessments", "0003_assessment_organisation")]
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    apps = executor.loader.project_state(after).apps
    migrated = apps.get_model("assessments", "Assessment").objects.get(pk=assessment.pk)
    assert migrated.organisation.name == "Default organisation"
    members = apps.get_model("accounts", "OrganisationMembership").objects.filter(
        organisation=migrated.organisation
    )
    assert list(members.values_list("user__username", "role")) == [("old.owner", "member")]
    call_command("migrate", verbosity=0)


def test_the_organisation_page_lists_only_its_own_people(login, team):
    unhcr = make_organisation("UNHCR Kenya")
    guest = make_user("unhcr.reviewer", first_name="Amina", email="amina@unhcr.org")
    add_to_organisation(unhcr, guest)
    add_member(team.assessment, guest, "reviewer")
    page = login(team.org_admin).get(organisation_url(team)).content.decode()
    assert "editor@example.org" in page
    assert "Amina" not in page and "amina@unhcr.org" not in page
    other = login(guest).get(f"/organisations/{unhcr.slug}/").content.decode()
    assert "editor@example.org" not in other and "org_admin" not in other
