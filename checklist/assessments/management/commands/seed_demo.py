import datetime
import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from checklist.accounts.models import Organisation, OrganisationRole
from checklist.accounts.services import add_to_organisation, unique_slug
from checklist.assessments import services
from checklist.assessments.models import Assessment, Finding, Role
from checklist.assessments.signals import demo_seeded
from checklist.instruments.access import ensure_editors_group
from checklist.instruments.models import Instrument

INSTRUMENT_FIXTURE = settings.BASE_DIR / "fixtures" / "instruments.json"
# The starter library: real refugee-related UN texts (fixtures/sources/library/).
LIBRARY_FIXTURE = settings.BASE_DIR / "fixtures" / "library.json"
SEED_SYMBOLS = ["ExCom Conclusion No. 52 (XXXIX)", "A/RES/52/132"]
DEMO_TITLE = "Demo review 2026 (fictional findings)"

STATE_ORGANISATION = "Kenya National Commission on Human Rights"
UNHCR_ORGANISATION = "UNHCR Kenya"
UNHCR_TITLE = "UNHCR Kenya protection monitoring 2026 (fictional)"

# username, full name, role in the demo assessment (None: not a member), organisation and
# its role (None: none), what they can do
DEMO_USERS = [
    (
        "admin",
        "Ada Admin",
        None,
        None,
        "staff: Django admin after setting up two-factor; in no organisation",
    ),
    (
        "knchr.admin",
        "Kamau Admin",
        None,
        (STATE_ORGANISATION, OrganisationRole.ADMIN),
        "admin of KNCHR: sees and manages its assessments, invites, deactivates",
    ),
    (
        "owner",
        "Omar Owner",
        Role.OWNER,
        (STATE_ORGANISATION, OrganisationRole.MEMBER),
        "owner (KNCHR): manages members, writes, reopens, next round",
    ),
    (
        "editor",
        "Esther Editor",
        Role.EDITOR,
        (STATE_ORGANISATION, OrganisationRole.MEMBER),
        "editor (KNCHR): writes responses, submits; imports instruments",
    ),
    (
        "viewer",
        "Vera Viewer",
        Role.VIEWER,
        (STATE_ORGANISATION, OrganisationRole.MEMBER),
        "viewer (KNCHR): only reads",
    ),
    (
        "reviewer",
        "Rafael Reviewer",
        Role.REVIEWER,
        (UNHCR_ORGANISATION, OrganisationRole.MEMBER),
        "reviewer from UNHCR Kenya, invited into KNCHR's assessment only: comments, approves",
    ),
    (
        "unhcr.admin",
        "Una Admin",
        None,
        (UNHCR_ORGANISATION, OrganisationRole.ADMIN),
        "admin of UNHCR Kenya: sees its own assessment, nothing of KNCHR's",
    ),
]

# (instrument symbol, paragraph number, finding, evidence): fictional, for the demonstration.
DEMO_FINDINGS = [
    (
        SEED_SYMBOLS[0],
        "1",
        Finding.COMPLIANT,
        "Host-country agreement with UNHCR in force; joint registration since 2019.",
    ),
    (
        SEED_SYMBOLS[1],
        "13",
        Finding.COMPLIANT,
        "Party to the 1951 Convention and the 1967 Protocol.",
    ),
    (
        SEED_SYMBOLS[1],
        "15",
        Finding.PARTIALLY_COMPLIANT,
        "Statistics shared with UNHCR yearly; no report on legislation since 2021.",
    ),
    (
        SEED_SYMBOLS[1],
        "16",
        Finding.NOT_COMPLIANT,
        "Two documented returns at the border in 2025 without access to asylum procedures.",
    ),
]


