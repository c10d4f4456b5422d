"""Test data, made through the services as the app makes it: people, the seed instruments,
assessments with members (each added with the audit event the members page writes) and
findings. Plain functions, for fixtures and tests alike; the fixtures are in conftest.py.

Large synthetic assessments come from `checklist.synthetic`, shared with bench/ and load/.
"""

from datetime import date
from pathlib import Path
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from checklist.accounts import services as account_services
from checklist.accounts.models import Organisation, OrganisationMembership, OrganisationRole
from checklist.assessments import services
from checklist.assessments.models import Assessment, Item, Membership, Response
from checklist.instruments.access import ensure_editors_group
from checklist.instruments.models import Instrument

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "fixtures" / "sources"
EXCOM_SOURCE = SOURCES / "000_c6cc819c67189eab.txt"
GA_SOURCE = SOURCES / "002_d895cae4cdb17755.txt"
PASSWORD = "a-long-test-password-1951"
GA = "A/RES/52/132"
# The header htmx sends with each of its requests: `client.post(url, data, headers=HTMX)`.
HTMX = {"HX-Request": "true"}


def make_user(username: str, **fields) -> AbstractBaseUser:
    """An active account ``username`` with PASSWORD and ``username@example.org`` (unless
    ``email`` is given)."""
    fields.setdefault("email", f"{username}@example.org")
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)


def turn_on_two_factor(user: AbstractBaseUser) -> str:
    """An authenticator app and recovery codes for ``user``, as set-up leaves them; the TOTP
    secret, from which ``pyotp.TOTP(secret).now()`` gives the current code."""
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    RecoveryCodes.activate(user)
    return secret


def make_staff(username: str = "staff") -> AbstractBaseUser:
    """A superuser who has set up two-factor, as site staff must."""
    user = make_user(username, is_staff=True, is_superuser=True)
    turn_on_two_factor(user)
    return user


def make_instrument_editor(username: str = "instrument_editor") -> AbstractBaseUser:
    """In the "Instrument editors" group, as `seed_demo` sets it up."""
    user = make_user(username)
    user.groups.add(ensure_editors_group())
    return user


def seed_instruments() -> dict[str, Instrument]:
    """The two seed instruments from the JSON fixture, as `make run` loads them."""
    call_command("loaddata", ROOT / "fixtures" / "instruments.json", verbosity=0)
    return {
        "excom": Instrument.objects.get(symbol="ExCom Conclusion No. 52 (XXXIX)"),
        "ga": Instrument.objects.get(symbol=GA),
    }


def make_organisation(name: str, *, admin: AbstractBaseUser | None = None) -> Organisation:
    """An organisation called ``name``; ``admin`` (made if not given) is its admin."""
    admin = admin or make_user(f"{account_services.unique_slug(name)[:20]}-admin")
    return account_services.create_organisation(name=name, admin=admin)


def add_to_organisation(
    organisation: Organisation, user: AbstractBaseUser, role: str = OrganisationRole.MEMBER
) -> OrganisationMembership:
    return account_services.add_to_organisation(organisation=organisation, user=user, role=role)


def organisation_of(user: AbstractBaseUser) -> Organisation:
    """``user``'s first organisation; one of their own (as its admin) if they have none."""
    found = Organisation.objects.filter(memberships__user=user).order_by("pk").first()
    return found or make_organisation(f"Organisation of {user.username}", admin=user)


def add_member(assessment: Assessment, user: AbstractBaseUser, role: str) -> Membership:
    """``user`` joins as ``role``, added by the assessment's creator, with the audit event."""
    return services.add_member(
        assessment=assessment,
        user=user,
        role=role,
        by=assessment.created_by,
        invited_as=user.email or user.get_username(),
    )


def make_assessment(
    *,
    owner: AbstractBaseUser,
    instruments: list[Instrument],
    members: dict[str, AbstractBaseUser] | None = None,
    country: str = "KE",
    title: str = "Review 2026",
    as_of: date = date(2026, 6, 30),
    organisation: Organisation | None = None,
) -> Assessment:
    """An assessment created by ``owner`` in ``organisation`` (by default the owner's first,
    see organisation_of), with ``members`` as {role: user}."""
    assessment = services.create_assessment(
        organisation=organisation or organisation_of(owner),
        owner=owner,
        country=country,
        title=title,
        as_of=as_of,
        instruments=instruments,
    )
    for role, user in (members or {}).items():
        add_member(assessment, user, role)
    return assessment


