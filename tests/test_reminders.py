"""manage.py send_reminders, travelling in time: one digest per person, each action once per
threshold and due date however often the command runs, the reader's language, a real SMTP
server, a failed send tried again; and the organisation's notice period."""

import io
import re
import threading
import time
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import time_machine
from django import db
from django.core import mail
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from checklist.accounts.models import Preferences
from checklist.assessments.models import Membership, Role
from checklist.followup.models import (
    Action,
    ActionStatus,
    FollowUpSettings,
    Institution,
    Reminder,
)
from checklist.followup.reminders import send_reminders
from tests.factories import add_member, item_numbered, make_assessment, make_user

DUE = date(2026, 12, 10)


def on(day: date):
    """Travel to 07:00 UTC on ``day``, when the timer runs the command."""
    return time_machine.travel(datetime(day.year, day.month, day.day, 7, tzinfo=UTC), tick=False)


def run(day: date) -> list:
    """Run the command on ``day``; the e-mails it sent."""
    before = len(mail.outbox)
    with on(day):
        call_command("send_reminders", stdout=io.StringIO())
    return mail.outbox[before:]


def make_action(team, text: str, *, owner=None, due_on=DUE, lead=None, **fields) -> Action:
    item = item_numbered(team.assessment, "A/RES/52/132", "16")
    return Action.objects.create(
        item=item,
        description=text,
        owner=owner if owner is not None else team.editor,
        due_on=due_on,
        lead_institution=lead,
        created_by=team.owner,
        **fields,
    )


def ministry(team, email: str) -> Institution:
    return Institution.objects.create(
        organisation=team.organisation, name="Ministry of Interior", contact_email=email
    )


def test_two_runs_on_the_same_day_send_one_digest(team):
    make_action(team, "Draft the asylum regulations")
    sent = run(date(2026, 12, 1))
    assert [message.to for message in sent] == [[team.editor.email]]
    assert run(date(2026, 12, 1)) == []
    reminder = Reminder.objects.get()
    assert (reminder.recipient, reminder.threshold, reminder.due_on) == (
        team.editor,
        Reminder.Threshold.DUE_SOON,
        DUE,
    )


def test_the_next_days_run_sends_nothing_new(team):
    make_action(team, "Draft the asylum regulations")
    assert len(run(date(2026, 12, 1))) == 1
    assert run(date(2026, 12, 2)) == []
    assert run(date(2026, 12, 10)) == []  # due today: still "due soon", already reminded


def test_crossing_the_due_date_sends_overdue_once(team):
    make_action(team, "Draft the asylum regulations")
    run(date(2026, 12, 1))
    overdue = run(date(2026, 12, 11))
    assert len(overdue) == 1
    assert "Overdue" in overdue[0].body and "1 day overdue" in overdue[0].body
    assert run(date(2026, 12, 12)) == []
    assert run(date(2027, 1, 8)) == []


def test_thirty_days_late_sends_overdue_again_once(team):
    make_action(team, "Draft the asylum regulations")
    run(date(2026, 12, 11))
    again = run(date(2027, 1, 9))
    assert len(again) == 1
    assert "Still overdue after 30 days" in again[0].body
    assert run(date(2027, 1, 10)) == []
    assert run(date(2027, 3, 1)) == []
    assert sorted(Reminder.objects.values_list("threshold", flat=True)) == [
        "overdue",
        "overdue_again",
    ]


def test_a_changed_due_date_starts_the_thresholds_again(team):
    action = make_action(team, "Draft the asylum regulations")
    assert len(run(date(2026, 12, 1))) == 1
    Action.objects.filter(pk=action.pk).update(due_on=date(2026, 12, 12))
    resent = run(date(2026, 12, 2))
    assert len(resent) == 1
    assert "due in 10 days" in resent[0].body
    assert Reminder.objects.filter(due_on=date(2026, 12, 12)).count() == 1


def test_an_action_beyond_the_notice_period_waits(team):
    make_action(team, "Draft the asylum regulations")
    assert run(date(2026, 11, 25)) == []  # 15 days ahead, notice is 14
    assert len(run(date(2026, 11, 26))) == 1


def test_the_organisations_notice_period_is_used(team):
    FollowUpSettings.objects.create(organisation=team.organisation, notice_days=30)
    make_action(team, "Draft the asylum regulations")
    assert len(run(date(2026, 11, 10))) == 1