class Command(BaseCommand):
    help = (
        "Load the seed instruments (once), create the demo accounts, two organisations and "
        "their demo assessments; print the logins."
    )

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        self._load_seed_instruments()
        users = {
            username: self._demo_user(username, full_name)
            for username, full_name, _, _, _ in DEMO_USERS
        }
        users["editor"].groups.add(ensure_editors_group())
        organisations = self._demo_organisations(users)
        self._demo_assessment(users, organisations[STATE_ORGANISATION])
        # Follow-up's institutions and actions (this app may not import it).
        demo_seeded.send(
            sender=Command, assessment=Assessment.objects.get(title=DEMO_TITLE), users=users
        )
        self._unhcr_assessment(users, organisations[UNHCR_ORGANISATION])
        self._print_logins()

    def _demo_organisations(self, users: dict) -> dict:
        """The State's human rights institution and a UNHCR office, each with its people."""
        organisations = {}
        for name in (STATE_ORGANISATION, UNHCR_ORGANISATION):
            organisations[name], _ = Organisation.objects.get_or_create(
                name=name, defaults={"slug": unique_slug(name)}
            )
        for username, _, _, organisation, _ in DEMO_USERS:
            if organisation is not None:
                name, role = organisation
                add_to_organisation(
                    organisation=organisations[name], user=users[username], role=role
                )
        return organisations

    def _unhcr_assessment(self, users: dict, organisation) -> None:
        """UNHCR Kenya's own assessment, which nobody at KNCHR sees."""
        if Assessment.objects.filter(title=UNHCR_TITLE).exists():
            return
        services.create_assessment(
            organisation=organisation,
            owner=users["unhcr.admin"],
            country="KE",
            title=UNHCR_TITLE,
            as_of=datetime.date(2026, 6, 30),
            instruments=[Instrument.objects.get(symbol=SEED_SYMBOLS[0], language="en")],
        )
        self.stdout.write(f"Created UNHCR Kenya's assessment “{UNHCR_TITLE}”.")

    def _load_seed_instruments(self) -> None:
        """Load each fixture only where its instruments are missing, so that edits made to
        the seed instruments in the app survive the next `make run`."""
        for fixture, what in [
            (INSTRUMENT_FIXTURE, "seed instruments"),
            (LIBRARY_FIXTURE, "instruments of the starter library"),
        ]:
            symbols = {
                row["fields"]["symbol"]
                for row in json.loads(fixture.read_text(encoding="utf-8"))
                if row["model"] == "instruments.instrument"
            }
            if Instrument.objects.filter(symbol__in=symbols).exists():
                self.stdout.write(f"The {what} are already loaded.")
                continue
            call_command("loaddata", fixture, verbosity=0)
            self.stdout.write(f"Loaded {len(symbols)} {what}.")

    def _demo_user(self, username: str, full_name: str):
        first, last = full_name.split(" ", 1)
        user, _ = get_user_model().objects.update_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@example.org",
                "is_staff": username == "admin",
                "is_superuser": username == "admin",
            },
        )
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        return user

    def _demo_assessment(self, users: dict, organisation) -> None:
        """One assessment of a State against both seed instruments, a few findings filled in;
        made once, so what people change in it survives the next `make run`."""
        if Assessment.objects.filter(title=DEMO_TITLE).exists():
            self.stdout.write("Demo assessment already there.")
            return
        instruments = [
            Instrument.objects.get(symbol=symbol, language="en") for symbol in SEED_SYMBOLS
        ]
        assessment = services.create_assessment(
            organisation=organisation,
            owner=users["owner"],
            country="KE",
            title=DEMO_TITLE,
            as_of=datetime.date(2026, 6, 30),
            instruments=instruments,
        )
        for username, _, role, _, _ in DEMO_USERS:
            if role not in (None, Role.OWNER):
                services.add_member(
                    assessment=assessment,
                    user=users[username],
                    role=role,
                    by=users["owner"],
                    invited_as=username,
                )
        for symbol, number, finding, evidence in DEMO_FINDINGS:
            item = assessment.items.select_related("response").get(
                instrument__symbol=symbol, number=number
            )
            services.save_response(
                response=item.response,
                user=users["editor"],
                version=item.response.version,
                finding=finding,
                evidence=evidence,
                notes="",
            )
        self.stdout.write(f"Created the demo assessment “{assessment}”.")

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {settings.DEMO_PASSWORD})")
        for username, _, _, _, can in DEMO_USERS:
            self.stdout.write(f"  {username:<12} {can}")
        self.stdout.write("")
