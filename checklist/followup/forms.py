"""Forms of follow-up: institutions, actions, indicators and progress. They validate and
normalise; the views hand ``cleaned_data`` to services.py."""

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from checklist.accounts.models import Organisation
from checklist.assessments.forms import IdChoices as IdMultipleChoice
from checklist.assessments.models import Assessment
from checklist.fields import LineField, TextField
from checklist.followup.models import (
    DESCRIPTION_MAX_CHARS,
    PROGRESS_MAX_CHARS,
    Action,
    ActionStatus,
    Institution,
)
from checklist.followup.services import ActionData, IndicatorData, InstitutionData
from checklist.ids import MAX_ID, parse_id
from checklist.people import display_name

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class IdChoice(forms.ModelChoiceField):
    """A choice by id: anything that is not an id in range is an invalid choice, not a query
    (a forged 99999999999999999999 would overflow the database's integer)."""

    def to_python(self, value):
        if value not in self.empty_values and parse_id(str(value)) is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice"
            )
        return super().to_python(value)


class InstitutionForm(forms.Form):
    name = LineField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=Institution.Kind.choices)
    contact_name = LineField(label=_("Contact person"), max_length=200, required=False)
    contact_email = forms.EmailField(label=_("Contact e-mail"), required=False)

    def __init__(self, *args, organisation: Organisation, editing: Institution | None = None, **kw):
        super().__init__(*args, **kw)
        self.organisation = organisation
        self.editing = editing

    def clean_name(self) -> str:
        name = self.cleaned_data["name"]
        others = Institution.objects.filter(organisation=self.organisation, name__iexact=name)
        if self.editing is not None:
            others = others.exclude(pk=self.editing.pk)
        if others.exists():
            raise forms.ValidationError(
                _("%(name)s is already one of the organisation's institutions."),
                params={"name": name},
                code="duplicate",
            )
        return name

    def data_for_service(self) -> InstitutionData:
        return InstitutionData(**self.cleaned_data)


class ActionForm(forms.Form):
    """An action. Institutions come from the assessment's organisation only and the person
    following it up from the assessment's members: anything else is an invalid choice."""

    description = TextField(
        label=_("What is to be done"),
        max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    lead_institution = IdChoice(
        label=_("Lead institution"),
        queryset=Institution.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the organisation's institutions.")},
    )
    other_institutions = IdMultipleChoice(
        label=_("Also involved"),
        queryset=Institution.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose among the organisation's institutions.")},
    )
    owner = IdChoice(
        label=_("Followed by"),
        queryset=get_user_model().objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the assessment's members.")},
    )
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DATE)
    status = forms.ChoiceField(
        label=_("Status"), choices=ActionStatus.choices, initial=ActionStatus.PLANNED
    )
    dropped_reason = TextField(
        label=_("Why it was dropped"),
        required=False,
        max_length=DESCRIPTION_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 1}),
    )
    version = forms.IntegerField(
        min_value=0, max_value=MAX_ID, required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, assessment: Assessment, editing: Action | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        institutions = Institution.objects.filter(organisation_id=assessment.organisation_id)
        self.fields["lead_institution"].queryset = institutions
        self.fields["other_institutions"].queryset = institutions
        # The assessment's members, and whoever follows the action up now (carried from an
        # earlier round, they may not be a member of this one): saving keeps them.
        people = Q(memberships__assessment=assessment)
        if editing is not None and editing.owner_id is not None:
            people |= Q(pk=editing.owner_id)
        owners = get_user_model().objects.filter(people).distinct().order_by("username")
        self.fields["owner"].queryset = owners
        self.fields["owner"].label_from_instance = display_name
        # An edit names the version it started from (services.change_action).
        self.fields["version"].required = editing is not None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == ActionStatus.DROPPED and not cleaned.get("dropped_reason"):
            self.add_error("dropped_reason", _("Say why the action was dropped."))
        if cleaned.get("status") != ActionStatus.DROPPED:
            cleaned["dropped_reason"] = ""
        return cleaned

    def data_for_service(self) -> ActionData:
        data = {name: self.cleaned_data[name] for name in ActionData.__dataclass_fields__}
        data["other_institutions"] = list(data["other_institutions"])
        return ActionData(**data)


class IndicatorForm(forms.Form):
    description = LineField(label=_("What is measured"), max_length=500)
    baseline = LineField(label=_("Baseline"), max_length=200, required=False)
    target = LineField(label=_("Target"), max_length=200, required=False)
    current_value = LineField(label=_("Current value"), max_length=200, required=False)
    measured_on = forms.DateField(label=_("Measured on"), required=False, widget=DATE)
    version = forms.IntegerField(min_value=0, max_value=MAX_ID, widget=forms.HiddenInput)

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].required = editing

    def data_for_service(self) -> IndicatorData:
        return IndicatorData(
            **{name: self.cleaned_data[name] for name in IndicatorData.__dataclass_fields__}
        )


class ProgressForm(forms.Form):
    text = TextField(
        label=_("What was done"),
        max_length=PROGRESS_MAX_CHARS,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reported_on = forms.DateField(label=_("Date"), widget=DATE)
