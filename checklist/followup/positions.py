"""The State's position on each item and its vote on each instrument: the forms, the writes
and the pages (an htmx fragment, or a page of its own without JavaScript).

Three things are kept apart: the finding (how far the State carries an item out), the review
state (where the team's work stands) and the position (what the State said of the text). A
State may support a recommendation it does not carry out yet, or carry out one it only noted.

Positions are part of what the assessment says: owners and editors write them while the
assessment is open for writes, as they write findings, with the same optimistic versions.
"""

from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.db.models import F
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_http_methods

from checklist.assessments.access import APPROVED_IS_READ_ONLY, WRITE, Permissions
from checklist.assessments.models import Assessment, Event, Item
from checklist.assessments.services import AssessmentApproved, hold_open_assessment, log_event
from checklist.followup.models import (
    STATEMENT_MAX_CHARS,
    InstrumentVote,
    ItemPosition,
    Position,
    Vote,
)
from checklist.followup.position_access import (
    ItemAccess,
    VoteAccess,
    get_item_position_for,
    get_vote_for,
)
from checklist.instruments.models import Instrument
from checklist.people import display_name
from checklist.text import clean_text


class StalePosition(Exception):
    """Someone saved the position or vote after the version this save started from."""

    def __init__(self, current: ItemPosition | InstrumentVote):
        super().__init__(f"{type(current).__name__} {current.pk} is at version {current.version}.")
        self.current = current


class StatementForm(forms.Form):
    """A choice (position or vote), a statement, and the version the person started from."""

    choice_field = ""
    choices: list = []

    version = forms.IntegerField(min_value=0)
    statement = forms.CharField(
        required=False,
        max_length=STATEMENT_MAX_CHARS,
        label=gettext_lazy("Reservation or interpretative statement"),
    )

    def __init__(self, data):
        super().__init__(data)
        self.fields[self.choice_field] = forms.ChoiceField(
            required=False, choices=[("", gettext_lazy("Not recorded")), *self.choices]
        )

    def clean_statement(self) -> str:
        return clean_text(self.cleaned_data["statement"]).strip()

    @property
    def choice(self) -> str:
        return self.cleaned_data[self.choice_field]


class PositionForm(StatementForm):
    choice_field = "position"
    choices = Position.choices


class VoteForm(StatementForm):
    choice_field = "vote"
    choices = Vote.choices


# Writes.


@transaction.atomic
def save_item_position(
    *, item: Item, user: AbstractBaseUser, version: int, position: str, statement: str
) -> ItemPosition:
    """Record the State's position on ``item``, if nobody saved it since ``version``.

    1. Refuse an assessment no longer open for writes, and keep it from being approved
       until this commits (assessments.services.hold_open_assessment).
    2. The item's position row, made empty at version 0 by the first save: the one-to-one
       key settles two first saves racing.
    3. A conditional UPDATE on (pk, version); no row matched → StalePosition, nothing written.
    4. The assessment's last change and an audit event (kind POSITION).
    """
    _check(position, Position, statement)
    hold_open_assessment(item.assessment_id)
    current, _created = ItemPosition.objects.get_or_create(item=item)
    summary = _summary(
        str(item),
        gettext_lazy("position"),
        Position,
        (current.position, position),
        statement != current.statement,
    )
    return _save(
        current,
        user=user,
        version=version,
        values={"position": position, "statement": statement},
        assessment=item.assessment,
        item=item,
        summary=summary,
    )


@transaction.atomic
def save_vote(
    *,
    assessment: Assessment,
    instrument: Instrument,
    user: AbstractBaseUser,
    version: int,
    vote: str,
    statement: str,
) -> InstrumentVote:
    """Record the State's vote on one of the assessment's instruments: the same steps as
    save_item_position, on the (assessment, instrument) row."""
    _check(vote, Vote, statement)
    hold_open_assessment(assessment.pk)
    current, _created = InstrumentVote.objects.get_or_create(
        assessment=assessment, instrument=instrument
    )
    summary = _summary(
        instrument.symbol,
        gettext_lazy("vote"),
        Vote,
        (current.vote, vote),
        statement != current.statement,
    )
    return _save(
        current,
        user=user,
        version=version,
        values={"vote": vote, "statement": statement},
        assessment=assessment,
        item=None,
        summary=summary,
    )


