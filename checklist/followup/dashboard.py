"""The follow-up dashboard of one assessment: its actions, overdue first, filtered, and counted
by institution, by theme and per instrument. Read in a constant number of queries."""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from checklist.assessments.models import Assessment, Item
from checklist.followup.models import (
    DEFAULT_NOTICE_DAYS,
    Action,
    ActionStatus,
    FollowUpSettings,
    Institution,
)
from checklist.followup.selectors import is_overdue
from checklist.instruments.models import Theme
from checklist.people import display_name

OVERDUE, DUE_SOON, LATER, UNDATED = "overdue", "due_soon", "later", "undated"
DUE_CHOICES = [
    ("", _("Any due date")),
    (OVERDUE, _("Overdue")),
    (DUE_SOON, _("Due soon")),
    (LATER, _("Due later")),
    (UNDATED, _("No due date")),
]


class BoardFilters(forms.Form):
    """What the dashboard and its exports show. A value that is not offered (a forged or
    stale id) is an error shown beside the field; the filter is then not applied."""

    institution = forms.ModelChoiceField(
        label=_("Institution"),
        queryset=Institution.objects.none(),
        required=False,
        empty_label=_("Any institution"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *ActionStatus.choices], required=False
    )
    due = forms.ChoiceField(label=_("Due date"), choices=DUE_CHOICES, required=False)
    theme = forms.ModelChoiceField(
        label=_("Theme"),
        queryset=Theme.objects.none(),
        required=False,
        to_field_name="slug",
        empty_label=_("Any theme"),
    )
    instrument = forms.ModelChoiceField(
        label=_("Instrument"), queryset=None, required=False, empty_label=_("Any instrument")
    )

    def __init__(self, data, *, assessment: Assessment):
        super().__init__(data)
        self.fields["institution"].queryset = Institution.objects.filter(
            organisation_id=assessment.organisation_id
        )
        self.fields["theme"].queryset = Theme.objects.filter(
            pk__in=Item.themes.through.objects.filter(item__assessment=assessment).values(
                "theme_id"
            )
        )
        self.fields["instrument"].queryset = assessment.instruments.all()

    def chosen(self) -> dict:
        """The valid filters only: an invalid field is left out, the others still apply."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


@dataclass(frozen=True, slots=True)
class BoardAction:
    pk: int
    item_id: int
    item_label: str
    instrument: str
    description: str
    lead: str
    others: list[str]
    owner: str
    due_on: datetime.date | None
    status: str
    status_label: str
    overdue: bool
    indicators: list[str]
    themes: list[str] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Tally:
    name: str
    total: int
    open: int
    overdue: int
    done: int


@dataclass(frozen=True, slots=True)
class InstrumentProgress:
    symbol: str
    items: int
    items_with_action: int
    actions: int
    actions_done: int

    @property
    def share_items(self) -> float:
        return 100 * self.items_with_action / self.items if self.items else 0.0

    @property
    def share_done(self) -> float:
        return 100 * self.actions_done / self.actions if self.actions else 0.0


def notice_days(assessment: Assessment) -> int:
    settings = FollowUpSettings.objects.filter(organisation_id=assessment.organisation_id).first()
    return settings.notice_days if settings else DEFAULT_NOTICE_DAYS


def _due_filter(due: str, today: datetime.date, notice: int) -> Q:
    still_open = Q(status__in=[ActionStatus.PLANNED, ActionStatus.IN_PROGRESS])
    soon = today + datetime.timedelta(days=notice)
    return {
        OVERDUE: still_open & Q(due_on__lt=today),
        DUE_SOON: still_open & Q(due_on__gte=today, due_on__lte=soon),
        LATER: Q(due_on__gt=soon),
        UNDATED: Q(due_on__isnull=True),
    }[due]


def filtered_actions(assessment: Assessment, chosen: dict, today: datetime.date):
    actions = Action.objects.filter(item__assessment=assessment)
    if "institution" in chosen:
        institution = chosen["institution"]
        actions = actions.filter(
            Q(lead_institution=institution) | Q(other_institutions=institution)
        ).distinct()
    if "status" in chosen:
        actions = actions.filter(status=chosen["status"])
    if "due" in chosen:
        actions = actions.filter(_due_filter(chosen["due"], today, notice_days(assessment)))
    if "theme" in chosen:
        actions = actions.filter(item__themes=chosen["theme"])
    if "instrument" in chosen:
        actions = actions.filter(item__instrument=chosen["instrument"])
    return actions


def board_actions(actions, today: datetime.date) -> list[BoardAction]:
    """The actions as lines, overdue first, then by due date (undated last)."""
    lines = [
        BoardAction(
            pk=action.pk,
            item_id=action.item_id,
            item_label=f"§{action.item.number}" if action.item.number else str(action.item),
            instrument=action.item.instrument.symbol,
            description=action.description,
            lead=action.lead_institution.name if action.lead_institution else "",
            others=[institution.name for institution in action.other_institutions.all()],
            owner=display_name(action.owner) if action.owner else "",
            due_on=action.due_on,
            status=action.status,
            status_label=action.get_status_display(),
            overdue=is_overdue(action.due_on, action.status, today),
            indicators=[_indicator_line(indicator) for indicator in action.indicators.all()],
            themes=[theme.name for theme in action.item.themes.all()],
        )
        for action in actions.select_related(
            "item__instrument", "lead_institution", "owner"
        ).prefetch_related("other_institutions", "indicators", "item__themes")
    ]
    return sorted(lines, key=lambda a: (not a.overdue, a.due_on is None, a.due_on, a.pk))


def _indicator_line(indicator) -> str:
    values = " → ".join(v for v in (indicator.baseline, indicator.current_value) if v)
    target = f" / {indicator.target}" if indicator.target else ""
    return f"{indicator.description}: {values}{target}".rstrip(": ")


def _tally(name: str, lines: list[BoardAction]) -> Tally:
    done = sum(line.status == ActionStatus.DONE for line in lines)
    still_open = sum(
        line.status in (ActionStatus.PLANNED, ActionStatus.IN_PROGRESS) for line in lines
    )
    return Tally(name, len(lines), still_open, sum(line.overdue for line in lines), done)


def by_institution(lines: list[BoardAction]) -> list[Tally]:
    """Per lead institution, the most overdue first; actions without a lead last."""
    groups: dict[str, list[BoardAction]] = {}
    for line in lines:
        groups.setdefault(line.lead, []).append(line)
    tallies = [
        _tally(name or str(_("No lead institution")), group) for name, group in groups.items()
    ]
    return sorted(
        tallies, key=lambda t: (t.name == str(_("No lead institution")), -t.overdue, t.name)
    )


def by_theme(lines: list[BoardAction]) -> list[Tally]:
    groups: dict[str, list[BoardAction]] = {}
    for line in lines:
        for theme in line.themes:
            groups.setdefault(theme, []).append(line)
    return sorted((_tally(name, group) for name, group in groups.items()), key=lambda t: t.name)


def progress(assessment: Assessment) -> list[InstrumentProgress]:
    """Per instrument: the share of its items with at least one action, and the share of its
    actions done (dropped ones do not count as done). Two aggregate queries."""
    items = Counter(
        dict(
            Item.objects.filter(assessment=assessment)
            .values_list("instrument__symbol")
            .annotate(n=Count("pk"))
        )
    )
    actions = Action.objects.filter(item__assessment=assessment).values("item__instrument__symbol")
    counted = actions.annotate(
        total=Count("pk"),
        done=Count("pk", filter=Q(status=ActionStatus.DONE)),
        items=Count("item", distinct=True),
    )
    per_symbol = {line["item__instrument__symbol"]: line for line in counted}
    return [
        InstrumentProgress(
            symbol=symbol,
            items=count,
            items_with_action=per_symbol.get(symbol, {}).get("items", 0),
            actions=per_symbol.get(symbol, {}).get("total", 0),
            actions_done=per_symbol.get(symbol, {}).get("done", 0),
        )
        for symbol, count in items.items()
    ]
