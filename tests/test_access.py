"""Every URL, for every kind of visitor, GET and POST: the exact status each must get.

A URL pattern missing from EXPECTED fails the suite, so a new view cannot skip its check.
Django's own admin and login pages are covered by Django; ours are all listed here.

Visitors: anonymous; an outsider (signed in, in no organisation and not a member of the
assessment); the assessment's viewer, reviewer, editor and owner (members of its
organisation); an instrument editor and a staff superuser (neither a member of the
assessment: staff rights do not open other people's assessments); an admin of the
assessment's organisation who is not a member of it; a member of another organisation; and a
deactivated account that was one of the assessment's editors.
"""

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.test.utils import override_settings
from django.urls import URLPattern, URLResolver, get_resolver

from checklist.accounts import invitations as tokens
from checklist.accounts import services as account_services
from checklist.accounts.models import (
    Organisation,
    OrganisationInvitation,
    OrganisationMembership,
)
from checklist.assessments import invitations, services, workflow
from checklist.assessments.models import (
    Assessment,
    Comment,
    Invitation,
    Membership,
    Response,
    Role,
    Source,
)
from checklist.instruments import drafts
from checklist.instruments.models import ImportDraft, Paragraph
from checklist.instruments.parser import parse_instrument
from tests.factories import (
    GA_SOURCE,
    add_member,
    add_to_organisation,
    make_instrument_editor,
    make_organisation,
    make_team,
    make_user,
    seed_instruments,
)
from tests.pdfs import text_pdf

LOGIN = "login-redirect"
ROLES = [
    "anonymous",
    "outsider",
    "viewer",
    "reviewer",
    "editor",
    "owner",
    "instr_editor",
    "staff",
    "org_admin",
    "other_org",
    "deactivated",
]

# name: {method: (anonymous, outsider, viewer, reviewer, editor, owner, instr_editor, staff,
#                 org_admin, other_org, deactivated)}
EXPECTED = {
    "home": {
        "GET": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    },
    "healthz": {
        "GET": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        "POST": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "instruments:list": {
        "GET": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    },
    "instruments:detail": {
        "GET": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    },
    "instruments:import": {
        "GET": (LOGIN, 403, 403, 403, 403, 403, 200, 200, 403, 403, LOGIN),
        "POST": (LOGIN, 403, 403, 403, 403, 403, 400, 400, 403, 403, LOGIN),
    },
    # The draft is the instrument editor's: staff get sent back to start an import of their own.
    "instruments:import_review": {
        "GET": (LOGIN, 403, 403, 403, 403, 403, 200, 302, 403, 403, LOGIN),
        "POST": (LOGIN, 403, 403, 403, 403, 403, 400, 302, 403, 403, LOGIN),
    },
    "instruments:import_confirm": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 403, 403, 403, 403, 403, 400, 302, 403, 403, LOGIN),
    },
    "instruments:paragraph_edit": {
        "GET": (LOGIN, 403, 403, 403, 403, 403, 200, 200, 403, 403, LOGIN),
        "POST": (LOGIN, 403, 403, 403, 403, 403, 400, 400, 403, 403, LOGIN),
    },
    "assessments:create": {
        "GET": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200, LOGIN),
        "POST": (LOGIN, 400, 400, 400, 400, 400, 400, 400, 400, 400, LOGIN),
    },
    "assessments:checklist": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    },
    "assessments:item": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 400, 400, 404, 404, 403, 404, LOGIN),
    },
    "assessments:history": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    },
    "assessments:add_source": {
        "GET": (LOGIN, 404, 403, 403, 200, 200, 404, 404, 403, 404, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 400, 400, 404, 404, 403, 404, LOGIN),
    },
    "assessments:source_file": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    },
    "assessments:remove_source": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 302, 302, 404, 404, 403, 404, LOGIN),
    },
    "assessments:members": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 400, 404, 404, 400, 404, LOGIN),
    },
    "assessments:member_role": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 400, 404, 404, 400, 404, LOGIN),
    },
    "assessments:member_remove": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 302, 404, 404, 302, 404, LOGIN),
    },
    "assessments:submit": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 409, 409, 404, 404, 403, 404, LOGIN),
    },
    "assessments:request_changes": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 302, 403, 403, 404, 404, 403, 404, LOGIN),
    },
    "assessments:approve": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 302, 403, 403, 404, 404, 403, 404, LOGIN),
    },
    "assessments:reopen": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 302, 404, 404, 302, 404, LOGIN),
    },
    "assessments:next_round": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 302, 404, 404, 302, 404, LOGIN),
    },
    "assessments:activity": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    },
    "assessments:review_item": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 302, 403, 403, 404, 404, 403, 404, LOGIN),
    },
    "assessments:comments": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN),
        "POST": (LOGIN, 404, 403, 400, 400, 400, 404, 404, 403, 404, LOGIN),
    },
    "assessments:comment_resolve": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 302, 302, 302, 404, 404, 403, 404, LOGIN),
    },
    "reports:report": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    },
    "reports:pdf": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    },
    "reports:print": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    },
    "reports:csv": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    },
    "reports:xlsx": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    },
    "assessments:invitation_resend": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 302, 404, 404, 302, 404, LOGIN),
    },
    "assessments:invitation_revoke": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 302, 404, 404, 302, 404, LOGIN),
    },
    # The link in the e-mail: whoever holds it may see it and accept (the token is the key).
    "assessments:invitation": {
        "GET": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        "POST": (400, 302, 302, 302, 302, 302, 302, 302, 302, 302, 400),
    },
    "organisations:detail": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
    },
    "organisations:policy": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 302, 404, LOGIN),
    },
    "organisations:invite": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 400, 404, LOGIN),
    },
    "organisations:invitation_resend": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 302, 404, LOGIN),
    },
    "organisations:invitation_revoke": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 302, 404, LOGIN),
    },
    "organisations:invitation": {
        "GET": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        "POST": (400, 302, 302, 302, 302, 302, 302, 302, 302, 302, 400),
    },
    "organisations:member_role": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 400, 404, LOGIN),
    },
    "organisations:member_remove": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 302, 404, LOGIN),
    },
    "organisations:deactivate": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 302, 404, LOGIN),
    },
    "organisations:reactivate": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 302, 404, LOGIN),
    },
}
# Django's own views, tested by Django.
NOT_OURS = ("admin:", "login", "logout", "password_")