@pytest.mark.parametrize("status", [ActionStatus.DONE, ActionStatus.DROPPED])
def test_done_and_dropped_actions_are_never_reminded(team, status):
    make_action(team, "Draft the asylum regulations", status=status)
    assert run(date(2026, 12, 1)) == []
    assert run(date(2027, 1, 20)) == []
    assert not Reminder.objects.exists()


def test_people_who_opted_out_get_nothing(team):
    Preferences.objects.create(user=team.editor, reminders=False)
    make_action(team, "Draft the asylum regulations")
    assert run(date(2026, 12, 1)) == []
    assert not Reminder.objects.exists()


def test_someone_who_left_the_assessment_is_told_nothing_more(team):
    make_action(team, "Draft the asylum regulations")
    Membership.objects.filter(assessment=team.assessment, user=team.editor).delete()
    assert run(date(2026, 12, 1)) == []


def test_an_organisation_admin_following_an_action_is_reminded(team):
    make_action(team, "Draft the asylum regulations", owner=team.org_admin)
    assert [message.to for message in run(date(2026, 12, 1))] == [[team.org_admin.email]]


def test_deactivated_people_get_nothing(team):
    team.editor.is_active = False
    team.editor.save(update_fields=["is_active"])
    make_action(team, "Draft the asylum regulations")
    assert run(date(2026, 12, 1)) == []


def test_one_digest_per_person_listing_each_action_most_pressing_first(team):
    lead = ministry(team, team.reviewer.email.upper())
    make_action(team, "Publish the statistics", due_on=date(2026, 12, 5))
    make_action(team, "Train border officials", due_on=date(2026, 11, 20))
    make_action(team, "Draft the asylum regulations", lead=lead)
    sent = run(date(2026, 12, 1))
    assert sorted(message.to[0] for message in sent) == [
        team.editor.email,
        team.reviewer.email,
    ]
    editors = next(message for message in sent if message.to == [team.editor.email])
    body = editors.body
    assert body.index("Train border officials") < body.index("Publish the statistics")
    assert body.index("Publish the statistics") < body.index("Draft the asylum regulations")
    assert editors.subject == "Follow-up: 3 actions due soon or overdue"
    reviewers = next(message for message in sent if message.to == [team.reviewer.email])
    assert "Draft the asylum regulations" in reviewers.body
    assert "Train border officials" not in reviewers.body


def test_a_lead_who_is_not_a_member_of_the_assessment_gets_nothing(team):
    make_action(
        team, "Draft the asylum regulations", owner=team.owner, lead=ministry(team, "x@gov.ke")
    )
    make_user("focal", email="x@gov.ke")
    sent = run(date(2026, 12, 1))
    assert [message.to for message in sent] == [[team.owner.email]]


def test_a_person_who_follows_and_leads_an_action_is_reminded_once(team):
    make_action(team, "Draft the asylum regulations", lead=ministry(team, team.editor.email))
    sent = run(date(2026, 12, 1))
    assert len(sent) == 1
    assert sent[0].body.count("Draft the asylum regulations") == 1


def test_the_digest_read_from_a_real_smtp_server(team, smtp_server, settings):
    settings.SITE_URL = "https://checklist.example.org"
    action = make_action(team, "Draft the asylum regulations")
    with on(date(2026, 12, 1)):
        outcome = send_reminders()
    assert (outcome.sent, outcome.reminders, outcome.failed) == (1, 1, 0)
    message = smtp_server.to(team.editor.email)
    assert message["Subject"] == "Follow-up: 1 action due soon or overdue"
    assert message["To"] == team.editor.email
    text = smtp_server.body(message)
    assert "Draft the asylum regulations" in text
    link = f"https://checklist.example.org/assessments/{team.assessment.pk}/items/{action.item_id}/"
    assert link in text
    assert "https://checklist.example.org/accounts/" in text  # where to unsubscribe
    html = message.get_body(preferencelist=("html",)).get_content()
    assert f'href="{link}"' in html


def test_the_digest_is_in_the_readers_language(team):
    Preferences.objects.create(user=team.editor, language="fr")
    make_action(team, "Draft the asylum regulations")
    (message,) = run(date(2026, 12, 1))
    html = message.alternatives[0][0]
    # French was the active language while the e-mail was rendered: its words, its
    # html tag and its date format ("10 décembre 2026", not "10 December 2026").
    assert '<html lang="fr">' in html
    assert "10 décembre 2026" in message.body
    assert "need your attention" not in message.body
    # The owner chose no language: the site's default.
    make_action(team, "Another action", owner=team.owner)
    (english,) = run(date(2026, 12, 1))
    assert "10 December 2026" in english.body
    assert "need your attention" in english.body
    assert '<html lang="en">' in english.alternatives[0][0]


