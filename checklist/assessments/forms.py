from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.db.models import Count, Q
from django.utils.translation import gettext, gettext_lazy, ngettext, pgettext_lazy

from checklist.assessments import uploads
from checklist.assessments.models import (
    COMMENT_MAX_CHARS,
    EVIDENCE_MAX_CHARS,
    NOTES_MAX_CHARS,
    Assessment,
    Finding,
    ItemReview,
    Role,
)
from checklist.assessments.rows import NO_POSITION
from checklist.assessments.services import NewSource
from checklist.fields import LineField, TextField
from checklist.ids import MAX_ID, parse_id
from checklist.instruments.models import Instrument, Paragraph, language_name


class IdChoices(forms.ModelMultipleChoiceField):
    """Choices by id: anything that is not an id in range is an invalid choice, not a query."""

    def _check_values(self, value):
        for pk in value:
            if parse_id(str(pk)) is None:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super()._check_values(value)


class AssessmentForm(forms.ModelForm):
    instruments = IdChoices(
        queryset=Instrument.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("Instruments"),
        help_text=gettext_lazy(
            "Their checklist items are copied into the assessment when it is created."
        ),
        error_messages={"required": gettext_lazy("Choose at least one instrument.")},
    )

    class Meta:
        model = Assessment
        fields = ["organisation", "country", "title", "as_of"]
        widgets = {"as_of": forms.DateInput(attrs={"type": "date"})}
        field_classes = {"title": LineField}
        help_texts = {
            "title": gettext_lazy("For example: Implementation review 2026."),
            "organisation": gettext_lazy("Its admins will see and manage the assessment."),
        }
        error_messages = {
            "organisation": {
                "required": gettext_lazy("Choose the organisation the assessment belongs to."),
                "invalid_choice": gettext_lazy("Choose one of your organisations."),
            }
        }

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the person's own organisations: a forged value is an invalid choice.
        self.fields["organisation"].queryset = organisations.order_by("name")
        if len(self.fields["organisation"].queryset) == 1:
            self.fields["organisation"].initial = self.fields["organisation"].queryset[0]
        checklist = Q(paragraphs__kind=Paragraph.Kind.OPERATIVE, paragraphs__checkable=True)
        self.fields["instruments"].queryset = (
            Instrument.objects.annotate(item_count=Count("paragraphs", filter=checklist))
            .filter(item_count__gt=0)
            .order_by("-year", "symbol")
        )
        self.fields["instruments"].label_from_instance = _instrument_choice
        self.helper = FormHelper()
        self.helper.add_input(Submit("create", gettext_lazy("Create assessment")))


def _instrument_choice(instrument) -> str:
    return ngettext(
        "%(symbol)s – %(title)s (%(count)s checklist item)",
        "%(symbol)s – %(title)s (%(count)s checklist items)",
        instrument.item_count,
    ) % {"symbol": instrument.symbol, "title": instrument.title, "count": instrument.item_count}


class ResponseForm(forms.Form):
    """One checklist row. The version is the one the person started from."""

    finding = forms.ChoiceField(
        choices=Finding.choices,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the findings offered.")},
    )
    evidence = TextField(
        required=False,
        max_length=EVIDENCE_MAX_CHARS,
        error_messages={
            "max_length": gettext_lazy(
                "The evidence can hold at most %(limit_value)s characters; this has %(show_value)s."
            )
        },
    )
    notes = TextField(
        required=False,
        max_length=NOTES_MAX_CHARS,
        error_messages={
            "max_length": gettext_lazy(
                "The internal notes can hold at most %(limit_value)s characters; "
                "this has %(show_value)s."
            )
        },
    )
    version = forms.IntegerField(min_value=0, max_value=MAX_ID, widget=forms.HiddenInput)

    def too_long(self) -> bool:
        """Refused only for its size (answered 413, as a body too large would be)."""
        codes = {error.code for errors in self.errors.as_data().values() for error in errors}
        return codes == {"max_length"}


RELOAD = gettext_lazy("Reload the page and review the item again.")


class ReviewForm(forms.Form):
    """A reviewer's verdict on one item, with the response version they read."""

    verdict = forms.ChoiceField(
        choices=[
            (ItemReview.ACCEPTED, pgettext_lazy("a reviewer's verdict on an item", "Accept")),
            (ItemReview.RETURNED, pgettext_lazy("a reviewer's verdict on an item", "Return")),
        ],
        error_messages={
            "required": gettext_lazy("Accept the item or return it."),
            "invalid_choice": gettext_lazy("Accept the item or return it."),
        },
    )
    comment = TextField(
        required=False,
        max_length=COMMENT_MAX_CHARS,
        error_messages={
            "max_length": gettext_lazy(
                "A comment can hold at most %(limit_value)s characters; this has %(show_value)s."
            )
        },
    )
    version = forms.IntegerField(
        min_value=0,
        max_value=MAX_ID,
        error_messages={
            "required": RELOAD,
            "invalid": RELOAD,
            "min_value": RELOAD,
            "max_value": RELOAD,
        },
    )