def our_url_names(resolver=None, namespace="") -> list[str]:
    names = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += our_url_names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.append(f"{namespace}{pattern.name}")
    return [name for name in names if not name.startswith(NOT_OURS)]


def test_every_url_is_in_the_table():
    assert sorted(set(our_url_names())) == sorted(EXPECTED)


@pytest.fixture(scope="module")
def world(module_db, tmp_path_factory):
    """The team's assessment with one uploaded source, and every URL filled in: built once
    for the module's ~500 cases, each of which requests ``db`` to undo what it changes."""
    with override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")):
        yield build_world()


def build_world() -> SimpleNamespace:
    seeded = seed_instruments()
    team = make_team(seeded)
    assessment = team.assessment
    item = team.items[0]
    source = services.add_source(
        response=item.response,
        user=team.editor,
        source=services.NewSource(
            title="Refugee Act",
            url="",
            upload=SimpleUploadedFile("act.pdf", text_pdf([["Refugee Act"]])),
        ),
    )
    comment = workflow.add_comment(item=item, user=team.reviewer, text="Which law?")
    ga = seeded["ga"]
    paragraph = Paragraph.objects.filter(instrument=ga, number="16").get()
    viewer_membership = Membership.objects.get(assessment=assessment, user=team.viewer)
    instrument_editor = make_instrument_editor()
    draft = drafts.create_draft(
        owner=instrument_editor,
        parsed=parse_instrument(GA_SOURCE.read_text()),
        source_text=GA_SOURCE.read_text(),
        source_url="",
        warnings=[],
    )
    base = f"/assessments/{assessment.pk}"
    deactivated = make_user("former_editor")
    add_to_organisation(team.organisation, deactivated)
    add_member(assessment, deactivated, Role.EDITOR)
    deactivated.is_active = False
    deactivated.save(update_fields=["is_active"])
    organisation = f"/organisations/{team.organisation.slug}"
    invitation = invitations.invite(
        assessment=assessment, email="guest@example.net", role=Role.VIEWER, by=team.owner
    )
    # The e-mail goes out on commit, which this module's one transaction never reaches.
    token, token_hash = tokens.new_token()
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash)
    joining = account_services.invite_to_organisation(
        organisation=team.organisation, email="new@example.net", role="member", by=team.org_admin
    )
    joining_token, token_hash = tokens.new_token()
    OrganisationInvitation.objects.filter(pk=joining.pk).update(token_hash=token_hash)
    viewer_in_organisation = team.organisation.memberships.get(user=team.viewer)
    urls = {
        "home": "/",
        "healthz": "/healthz/",
        "instruments:list": "/instruments/",
        "instruments:detail": f"/instruments/{ga.pk}/",
        "instruments:import": "/instruments/import/",
        "instruments:import_review": f"/instruments/import/{draft.pk}/",
        "instruments:import_confirm": f"/instruments/import/{draft.pk}/confirm/",
        "instruments:paragraph_edit": f"/instruments/{ga.pk}/paragraphs/{paragraph.pk}/edit/",
        "assessments:create": "/assessments/new/",
        "assessments:checklist": f"{base}/",
        "assessments:item": f"{base}/items/{item.pk}/",
        "assessments:history": f"{base}/items/{item.pk}/history/",
        "assessments:add_source": f"{base}/items/{item.pk}/sources/",
        "assessments:source_file": f"{base}/sources/{source.pk}/",
        "assessments:remove_source": f"{base}/sources/{source.pk}/remove/",
        "assessments:members": f"{base}/members/",
        "assessments:member_role": f"{base}/members/{viewer_membership.pk}/role/",
        "assessments:member_remove": f"{base}/members/{viewer_membership.pk}/remove/",
        "assessments:submit": f"{base}/submit/",
        "assessments:request_changes": f"{base}/request-changes/",
        "assessments:approve": f"{base}/approve/",
        "assessments:reopen": f"{base}/reopen/",
        "assessments:next_round": f"{base}/next-round/",
        "assessments:activity": f"{base}/activity/",
        "assessments:review_item": f"{base}/items/{item.pk}/review/",
        "assessments:comments": f"{base}/items/{item.pk}/comments/",
        "assessments:comment_resolve": f"{base}/comments/{comment.pk}/resolve/",
        "reports:report": f"{base}/report/",
        "reports:pdf": f"{base}/report/pdf/",
        "reports:print": f"{base}/report/print/",
        "reports:csv": f"{base}/report/responses.csv",
        "reports:xlsx": f"{base}/report/responses.xlsx",
        "assessments:invitation_resend": f"{base}/invitations/{invitation.pk}/resend/",
        "assessments:invitation_revoke": f"{base}/invitations/{invitation.pk}/revoke/",
        "assessments:invitation": f"/assessments/invitations/{token}/",
        "organisations:detail": f"{organisation}/",
        "organisations:policy": f"{organisation}/policy/",
        "organisations:invite": f"{organisation}/invite/",
        "organisations:invitation_resend": f"{organisation}/invitations/{joining.pk}/resend/",
        "organisations:invitation_revoke": f"{organisation}/invitations/{joining.pk}/revoke/",
        "organisations:invitation": f"/organisations/invitations/{joining_token}/",
        "organisations:member_role": f"{organisation}/members/{viewer_in_organisation.pk}/role/",
        "organisations:member_remove": (
            f"{organisation}/members/{viewer_in_organisation.pk}/remove/"
        ),
        "organisations:deactivate": (
            f"{organisation}/members/{viewer_in_organisation.pk}/deactivate/"
        ),
        "organisations:reactivate": (
            f"{organisation}/members/{viewer_in_organisation.pk}/reactivate/"
        ),
    }
    people = {
        "outsider": team.outsider,
        "viewer": team.viewer,
        "reviewer": team.reviewer,
        "editor": team.editor,
        "owner": team.owner,
        "instr_editor": instrument_editor,
        "staff": make_user("staff", is_staff=True, is_superuser=True),
        "org_admin": team.org_admin,
        "other_org": make_organisation("UNHCR Kenya", admin=make_user("unhcr_member"))
        .memberships.get()
        .user,
        "deactivated": deactivated,
    }
    return SimpleNamespace(urls=urls, people=people, item=item)


