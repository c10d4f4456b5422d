"""Every URL, for every kind of visitor, GET and POST: the exact status each must get.

A URL pattern missing from EXPECTED fails the suite, so a new view cannot skip its check.
Django's own admin and login pages are covered by Django; ours are all listed here.

Visitors: anonymous; an outsider (signed in, in no organisation and not a member of the
assessment); the assessment's viewer, reviewer, editor and owner (members of its
organisation); an instrument editor and a staff superuser (neither a member of the
assessment: staff rights do not open other people's assessments); an admin of the
assessment's organisation who is not a member of it; a member of another organisation; a
deactivated account that was one of the assessment's editors; and "unenrolled", staff who have
not set up the two-factor authentication they must use: they reach nothing but its set-up.
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
from checklist.followup import services as followup_services
from checklist.followup.models import (
    Action,
    FollowUpSettings,
    Indicator,
    Institution,
    InstrumentVote,
    ItemPosition,
    ProgressUpdate,
)
from checklist.instruments import drafts
from checklist.instruments.lineage import link_to_previous
from checklist.instruments.models import ImportDraft, Paragraph
from checklist.instruments.parser import parse_instrument
from tests.factories import (
    GA_SOURCE,
    add_member,
    add_to_organisation,
    make_action,
    make_institution,
    make_instrument_editor,
    make_organisation,
    make_staff,
    make_team,
    make_user,
    seed_instruments,
)
from tests.pdfs import text_pdf

LOGIN = "login-redirect"
SETUP = "two-factor-set-up-redirect"
REAUTH = "reauthenticate-redirect"
REDIRECTS = {
    LOGIN: "/accounts/login/?next=",
    SETUP: "/accounts/2fa/totp/activate/",
    REAUTH: "/accounts/reauthenticate/?next=",
}
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
    "unenrolled",
]


def account_page(anonymous, signed_in, staff=None, unenrolled=SETUP) -> tuple:
    """A page about one's own account: every signed-in visitor but staff (who have two-factor
    on) and the unenrolled gets the same answer; a deactivated account is signed out."""
    staff = signed_in if staff is None else staff
    return (anonymous, *[signed_in] * 6, staff, signed_in, signed_in, anonymous, unenrolled)


# name: {method: (anonymous, outsider, viewer, reviewer, editor, owner, instr_editor, staff,
#                 org_admin, other_org, deactivated, unenrolled)}
EXPECTED = {
    "home": {
        "GET": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "healthz": {
        "GET": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200),
        "POST": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
    },
    "instruments:list": {
        "GET": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "instruments:detail": {
        "GET": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    # POSTed without files: the form again, with what is missing.
    "instruments:bulk_import": {
        "GET": (LOGIN, 403, 403, 403, 403, 403, 200, 200, 403, 403, LOGIN, SETUP),
        "POST": (LOGIN, 403, 403, 403, 403, 403, 400, 400, 403, 403, LOGIN, SETUP),
    },
    "instruments:compare": {
        "GET": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "instruments:import": {
        "GET": (LOGIN, 403, 403, 403, 403, 403, 200, 200, 403, 403, LOGIN, SETUP),
        "POST": (LOGIN, 403, 403, 403, 403, 403, 400, 400, 403, 403, LOGIN, SETUP),
    },
    # The draft is the instrument editor's: staff get sent back to start an import of their own.
    "instruments:import_review": {
        "GET": (LOGIN, 403, 403, 403, 403, 403, 200, 302, 403, 403, LOGIN, SETUP),
        "POST": (LOGIN, 403, 403, 403, 403, 403, 400, 302, 403, 403, LOGIN, SETUP),
    },
    "instruments:import_confirm": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 403, 403, 403, 403, 403, 400, 302, 403, 403, LOGIN, SETUP),
    },
    "instruments:paragraph_edit": {
        "GET": (LOGIN, 403, 403, 403, 403, 403, 200, 200, 403, 403, LOGIN, SETUP),
        "POST": (LOGIN, 403, 403, 403, 403, 403, 400, 400, 403, 403, LOGIN, SETUP),
    },
    "assessments:create": {
        "GET": (LOGIN, 200, 200, 200, 200, 200, 200, 200, 200, 200, LOGIN, SETUP),
        "POST": (LOGIN, 400, 400, 400, 400, 400, 400, 400, 400, 400, LOGIN, SETUP),
    },
    "assessments:checklist": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "assessments:rows": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "assessments:item": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 400, 400, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "assessments:history": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "assessments:add_source": {
        "GET": (LOGIN, 404, 403, 403, 200, 200, 404, 404, 403, 404, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 400, 400, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "assessments:source_file": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "assessments:remove_source": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 302, 302, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "assessments:members": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 400, 404, 404, 400, 404, LOGIN, SETUP),
    },
    "assessments:member_role": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 400, 404, 404, 400, 404, LOGIN, SETUP),
    },
    "assessments:member_remove": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 302, 404, 404, 302, 404, LOGIN, SETUP),
    },
    "assessments:submit": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 409, 409, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "assessments:request_changes": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 302, 403, 403, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "assessments:approve": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 302, 403, 403, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "assessments:reopen": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 302, 404, 404, 302, 404, LOGIN, SETUP),
    },
    "assessments:next_round": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 302, 404, 404, 302, 404, LOGIN, SETUP),
    },
    "assessments:activity": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "assessments:review_item": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 302, 403, 403, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "assessments:comments": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 400, 400, 400, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "assessments:comment_resolve": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 302, 302, 302, 404, 404, 403, 404, LOGIN, SETUP),
    },
    # The State's position and vote (checklist.followup.positions): written like findings.
    "positions:item_position": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 400, 400, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "positions:vote": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 400, 400, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "reports:report": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "reports:pdf": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "reports:print": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "reports:csv": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "reports:xlsx": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "reports:docx": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "followup_board:board": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "followup_board:csv": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "followup_board:xlsx": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "assessments:invitation_resend": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 302, 404, 404, 302, 404, LOGIN, SETUP),
    },
    "assessments:invitation_revoke": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 302, 404, 404, 302, 404, LOGIN, SETUP),
    },
    # The link in the e-mail: whoever holds it may see it and accept (the token is the key).
    "assessments:invitation": {
        "GET": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, SETUP),
        "POST": (400, 302, 302, 302, 302, 302, 302, 302, 302, 302, 400, SETUP),
    },
    "organisations:detail": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
    },
    "organisations:policy": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 302, 404, LOGIN, SETUP),
    },
    "organisations:invite": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 400, 404, LOGIN, SETUP),
    },
    "organisations:invitation_resend": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 302, 404, LOGIN, SETUP),
    },
    "organisations:invitation_revoke": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 302, 404, LOGIN, SETUP),
    },
    "organisations:invitation": {
        "GET": (200, 200, 200, 200, 200, 200, 200, 200, 200, 200, 200, SETUP),
        "POST": (400, 302, 302, 302, 302, 302, 302, 302, 302, 302, 400, SETUP),
    },
    "organisations:member_role": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 400, 404, LOGIN, SETUP),
    },
    "organisations:member_remove": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 302, 404, LOGIN, SETUP),
    },
    "organisations:deactivate": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 302, 404, LOGIN, SETUP),
    },
    "organisations:reactivate": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 302, 404, LOGIN, SETUP),
    },
    # The organisation's reminder notice (checklist.followup.reminders): its admins only.
    "reminders:notice": {
        "GET": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 400, 404, LOGIN, SETUP),
    },
    # Follow-up: an organisation's institutions (its members read, its admins change them).
    "followup:institutions": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 400, 404, LOGIN, SETUP),
    },
    "followup:institution_edit": {
        "GET": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 400, 404, LOGIN, SETUP),
    },
    # The institution leads the world's action: its removal is refused, in words.
    "followup:institution_delete": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 403, 403, 404, 404, 400, 404, LOGIN, SETUP),
    },
    # Actions: owners and editors write (POSTed empty: the form again, saying what is
    # missing); viewers, reviewers and the organisation's admins read.
    "followup:item_actions": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 400, 400, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "followup:action": {
        "GET": (LOGIN, 404, 200, 200, 200, 200, 404, 404, 200, 404, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 400, 400, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "followup:add_indicator": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 400, 400, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "followup:indicator": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 400, 400, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "followup:remove_indicator": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 302, 302, 404, 404, 403, 404, LOGIN, SETUP),
    },
    "followup:add_progress": {
        "GET": (LOGIN, 405, 405, 405, 405, 405, 405, 405, 405, 405, LOGIN, SETUP),
        "POST": (LOGIN, 404, 403, 403, 400, 400, 404, 404, 403, 404, LOGIN, SETUP),
    },
    # The header's language switcher, on every page: anyone may choose (POSTed empty, it
    # changes nothing and returns to the page).
    "set_language": {
        "GET": (405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405, 405),
        "POST": (302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302, 302),
    },
    # Accounts (checklist.signin and django-allauth's pages).
    "preferences": {
        "GET": account_page(LOGIN, 405),
        "POST": account_page(LOGIN, 302),
    },
    "signin:account": {
        "GET": account_page(LOGIN, 200),
        "POST": account_page(LOGIN, 302),
    },
    "account_login": {
        "GET": account_page(200, 302),
        "POST": account_page(200, 302),
    },
    "account_logout": {
        "GET": account_page(302, 200, unenrolled=200),
        "POST": account_page(302, 302, unenrolled=302),
    },
    "account_inactive": {
        "GET": account_page(200, 200),
        "POST": account_page(405, 405),
    },
    # Nobody signs up: the page says so.
    "account_signup": {
        "GET": account_page(200, 302),
        "POST": account_page(200, 302),
    },
    "account_reauthenticate": {
        "GET": account_page(LOGIN, 200, unenrolled=200),
        "POST": account_page(LOGIN, 200, unenrolled=200),
    },
    # allauth's e-mail page, through checklist.signin's (the same address).
    "signin:email": {
        "GET": account_page(LOGIN, 200),
        "POST": account_page(LOGIN, 302),
    },
    "account_email": {
        "GET": account_page(LOGIN, 200),
        "POST": account_page(LOGIN, 302),
    },
    "account_email_verification_sent": {
        "GET": account_page(200, 200),
        "POST": account_page(405, 405),
    },
    "account_change_password": {
        "GET": account_page(LOGIN, 200),
        "POST": account_page(LOGIN, 200),
    },
    "account_set_password": {
        "GET": account_page(LOGIN, 302),
        "POST": account_page(LOGIN, 302),
    },
    "account_reset_password": {
        "GET": account_page(200, 200),
        "POST": account_page(200, 200),
    },
    "account_reset_password_done": {
        "GET": account_page(200, 200),
        "POST": account_page(405, 405),
    },
    "account_reset_password_from_key": {
        "GET": account_page(200, 200),
        "POST": account_page(200, 200),
    },
    "account_reset_password_from_key_done": {
        "GET": account_page(200, 200),
        "POST": account_page(405, 405),
    },
    "account_confirm_email": {
        "GET": account_page(200, 200),
        "POST": account_page(404, 404),
    },
    "account_confirm_login_code": {
        "GET": account_page(302, 302),
        "POST": account_page(302, 302),
    },
    "mfa_index": {
        "GET": account_page(LOGIN, 200),
        "POST": account_page(LOGIN, 405),
    },
    "mfa_authenticate": {
        "GET": account_page(302, 302),
        "POST": account_page(302, 302),
    },
    "mfa_reauthenticate": {
        "GET": account_page(LOGIN, 302, staff=200),
        "POST": account_page(LOGIN, 302, staff=200),
    },
    "mfa_activate_totp": {
        "GET": account_page(LOGIN, 302, unenrolled=REAUTH),
        "POST": account_page(LOGIN, 302, unenrolled=REAUTH),
    },
    "mfa_deactivate_totp": {
        "GET": account_page(LOGIN, 404, staff=REAUTH),
        "POST": account_page(LOGIN, 404, staff=REAUTH),
    },
    "mfa_view_recovery_codes": {
        "GET": account_page(LOGIN, 404, staff=REAUTH, unenrolled=404),
        "POST": account_page(LOGIN, 405, unenrolled=405),
    },
    "mfa_generate_recovery_codes": {
        "GET": account_page(LOGIN, REAUTH),
        "POST": account_page(LOGIN, REAUTH),
    },
    "mfa_download_recovery_codes": {
        "GET": account_page(LOGIN, 404, staff=REAUTH, unenrolled=404),
        "POST": account_page(LOGIN, 404, staff=REAUTH, unenrolled=404),
    },
    "socialaccount_connections": {
        "GET": account_page(LOGIN, 200),
        "POST": account_page(LOGIN, 200),
    },
    "socialaccount_signup": {
        "GET": account_page(302, 302),
        "POST": account_page(302, 302),
    },
    "socialaccount_login_cancelled": {
        "GET": account_page(200, 200),
        "POST": account_page(405, 405),
    },
    "socialaccount_login_error": {
        "GET": account_page(LOGIN, 401),
        "POST": account_page(LOGIN, 405),
    },
    # Single sign-on is off in the suite's settings (tests/test_sso.py turns it on).
    "openid_connect_login": {
        "GET": account_page(404, 404),
        "POST": account_page(404, 404),
    },
    "openid_connect_callback": {
        "GET": account_page(404, 404),
        "POST": account_page(404, 404),
    },
    "usersessions_list": {
        "GET": account_page(LOGIN, 200),
        "POST": account_page(LOGIN, 302),
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
    link_to_previous(ga, seeded["excom"])  # so that the comparison page has two texts
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
    institution = make_institution(team.organisation, "Ministry of Interior")
    action = make_action(item, by=team.editor, lead_institution=institution)
    indicator = followup_services.add_indicator(
        action=action,
        user=team.editor,
        data=followup_services.IndicatorData("Cases decided", "10", "100", "", None),
    )
    actions = f"{base}/items/{item.pk}/actions"
    urls = {
        "home": "/",
        "healthz": "/healthz/",
        "instruments:list": "/instruments/",
        "instruments:detail": f"/instruments/{ga.pk}/",
        "instruments:compare": f"/instruments/{ga.pk}/compare/",
        "instruments:bulk_import": "/instruments/import/bulk/",
        "instruments:import": "/instruments/import/",
        "instruments:import_review": f"/instruments/import/{draft.pk}/",
        "instruments:import_confirm": f"/instruments/import/{draft.pk}/confirm/",
        "instruments:paragraph_edit": f"/instruments/{ga.pk}/paragraphs/{paragraph.pk}/edit/",
        "assessments:create": "/assessments/new/",
        "assessments:checklist": f"{base}/",
        "assessments:rows": f"{base}/rows/?offset=0",
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
        "positions:item_position": f"{base}/items/{item.pk}/position/",
        "positions:vote": f"{base}/instruments/{ga.pk}/vote/",
        "reports:report": f"{base}/report/",
        "reports:pdf": f"{base}/report/pdf/",
        "reports:print": f"{base}/report/print/",
        "reports:csv": f"{base}/report/responses.csv",
        "reports:xlsx": f"{base}/report/responses.xlsx",
        "reports:docx": f"{base}/report/report.docx",
        "followup_board:board": f"{base}/follow-up/",
        "followup_board:csv": f"{base}/follow-up/actions.csv",
        "followup_board:xlsx": f"{base}/follow-up/actions.xlsx",
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
        "reminders:notice": f"{organisation}/reminders/",
        "followup:institutions": f"{organisation}/institutions/",
        "followup:institution_edit": f"{organisation}/institutions/{institution.pk}/",
        "followup:institution_delete": f"{organisation}/institutions/{institution.pk}/delete/",
        "followup:item_actions": f"{actions}/",
        "followup:action": f"{actions}/{action.pk}/",
        "followup:add_indicator": f"{actions}/{action.pk}/indicators/",
        "followup:indicator": f"{actions}/{action.pk}/indicators/{indicator.pk}/",
        "followup:remove_indicator": f"{actions}/{action.pk}/indicators/{indicator.pk}/remove/",
        "followup:add_progress": f"{actions}/{action.pk}/progress/",
        "set_language": "/i18n/setlang/",
        "preferences": "/accounts/preferences/",
        "signin:account": "/accounts/",
        "account_login": "/accounts/login/",
        "account_logout": "/accounts/logout/",
        "account_inactive": "/accounts/inactive/",
        "account_signup": "/accounts/signup/",
        "account_reauthenticate": "/accounts/reauthenticate/",
        "signin:email": "/accounts/email/",
        "account_email": "/accounts/email/",
        "account_email_verification_sent": "/accounts/confirm-email/",
        "account_change_password": "/accounts/password/change/",
        "account_set_password": "/accounts/password/set/",
        "account_reset_password": "/accounts/password/reset/",
        "account_reset_password_done": "/accounts/password/reset/done/",
        "account_reset_password_from_key": "/accounts/password/reset/key/1-not-a-key/",
        "account_reset_password_from_key_done": "/accounts/password/reset/key/done/",
        "account_confirm_email": "/accounts/confirm-email/not-a-key/",
        "account_confirm_login_code": "/accounts/login/code/confirm/",
        "mfa_index": "/accounts/2fa/",
        "mfa_authenticate": "/accounts/2fa/authenticate/",
        "mfa_reauthenticate": "/accounts/2fa/reauthenticate/",
        "mfa_activate_totp": "/accounts/2fa/totp/activate/",
        "mfa_deactivate_totp": "/accounts/2fa/totp/deactivate/",
        "mfa_view_recovery_codes": "/accounts/2fa/recovery-codes/",
        "mfa_generate_recovery_codes": "/accounts/2fa/recovery-codes/generate/",
        "mfa_download_recovery_codes": "/accounts/2fa/recovery-codes/download/",
        "socialaccount_connections": "/accounts/3rdparty/",
        "socialaccount_signup": "/accounts/3rdparty/signup/",
        "socialaccount_login_cancelled": "/accounts/3rdparty/login/cancelled/",
        "socialaccount_login_error": "/accounts/3rdparty/login/error/",
        "openid_connect_login": "/accounts/oidc/sso/login/",
        "openid_connect_callback": "/accounts/oidc/sso/login/callback/",
        "usersessions_list": "/accounts/sessions/",
    }
    people = {
        "outsider": team.outsider,
        "viewer": team.viewer,
        "reviewer": team.reviewer,
        "editor": team.editor,
        "owner": team.owner,
        "instr_editor": instrument_editor,
        "staff": make_staff(),
        "org_admin": team.org_admin,
        "other_org": make_organisation("UNHCR Kenya", admin=make_user("unhcr_member"))
        .memberships.get()
        .user,
        "deactivated": deactivated,
        "unenrolled": make_user("new.staff", is_staff=True),
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
        list(ItemPosition.objects.order_by("pk").values_list("pk", "position", "version")),
        list(InstrumentVote.objects.order_by("pk").values_list("pk", "vote", "version")),
        list(FollowUpSettings.objects.order_by("pk").values_list("pk", "notice_days")),
        list(
            OrganisationInvitation.objects.order_by("pk").values_list(
                "pk", "token_hash", "revoked_at"
            )
        ),
        list(Institution.objects.order_by("pk").values_list("pk", "name")),
        list(Action.objects.order_by("pk").values_list("pk", "description", "status", "version")),
        list(Indicator.objects.order_by("pk").values_list("pk", "current_value", "version")),
        list(ProgressUpdate.objects.order_by("pk").values_list("pk", "text")),
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
    if expected in REDIRECTS:
        assert response.status_code == 302
        assert response["Location"].startswith(REDIRECTS[expected])
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