def _check(choice: str, choices: type[models.TextChoices], statement: str) -> None:
    if choice and choice not in choices.values:
        raise ValueError(f"{choice!r} is not one of {choices.values}.")
    if len(statement) > STATEMENT_MAX_CHARS:
        raise ValueError(f"A statement holds at most {STATEMENT_MAX_CHARS:,} characters.")


def _save(row, *, user, version: int, values: dict, assessment, item, summary: str):
    """The versioned UPDATE shared by positions and votes (see save_item_position).
    Saving the values already stored writes nothing, whatever the version: nothing is lost."""
    if all(getattr(row, name) == value for name, value in values.items()):
        return row
    now = timezone.now()
    # Only this table's columns in the WHERE clause: PostgreSQL re-checks them against a row
    # a concurrent save just committed (see assessments.services.save_response).
    updated = (
        type(row)
        .objects.filter(pk=row.pk, version=version)
        .update(**values, version=F("version") + 1, updated_by=user, updated_at=now)
    )
    if not updated:
        raise StalePosition(type(row).objects.select_related("updated_by").get(pk=row.pk))
    Assessment.objects.filter(pk=assessment.pk).update(updated_at=now)
    log_event(assessment, actor=user, kind=Event.Kind.POSITION, item=item, at=now, summary=summary)
    row.refresh_from_db()
    return row


def _summary(subject: str, what, choices, change: tuple[str, str], edited: bool) -> str:
    """ "§3: position Noted → Supported, statement edited", in the site's language: the audit
    trail reads the same for everyone whatever language each person works in."""
    old, new = change
    with translation.override(settings.LANGUAGE_CODE):
        parts = []
        if old != new:
            parts.append(f"{what} {_label(choices, old)} → {_label(choices, new)}")
        if edited:
            parts.append(gettext("statement edited"))
        return f"{subject}: {', '.join(parts)}"


def _label(choices: type[models.TextChoices], value: str) -> str:
    return str(choices(value).label) if value else "—"


# Pages.


@dataclass
class Panel:
    """What the position (or vote) box shows: the saved values, and the form with what the
    person typed, after a refusal, or the saved values otherwise."""

    dom_id: str
    url: str
    choice_field: str
    choice_label: str
    choices: list
    saved: ItemPosition | InstrumentVote
    permissions: Permissions
    typed: dict = field(default_factory=dict)
    # The version the form carries: the saved one, or what was posted after bad input.
    version: int | str | None = None
    outcome: str = ""  # "saved", "conflict" or "refused"
    problem: str = ""

    @property
    def saved_choice_label(self) -> str:
        value = getattr(self.saved, self.choice_field)
        return dict(self.choices).get(value, "") if value else ""

    @property
    def saved_by(self) -> str:
        return display_name(self.saved.updated_by) if self.saved.updated_at else ""

    @property
    def form_choice(self) -> str:
        return self.typed.get(self.choice_field, getattr(self.saved, self.choice_field))

    @property
    def form_statement(self) -> str:
        return self.typed.get("statement", self.saved.statement)

    @property
    def form_version(self) -> int | str:
        return self.saved.version if self.version is None else self.version


