"""Reminders about actions falling due (manage.py send_reminders, run daily by a timer), and
the page where an organisation's admins set how many days ahead they start.

Each person gets one digest e-mail per run, of the open actions they follow (Action.owner)
or lead (their e-mail is the lead institution's contact e-mail and they are a member of the
action's assessment) that reached a threshold: due within the organisation's notice period,
overdue, and still overdue OVERDUE_AGAIN_DAYS after the due date. Only while they may read
the assessment (a member, or an admin of its organisation): nothing leaves it by e-mail.
Each action is reminded once per threshold, per person and per due date: a changed due date
starts the thresholds again.

How runs stay idempotent, however often and however concurrently they run:

1. In one transaction, decide what each person is to be reminded of today and insert one
   Reminder row per (action, recipient, threshold, due date). The unique constraint decides
   who sends: a row an earlier run inserted is skipped; on PostgreSQL a concurrent run's
   insert of the same key waits for the first transaction, then fails and is skipped
   (SQLite runs one writing transaction at a time). A digest holds only the rows its own
   run inserted.
2. After the commit, send each digest. A send that fails is logged and that digest's rows
   are deleted, so the next run tries again.

A crash between the commit and the send loses that digest: at most once, never twice. A
reminder that comes twice teaches people to ignore them; a missed one is followed by the
next threshold.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.views.decorators.http import require_http_methods

from checklist.accounts.access import get_organisation_for
from checklist.accounts.models import OrganisationMembership, OrganisationRole, Preferences
from checklist.assessments.models import Membership
from checklist.assessments.workflow import one_line
from checklist.followup.models import DEFAULT_NOTICE_DAYS, Action, FollowUpSettings, Reminder
from checklist.people import display_name

logger = logging.getLogger(__name__)

Threshold = Reminder.Threshold
OVERDUE_AGAIN_DAYS = 30
MAX_NOTICE_DAYS = 365
# Most pressing first, in the digest.
ORDER = [Threshold.OVERDUE_AGAIN, Threshold.OVERDUE, Threshold.DUE_SOON]


def threshold_on(due_on: date, today: date, notice_days: int) -> str | None:
    """The threshold an action due on ``due_on`` has reached ``today``, if any."""
    late = (today - due_on).days
    if late >= OVERDUE_AGAIN_DAYS:
        return Threshold.OVERDUE_AGAIN
    if late > 0:
        return Threshold.OVERDUE
    if -late <= notice_days:
        return Threshold.DUE_SOON
    return None


@dataclass
class Digest:
    """One person's reminders of this run: the rows inserted, and their actions."""

    recipient: object
    language: str
    reminders: list[Reminder] = field(default_factory=list)


@dataclass(frozen=True)
class Outcome:
    sent: int  # digests
    reminders: int  # actions in them
    failed: int  # digests not sent, to be tried again


def send_reminders(*, today: date | None = None) -> Outcome:
    """Decide and record today's reminders in one transaction, then send one digest per
    person (see the module's docstring for why it runs exactly so)."""
    today = today or timezone.localdate()
    with transaction.atomic():
        digests = _claim(today)
    failed, reminded = 0, 0
    for digest in digests:
        if _send(digest, today):
            reminded += len(digest.reminders)
        else:
            failed += 1
            Reminder.objects.filter(pk__in=[r.pk for r in digest.reminders]).delete()
    return Outcome(sent=len(digests) - failed, reminders=reminded, failed=failed)


def _claim(today: date) -> list[Digest]:
    """Insert the Reminder rows due today that no run inserted yet; the digests they make.

    1. Open actions with a due date up to the longest notice period ahead, and the
       threshold each reached under its organisation's notice period.
    2. Their recipients: the person following each, and the members whose e-mail is the
       lead institution's; active, with an e-mail address, not opted out.
    3. One row per (action, recipient, threshold, due date), each insert in a savepoint so
       that a key already taken (by an earlier or concurrent run) is skipped.
    """
    due = _due_actions(today)
    wanted = _recipients(due)
    now = timezone.now()
    digests: dict[int, Digest] = {}
    for action, threshold, user, language in wanted:
        reminder = _insert(action, user, threshold, now)
        if reminder is not None:
            digest = digests.setdefault(user.pk, Digest(user, language))
            digest.reminders.append(reminder)
    return list(digests.values())