def make_team(instruments: dict[str, Instrument]) -> SimpleNamespace:
    """An assessment of Kenya against both seed instruments (10 items) in the organisation
    "Kenya National Commission on Human Rights" (its admin ``org_admin`` is not a member of
    the assessment), with one person per role named after it, each a member of the
    organisation, and an outsider who is signed in but in no organisation."""
    organisation = make_organisation(
        "Kenya National Commission on Human Rights", admin=make_user("org_admin")
    )
    people = {role: make_user(role) for role in ("owner", "editor", "reviewer", "viewer")}
    for person in people.values():
        add_to_organisation(organisation, person)
    assessment = make_assessment(
        owner=people.pop("owner"),
        instruments=[instruments["excom"], instruments["ga"]],
        members=people,
        organisation=organisation,
    )
    return SimpleNamespace(
        organisation=organisation,
        org_admin=organisation.memberships.get(role=OrganisationRole.ADMIN).user,
        assessment=assessment,
        owner=assessment.created_by,
        outsider=make_user("outsider"),
        items=list(assessment.items.order_by("position")),
        **people,
    )


def item_numbered(assessment: Assessment, symbol: str, number: str) -> Item:
    return assessment.items.select_related("response").get(instrument__symbol=symbol, number=number)


def record_finding(
    response: Response, *, by: AbstractBaseUser, finding: str, evidence: str = "", notes: str = ""
) -> Response:
    """``by`` saves the row as the form does, from the version ``response`` was read at."""
    return services.save_response(
        response=response,
        user=by,
        version=response.version,
        finding=finding,
        evidence=evidence,
        notes=notes,
    )


def set_finding(team, number: str, finding: str, evidence: str = "", symbol: str = GA) -> Item:
    """The team's editor records a finding on §``number`` of ``symbol``."""
    item = item_numbered(team.assessment, symbol, number)
    record_finding(item.response, by=team.editor, finding=finding, evidence=evidence)
    return item


def body(response) -> bytes:
    """The bytes of an answer, whether rendered at once or streamed from a stored file."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def make_institution(organisation: Organisation, name: str, kind: str = "ministry", **contact):
    """An institution of ``organisation``, added as its admins add one."""
    from checklist.followup import services as followup_services

    return followup_services.add_institution(
        organisation=organisation,
        data=followup_services.InstitutionData(
            name=name,
            kind=kind,
            contact_name=contact.get("contact_name", ""),
            contact_email=contact.get("contact_email", ""),
        ),
    )


def make_action(item: Item, *, by: AbstractBaseUser, description: str = "Draft a law", **fields):
    """An action on ``item`` added by ``by`` through the service (with its audit event)."""
    from checklist.followup import services as followup_services

    data = {
        "lead_institution": None,
        "other_institutions": [],
        "owner": None,
        "due_on": None,
        "status": "planned",
        "dropped_reason": "",
        **fields,
    }
    return followup_services.add_action(
        item=item,
        user=by,
        data=followup_services.ActionData(description=description, **data),
    )


def approve_directly(assessment: Assessment, by: AbstractBaseUser) -> None:
    """The assessment marked approved by ``by``, without the workflow's checks (for reports)."""
    assessment.review_state = Assessment.ReviewState.APPROVED
    assessment.approved_by = by
    assessment.approved_at = timezone.now()
    assessment.save()


def client_of(user: AbstractBaseUser) -> Client:
    client = Client()
    client.force_login(user)
    return client


def download_pdf(client: Client, assessment: Assessment, query: str = "") -> bytes:
    """The report PDF as ``client`` downloads it (``query``: "?lang=ar", "?comments=1")."""
    response = client.get(f"/assessments/{assessment.pk}/report/pdf/{query}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    return body(response)