def test_a_failed_send_is_retried_by_the_next_run(team, unreachable_mail_server, settings):
    make_action(team, "Draft the asylum regulations")
    with on(date(2026, 12, 1)):
        outcome = send_reminders()
    assert (outcome.sent, outcome.failed) == (0, 1)
    assert not Reminder.objects.exists()
    with pytest.raises(CommandError):
        run(date(2026, 12, 1))
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert len(run(date(2026, 12, 2))) == 1
    assert Reminder.objects.count() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent transactions are PostgreSQL's; SQLite runs one writer at a time",
)
@pytest.mark.parametrize(("first_run", "second_sends"), [("commits", 0), ("rolls back", 1)])
def test_a_run_racing_another_waits_for_its_claim(
    transactional_db, seeded, first_run, second_sends
):
    """While one run holds its uncommitted Reminder row, a second run's insert of the same
    key waits; it sends nothing if the first commits, and the digest if the first fails."""
    owner = make_user("owner")
    assessment = make_assessment(owner=owner, title="Race", instruments=[seeded["ga"]])
    action = Action.objects.create(
        item=assessment.items.first(), description="Ratify", owner=owner, due_on=DUE
    )
    holding = threading.Event()
    outcome = []

    def first():
        try:
            with transaction.atomic():
                Reminder.objects.create(
                    action=action,
                    recipient=owner,
                    threshold=Reminder.Threshold.DUE_SOON,
                    due_on=DUE,
                    sent_at=datetime(2026, 12, 1, tzinfo=UTC),
                )
                holding.set()
                time.sleep(0.5)
                if first_run == "rolls back":
                    transaction.set_rollback(True)
        finally:
            db.connection.close()

    def second():
        holding.wait()
        try:
            outcome.append(send_reminders(today=date(2026, 12, 1)).sent)
        finally:
            db.connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcome == [second_sends]
    assert Reminder.objects.count() == 1


def test_admins_set_the_notice_period(login, team):
    client = login(team.org_admin)
    url = f"/organisations/{team.organisation.slug}/reminders/"
    assert 'value="14"' in client.get(url).content.decode()
    assert client.post(url, {"notice_days": "30"}).status_code == 302
    assert FollowUpSettings.objects.get(organisation=team.organisation).notice_days == 30
    refused = client.post(url, {"notice_days": "-3"})
    assert refused.status_code == 400
    assert 'value="-3"' in refused.content.decode()
    assert FollowUpSettings.objects.get(organisation=team.organisation).notice_days == 30
    organisation_page = client.get(f"/organisations/{team.organisation.slug}/").content.decode()
    assert f'href="{url}"' in organisation_page


def test_members_who_are_not_admins_cannot_set_it(login, team):
    answer = login(team.owner).post(
        f"/organisations/{team.organisation.slug}/reminders/", {"notice_days": "1"}
    )
    assert answer.status_code == 403
    assert not FollowUpSettings.objects.exists()


def test_a_member_whose_email_is_the_lead_institutions_is_reminded_whatever_its_case(team):
    add_member(team.assessment, make_user("focal", email="focal@gov.ke"), Role.VIEWER)
    make_action(
        team, "Draft the asylum regulations", owner=team.owner, lead=ministry(team, "FOCAL@gov.ke")
    )
    sent = run(date(2026, 12, 1))
    assert sorted(message.to[0] for message in sent) == ["focal@gov.ke", team.owner.email]


def test_the_timer_runs_the_command_daily_with_the_apps_environment():
    systemd = Path(__file__).resolve().parent.parent / "deploy" / "systemd"

    def setting(unit: str, name: str) -> list[str]:
        return re.findall(rf"^{name}=(.*)$", (systemd / unit).read_text(), re.MULTILINE)

    assert setting("checklist-reminders.service", "EnvironmentFile") == setting(
        "checklist.service", "EnvironmentFile"
    )
    assert setting("checklist-reminders.service", "ExecStart")[0].endswith(
        "manage.py send_reminders"
    )
    assert setting("checklist-reminders.timer", "OnCalendar") == ["*-*-* 07:00:00"]
    assert setting("checklist-reminders.timer", "Persistent") == ["true"]