def _due_actions(today: date) -> list[tuple[Action, str]]:
    notice = dict(FollowUpSettings.objects.values_list("organisation_id", "notice_days"))
    longest = max([DEFAULT_NOTICE_DAYS, *notice.values()])
    actions = (
        Action.objects.open()
        .filter(due_on__lte=today + timedelta(days=longest))
        .select_related("item__assessment", "item__instrument", "lead_institution")
        .order_by("due_on", "pk")
    )
    found = []
    for action in actions:
        days = notice.get(action.item.assessment.organisation_id, DEFAULT_NOTICE_DAYS)
        threshold = threshold_on(action.due_on, today, days)
        if threshold is not None:
            found.append((action, threshold))
    return found


def _recipients(due: list[tuple[Action, str]]) -> list[tuple[Action, str, object, str]]:
    """(action, threshold, person, language) for every person to remind of each action."""
    leads = _lead_members(due)
    wanted = []
    for action, threshold in due:
        ids = set(leads.get(_lead_key(action), ()))
        if action.owner_id is not None:
            ids.add(action.owner_id)
        wanted += [(action, threshold, user_id) for user_id in sorted(ids)]
    user_ids = {user_id for _, _, user_id in wanted}
    reachable = _reachable(user_ids)
    readers = _readers({action.item.assessment for action, _ in due}, user_ids)
    return [
        (action, threshold, *reachable[user_id])
        for action, threshold, user_id in wanted
        if user_id in reachable and (action.item.assessment_id, user_id) in readers
    ]


def _readers(assessments, user_ids) -> set[tuple[int, int]]:
    """(assessment, person) for each of ``user_ids`` who may still read the assessment: a
    member, or an admin of its organisation. Someone who followed an action and has since
    left the assessment or the organisation is told nothing more about it."""
    members = Membership.objects.filter(
        assessment__in=assessments, user_id__in=user_ids
    ).values_list("assessment_id", "user_id")
    admins = defaultdict(set)
    for organisation, user in OrganisationMembership.objects.filter(
        organisation_id__in={assessment.organisation_id for assessment in assessments},
        user_id__in=user_ids,
        role=OrganisationRole.ADMIN,
    ).values_list("organisation_id", "user_id"):
        admins[organisation].add(user)
    readers = set(members)
    readers |= {
        (assessment.pk, user)
        for assessment in assessments
        for user in admins[assessment.organisation_id]
    }
    return readers


def _lead_key(action: Action) -> tuple[int, str] | None:
    institution = action.lead_institution
    if institution is None or not institution.contact_email:
        return None
    return action.item.assessment_id, institution.contact_email.lower()


def _lead_members(due: list[tuple[Action, str]]) -> dict[tuple[int, str], list[int]]:
    """(assessment, lower-case e-mail) → the members of that assessment with that e-mail."""
    keys = {_lead_key(action) for action, _ in due} - {None}
    if not keys:
        return {}
    members = (
        Membership.objects.filter(assessment_id__in={assessment for assessment, _ in keys})
        .annotate(email_lower=Lower("user__email"))
        .filter(email_lower__in={email for _, email in keys})
        .values_list("assessment_id", "email_lower", "user_id")
    )
    found = defaultdict(list)
    for assessment, email, user in members:
        found[(assessment, email)].append(user)
    return found


def _reachable(user_ids) -> dict[int, tuple[object, str]]:
    """The people among ``user_ids`` to write to (active, with an address, not opted out),
    with the language of their e-mail."""
    users = get_user_model().objects.filter(pk__in=user_ids, is_active=True).exclude(email="")
    chosen = {p.user_id: p for p in Preferences.objects.filter(user_id__in=user_ids)}
    reachable = {}
    for user in users:
        preferences = chosen.get(user.pk) or Preferences(user=user)
        if preferences.reminders:
            reachable[user.pk] = (user, preferences.language or settings.LANGUAGE_CODE)
    return reachable