@require_http_methods(["GET", "POST"])
def item_position(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """GET: the item's position (a fragment for htmx, a page otherwise). POST: record it."""
    if request.method == "POST":
        found = get_item_position_for(request.user, pk, item_pk, right=WRITE)
        return _record(request, found, PositionForm(request.POST))
    return _answer(request, get_item_position_for(request.user, pk, item_pk))


@require_http_methods(["GET", "POST"])
def vote(request: HttpRequest, pk: int, instrument_pk: int) -> HttpResponse:
    """GET: the State's vote on one instrument (fragment or page). POST: record it."""
    if request.method == "POST":
        found = get_vote_for(request.user, pk, instrument_pk, right=WRITE)
        return _record(request, found, VoteForm(request.POST))
    return _answer(request, get_vote_for(request.user, pk, instrument_pk))


def _record(request: HttpRequest, found: ItemAccess | VoteAccess, form: StatementForm):
    """Validate and save; a refusal answers 400 (bad input) or 409 (someone saved first)
    with the box holding what was typed. After a conflict the form carries the current
    version, so saving it again deliberately replaces theirs."""
    typed = {name: request.POST.get(name, "") for name in (form.choice_field, "statement")}
    if not form.is_valid():
        problem = " ".join(error for errors in form.errors.values() for error in errors)
        version = request.POST.get("version", "")
        return _answer(
            request, found, typed=typed, version=version, outcome="refused", problem=problem
        )
    try:
        saved = _write(found, request.user, form)
    except StalePosition as stale:
        return _answer(request, _with_saved(found, stale.current), typed=typed, outcome="conflict")
    except AssessmentApproved as approved:
        raise PermissionDenied(APPROVED_IS_READ_ONLY) from approved
    if not request.htmx:
        messages.success(request, gettext("Saved."))
        return redirect(_back(found))
    return _answer(request, _with_saved(found, saved), outcome="saved")


def _write(found: ItemAccess | VoteAccess, user, form: StatementForm):
    data = form.cleaned_data
    if isinstance(found, ItemAccess):
        return save_item_position(
            item=found.item,
            user=user,
            version=data["version"],
            position=form.choice,
            statement=data["statement"],
        )
    return save_vote(
        assessment=found.assessment,
        instrument=found.instrument,
        user=user,
        version=data["version"],
        vote=form.choice,
        statement=data["statement"],
    )


def _with_saved(found: ItemAccess | VoteAccess, saved) -> ItemAccess | VoteAccess:
    if isinstance(found, ItemAccess):
        return ItemAccess(found.item, saved, found.permissions)
    return VoteAccess(found.assessment, found.instrument, saved, found.permissions)


STATUS = {"": 200, "saved": 200, "refused": 400, "conflict": 409}


def _answer(request: HttpRequest, found: ItemAccess | VoteAccess, **state) -> HttpResponse:
    panel = _panel(found, **state)
    status = STATUS[panel.outcome]
    if request.htmx:
        return render(request, "followup/_position.html", {"panel": panel}, status=status)
    context = {
        "panel": panel,
        "assessment": found.item.assessment if isinstance(found, ItemAccess) else found.assessment,
        "back": _back(found),
        "item": getattr(found, "item", None),
        "instrument": found.item.instrument if isinstance(found, ItemAccess) else found.instrument,
    }
    return render(request, "followup/position_page.html", context, status=status)


def _panel(found: ItemAccess | VoteAccess, **state) -> Panel:
    if isinstance(found, ItemAccess):
        return Panel(
            dom_id="state-position",
            url=reverse("positions:item_position", args=[found.item.assessment_id, found.item.pk]),
            choice_field="position",
            choice_label=gettext("Position"),
            choices=Position.choices,
            saved=found.position,
            permissions=found.permissions,
            **state,
        )
    return Panel(
        dom_id=f"vote-{found.instrument.pk}",
        url=reverse("positions:vote", args=[found.assessment.pk, found.instrument.pk]),
        choice_field="vote",
        choice_label=gettext("The State's vote"),
        choices=Vote.choices,
        saved=found.vote,
        permissions=found.permissions,
        **state,
    )


def _back(found: ItemAccess | VoteAccess) -> str:
    """Where a saved position leads without JavaScript: the item's page, or the checklist at
    the instrument's heading."""
    if isinstance(found, ItemAccess):
        return reverse("assessments:item", args=[found.item.assessment_id, found.item.pk])
    checklist = reverse("assessments:checklist", args=[found.assessment.pk])
    return f"{checklist}#instrument-{found.instrument.pk}"
