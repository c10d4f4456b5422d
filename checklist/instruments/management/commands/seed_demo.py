import json

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from checklist.instruments.access import ensure_editors_group
from checklist.instruments.models import Instrument

INSTRUMENT_FIXTURE = settings.BASE_DIR / "fixtures" / "instruments.json"

# username, full name, what they can do
DEMO_USERS = [
    ("admin", "Ada Admin", "staff: everything, including Django admin"),
    ("editor", "Esther Editor", "instrument editor: imports instruments, edits paragraphs"),
    ("reviewer", "Rafael Reviewer", "reads instruments"),
    ("viewer", "Vera Viewer", "reads instruments"),
]


class Command(BaseCommand):
    help = "Load the seed instruments (once) and create the demo accounts; print the logins."

    @transaction.atomic
    def handle(self, *args, **options) -> None:
        self._load_seed_instruments()
        editors = ensure_editors_group()
        for username, full_name, _ in DEMO_USERS:
            self._demo_user(username, full_name, editors)
        self._print_logins()

    def _load_seed_instruments(self) -> None:
        """Load the fixture only where its instruments are missing, so that edits made to
        the seed instruments in the app survive the next `make run`."""
        symbols = {
            row["fields"]["symbol"]
            for row in json.loads(INSTRUMENT_FIXTURE.read_text(encoding="utf-8"))
            if row["model"] == "instruments.instrument"
        }
        if Instrument.objects.filter(symbol__in=symbols).exists():
            self.stdout.write("Seed instruments already loaded.")
            return
        call_command("loaddata", INSTRUMENT_FIXTURE, verbosity=0)
        self.stdout.write(f"Loaded {len(symbols)} seed instruments.")

    def _demo_user(self, username: str, full_name: str, editors: Group) -> None:
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
        if username == "editor":
            user.groups.add(editors)

    def _print_logins(self) -> None:
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {settings.DEMO_PASSWORD})")
        for username, _, role in DEMO_USERS:
            self.stdout.write(f"  {username:<10} {role}")
        self.stdout.write("")