def snapshot() -> list:
    """What no refused request may change."""
    return [
        list(Paragraph.objects.order_by("pk").values_list("pk", "text", "checkable")),
        list(Response.objects.order_by("pk").values_list("pk", "finding", "evidence", "version")),
        list(Membership.objects.order_by("pk").values_list("pk", "role")),
        list(Source.objects.order_by("pk").values_list("pk", "title")),
        list(Assessment.objects.order_by("pk").values_list("pk", "review_state", "revision")),
        list(Comment.objects.order_by("pk").values_list("pk", "text", "resolved_at")),
        list(ImportDraft.objects.order_by("pk").values_list("pk", "particulars", "paragraphs")),
        list(OrganisationMembership.objects.order_by("pk").values_list("pk", "role")),
        list(get_user_model().objects.order_by("pk").values_list("pk", "is_active")),
        list(Organisation.objects.order_by("pk").values_list("pk", "require_two_factor")),
        list(Invitation.objects.order_by("pk").values_list("pk", "token_hash", "revoked_at")),
        list(
            OrganisationInvitation.objects.order_by("pk").values_list(
                "pk", "token_hash", "revoked_at"
            )
        ),
    ]


CASES = [
    (name, method, role, statuses[ROLES.index(role)])
    for name, methods in EXPECTED.items()
    for method, statuses in methods.items()
    for role in ROLES
]


@pytest.mark.parametrize(("name", "method", "role", "expected"), CASES)
def test_status(world, db, name, method, role, expected):
    client = Client()
    if role != "anonymous":
        client.force_login(world.people[role])
    before = snapshot()
    response = getattr(client, method.lower())(world.urls[name])
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    else:
        assert response.status_code == expected
    if response.status_code >= 300 and expected != 302:
        # A refused or invalid request changes nothing, whoever sends it.
        assert snapshot() == before


def test_post_without_csrf_token_is_refused(world, db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.people["editor"])
    response = client.post(
        world.urls["assessments:item"],
        {"finding": "compliant", "evidence": "", "notes": "", "version": 0},
    )
    assert response.status_code == 403
    world.item.response.refresh_from_db()
    assert world.item.response.finding == "not_assessed"


def test_import_post_without_csrf_token_is_refused(world, db):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.people["instr_editor"])
    before = snapshot()
    response = client.post("/instruments/import/", {"text": "1. Urges States to act;"})
    assert response.status_code == 403
    assert snapshot() == before