WEB_ADDRESS = gettext_lazy("Give a web address starting with http:// or https://.")


class SourceForm(forms.Form):
    title = LineField(
        label=gettext_lazy("Title of the source"),
        max_length=300,
        help_text=gettext_lazy("For example: Refugee Act 2006, s. 4."),
    )
    url = forms.URLField(
        label=gettext_lazy("Link"),
        required=False,
        max_length=1000,
        assume_scheme="https",
        error_messages={"invalid": WEB_ADDRESS},
    )
    file = forms.FileField(label=gettext_lazy("File"), required=False, help_text=uploads.ALLOWED)

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        if url and not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(WEB_ADDRESS)
        return url

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload:
            try:
                uploads.kind_of(upload)
            except uploads.UploadRefused as refusal:
                raise forms.ValidationError(str(refusal)) from refusal
        return upload

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not cleaned.get("url") and not cleaned.get("file"):
            raise forms.ValidationError(gettext_lazy("Give a link, a file, or both."))
        return cleaned

    def new_source(self) -> NewSource:
        data = self.cleaned_data
        return NewSource(title=data["title"], url=data["url"], upload=data["file"] or None)


class InviteForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=254,
        error_messages={"invalid": gettext_lazy("Give an e-mail address such as ana@example.org.")},
    )
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=Role.choices,
        initial=Role.EDITOR,
        error_messages={"invalid_choice": gettext_lazy("Choose one of the roles offered.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_class = "row g-2 align-items-end"
        self.helper.add_input(Submit("invite", gettext_lazy("Send invitation")))


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Role"), choices=Role.choices)


class ChecklistFilterForm(forms.Form):
    """The filters above the checklist. A value that is not offered is ignored, not an error."""

    finding = forms.ChoiceField(
        required=False, choices=[("", gettext_lazy("Any finding")), *Finding.choices]
    )
    instrument = forms.TypedChoiceField(required=False, coerce=int, empty_value=None)
    theme = forms.ChoiceField(required=False)
    group = forms.ChoiceField(required=False)
    sdg = forms.ChoiceField(required=False)
    # The State's position (checklist.followup.models.Position, by value: this app does not
    # import that one), or none recorded.
    position = forms.ChoiceField(
        required=False,
        choices=[
            ("", gettext_lazy("Any position")),
            ("supported", gettext_lazy("Supported")),
            ("partially_supported", gettext_lazy("Partially supported")),
            ("noted", gettext_lazy("Noted")),
            (NO_POSITION, gettext_lazy("No position recorded")),
        ],
    )
    open_comments = forms.BooleanField(
        required=False, label=gettext_lazy("Items with open comments")
    )
    returned = forms.BooleanField(
        required=False, label=gettext_lazy("Items returned by a reviewer")
    )
    # Not a filter: the language of the item texts shown, from the instruments' versions.
    text = forms.ChoiceField(required=False, label=gettext_lazy("Text language"))

    def __init__(
        self,
        data,
        *,
        instruments,
        themes: list[tuple[str, str]],
        groups: list[tuple[str, str]] = (),
        sdg_targets: list[tuple[str, str]] = (),
        text_languages: list[str] = (),
    ):
        super().__init__(data)
        self.fields["text"].choices = [
            ("", gettext_lazy("As imported")),
            *((code, language_name(code)) for code in text_languages),
        ]
        self.fields["instrument"].choices = [("", gettext("All instruments"))] + [
            (instrument.pk, instrument.symbol) for instrument in instruments
        ]
        self.fields["theme"].choices = [("", gettext("All themes")), *themes]
        self.fields["group"].choices = [("", gettext("All affected groups")), *groups]
        self.fields["sdg"].choices = [("", gettext("All SDG targets")), *sdg_targets]

    def chosen(self) -> dict:
        """The filters that hold a value offered, by name."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in self.errors and value not in ("", None, False)
        }


class NextRoundForm(forms.Form):
    title = LineField(label=gettext_lazy("Title"), max_length=200)
    as_of = forms.DateField(label=gettext_lazy("As of"))
    to_newer = forms.BooleanField(required=False)
