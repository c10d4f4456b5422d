"""Send today's reminder digests (checklist.followup.reminders). Run daily by the systemd
timer in deploy/systemd/ or cron; running it again the same day sends nothing twice."""

from django.core.management.base import BaseCommand, CommandError

from checklist.followup.reminders import send_reminders


class Command(BaseCommand):
    help = "E-mail each person one digest of the actions they follow or lead that fall due."

    def handle(self, *args, **options):
        outcome = send_reminders()
        self.stdout.write(
            f"Sent {outcome.sent} digest(s) holding {outcome.reminders} reminder(s); "
            f"{outcome.failed} not sent, to be tried on the next run."
        )
        if outcome.failed:
            # A non-zero exit so the timer's unit shows as failed and monitoring notices.
            raise CommandError(f"{outcome.failed} digest(s) could not be sent; see the log.")
