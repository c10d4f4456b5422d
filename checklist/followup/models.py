"""What happens after a finding: the institutions that act, their actions with indicators and
progress, the State's position on each item and its vote on each instrument, and the reminders
sent about actions falling due.

Sits above assessments: an action hangs on an item, and belongs to the item's assessment's
organisation. Nothing in assessments imports this app.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from checklist.accounts.models import Organisation
from checklist.assessments.models import Assessment, Item
from checklist.instruments.models import Instrument

DESCRIPTION_MAX_CHARS = 5_000
PROGRESS_MAX_CHARS = 5_000
STATEMENT_MAX_CHARS = 10_000
DEFAULT_NOTICE_DAYS = 14


class Institution(models.Model):
    """A ministry, agency, court or the NHRI itself: who carries out actions."""

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("Ministry")
        AGENCY = "agency", _("Agency")
        PARLIAMENT = "parliament", _("Parliament")
        COURT = "court", _("Court")
        NHRI = "nhri", _("National human rights institution")
        CIVIL_SOCIETY = "civil_society", _("Civil society")
        INTERNATIONAL = "international", _("International organisation")
        OTHER = "other", _("Other")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="institutions"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MINISTRY)
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                "organisation", models.functions.Lower("name"), name="institution_unique_name"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


OPEN_STATUSES = (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS)


class ActionQuerySet(models.QuerySet):
    def open(self):
        """Actions still to be carried out: reminders and "overdue" only concern these."""
        return self.filter(status__in=OPEN_STATUSES)


class Action(models.Model):
    """Something to be done about one item, by a lead institution, by a date."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="actions")
    description = models.TextField(_("what is to be done"), max_length=DESCRIPTION_MAX_CHARS)
    lead_institution = models.ForeignKey(
        Institution,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_actions",
        verbose_name=_("lead institution"),
    )
    other_institutions = models.ManyToManyField(
        Institution, blank=True, related_name="supported_actions", verbose_name=_("also involved")
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_actions",
        verbose_name=_("followed by"),
        help_text=_("The person who follows the action up and receives its reminders."),
    )
    due_on = models.DateField(_("due date"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    dropped_reason = models.TextField(_("why it was dropped"), blank=True)
    # Optimistic concurrency, as for responses: a write names the version it started from.
    version = models.PositiveIntegerField(default=0)
    carried_from = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="carried_to",
        help_text="The same action in the earlier round this assessment was carried from.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["item", "due_on", "pk"]
        indexes = [models.Index(fields=["status", "due_on"], name="action_by_status_due")]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def assessment(self) -> Assessment:
        return self.item.assessment

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_overdue(self) -> bool:
        """Still open after its due date (the server's local date)."""
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()


class Indicator(models.Model):
    """What is measured to know whether an action works. Values are text: many are qualitative
    ("law adopted"), and a number keeps its unit ("45 %")."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="indicators")
    description = models.CharField(_("what is measured"), max_length=500)
    baseline = models.CharField(_("baseline"), max_length=200, blank=True)
    target = models.CharField(_("target"), max_length=200, blank=True)
    current_value = models.CharField(_("current value"), max_length=200, blank=True)
    measured_on = models.DateField(_("measured on"), null=True, blank=True)
    # Its own optimistic version: two people updating the current value never overwrite
    # each other, and an indicator's edit does not conflict with an edit of the action.
    version = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["action", "pk"]

    def __str__(self) -> str:
        return self.description


class ProgressUpdate(models.Model):
    """A dated note of what was done, by whom. Only ever added."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="progress")
    text = models.TextField(_("progress"), max_length=PROGRESS_MAX_CHARS)
    reported_on = models.DateField(_("date"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "-reported_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.reported_on}: {self.text[:60]}"


class Position(models.TextChoices):
    """What the State said of a recommendation: kept apart from the finding and review state."""

    SUPPORTED = "supported", _("Supported")
    PARTIALLY_SUPPORTED = "partially_supported", _("Partially supported")
    # Translators: the State "took note of" a recommendation without accepting it.
    NOTED = "noted", _("Noted")


class ItemPosition(models.Model):
    """The State's position on one item, with any reservation or interpretative statement."""

    item = models.OneToOneField(Item, on_delete=models.CASCADE, related_name="state_position")
    position = models.CharField(_("position"), max_length=20, choices=Position.choices, blank=True)
    statement = models.TextField(
        _("reservation or interpretative statement"),
        max_length=STATEMENT_MAX_CHARS,
        blank=True,
    )
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.item_id}: {self.position}"


class Vote(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    ABSTAINED = "abstained", _("Abstained")
    ABSENT = "absent", _("Absent")
    # Adopted without a vote: no State voted.
    CONSENSUS = "consensus", _("Adopted without a vote")


class InstrumentVote(models.Model):
    """The State's vote on one instrument of an assessment, and any statement it made."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="votes")
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="+")
    vote = models.CharField(_("vote"), max_length=20, choices=Vote.choices, blank=True)
    statement = models.TextField(
        _("reservation or interpretative statement"),
        max_length=STATEMENT_MAX_CHARS,
        blank=True,
    )
    version = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "instrument"], name="instrument_vote_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument_id}: {self.vote}"


class FollowUpSettings(models.Model):
    """An organisation's follow-up policy: how many days before a due date reminders start."""

    organisation = models.OneToOneField(
        Organisation, on_delete=models.CASCADE, related_name="followup_settings"
    )
    notice_days = models.PositiveSmallIntegerField(
        _("reminder notice (days)"), default=DEFAULT_NOTICE_DAYS
    )

    def __str__(self) -> str:
        return f"{self.organisation}: {self.notice_days} days"


class Reminder(models.Model):
    """One reminder sent about one action at one threshold for one due date.

    The unique constraint is what makes send_reminders idempotent across runs and processes;
    a changed due date is a new key, so the thresholds start again.
    """

    class Threshold(models.TextChoices):
        DUE_SOON = "due_soon", _("Due soon")
        OVERDUE = "overdue", _("Overdue")
        OVERDUE_AGAIN = "overdue_again", _("Still overdue after 30 days")

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="reminders")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    threshold = models.CharField(max_length=20, choices=Threshold.choices)
    due_on = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["action", "recipient", "threshold", "due_on"], name="reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.action_id} {self.threshold} {self.due_on}"