def _insert(action: Action, user, threshold: str, now) -> Reminder | None:
    """The new Reminder row, or None when this key was taken by an earlier or concurrent run."""
    key = {"action": action, "recipient": user, "threshold": threshold, "due_on": action.due_on}
    if Reminder.objects.filter(**key).exists():
        return None
    try:
        with transaction.atomic():
            return Reminder.objects.create(**key, sent_at=now)
    except IntegrityError:
        return None


def _send(digest: Digest, today: date) -> bool:
    """Send one digest in its reader's language; False (logged) when the mail server fails."""
    user = digest.recipient
    with translation.override(digest.language):
        context = _email_context(digest, today)
        subject = one_line(
            ngettext(
                "Follow-up: %(count)d action due soon or overdue",
                "Follow-up: %(count)d actions due soon or overdue",
                len(digest.reminders),
            )
            % {"count": len(digest.reminders)}
        )
        text = render_to_string("followup/reminder_email.txt", context)
        html = render_to_string("followup/reminder_email.html", context)
    message = EmailMultiAlternatives(subject, text, None, [user.email])
    message.attach_alternative(html, "text/html")
    try:
        message.send(fail_silently=False)
    except Exception:
        # Whatever the backend raises (refused connection, TLS, a bad address): the next
        # run sends it, since the caller removes this digest's rows.
        logger.exception("Reminder digest not sent to user %s", user.pk)
        return False
    return True


def _email_context(digest: Digest, today: date) -> dict:
    ordered = sorted(
        digest.reminders, key=lambda r: (ORDER.index(r.threshold), r.action.due_on, r.action.pk)
    )
    return {
        "name": display_name(digest.recipient),
        "entries": [_entry(reminder, today) for reminder in ordered],
        "account_url": f"{settings.SITE_URL}{reverse('signin:account')}",
    }


def _entry(reminder: Reminder, today: date) -> dict:
    action = reminder.action
    item = action.item
    assessment = item.assessment
    late = (today - action.due_on).days
    return {
        "threshold": reminder.get_threshold_display(),
        "description": action.description,
        "due_on": action.due_on,
        "when": (
            ngettext("%(days)d day overdue", "%(days)d days overdue", late) % {"days": late}
            if late > 0
            else ngettext("due in %(days)d day", "due in %(days)d days", -late) % {"days": -late}
            if late < 0
            else gettext("due today")
        ),
        "lead": action.lead_institution.name if action.lead_institution else "",
        "item": f"{item} {item.instrument.symbol}",
        "assessment": f"{assessment.country.name}: {assessment.title}",
        "url": f"{settings.SITE_URL}{reverse('assessments:item', args=[assessment.pk, item.pk])}",
    }


# The organisation's notice period.


class NoticeForm(forms.Form):
    notice_days = forms.IntegerField(
        min_value=0,
        max_value=MAX_NOTICE_DAYS,
        label=gettext_lazy("Days before a due date when reminders start"),
    )


@require_http_methods(["GET", "POST"])
def notice(request: HttpRequest, slug: str) -> HttpResponse:
    """The organisation's admins set how many days before a due date reminders start."""
    organisation, _admin = get_organisation_for(request.user, slug, manage=True)
    current = FollowUpSettings.objects.filter(organisation=organisation).first()
    initial = {"notice_days": current.notice_days if current else DEFAULT_NOTICE_DAYS}
    form = NoticeForm(request.POST or None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            # update_or_create: two admins saving the first setting at once meet the
            # one-to-one key, and the second one updates the row the first made.
            FollowUpSettings.objects.update_or_create(
                organisation=organisation, defaults=form.cleaned_data
            )
            messages.success(request, gettext("Reminder notice saved."))
            return redirect("organisations:detail", slug=slug)
        return _notice_page(request, organisation, form, status=400)
    return _notice_page(request, organisation, form)


def _notice_page(request, organisation, form, *, status: int = 200) -> HttpResponse:
    context = {"organisation": organisation, "form": form}
    return render(request, "followup/reminder_notice.html", context, status=status)
