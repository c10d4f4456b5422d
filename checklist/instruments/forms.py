from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from checklist.fields import LineField, TextField
from checklist.instruments.drafts import PAGE_SIZE
from checklist.instruments.models import (
    AffectedGroup,
    ImportDraft,
    Instrument,
    Paragraph,
    SdgTarget,
    Theme,
)


class InstrumentFilterForm(forms.Form):
    """The instrument list's filters (GET); a value that is not one of the choices is
    dropped with a message rather than refused."""

    body = forms.ChoiceField(label=_("Body"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    theme = forms.ChoiceField(label=_("Theme"), required=False)
    group = forms.ChoiceField(label=_("Affected group"), required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        every = [("", _("All"))]
        self.fields["body"].choices = every + Instrument.Body.choices
        years = Instrument.objects.exclude(year=None).order_by("-year").values_list("year")
        self.fields["year"].choices = every + [(y, y) for (y,) in years.distinct()]
        self.fields["kind"].choices = every + Instrument.Kind.choices
        self.fields["theme"].choices = every + theme_choices()
        self.fields["group"].choices = every + list(
            AffectedGroup.objects.order_by("name").values_list("slug", "name")
        )

    def filtered(self, instruments):
        """``instruments`` narrowed by the valid filters."""
        self.is_valid()
        data = self.cleaned_data  # the fields that are valid
        if data.get("body"):
            instruments = instruments.filter(body=data["body"])
        if data.get("year"):
            instruments = instruments.filter(year=data["year"])
        if data.get("kind"):
            instruments = instruments.of_kind(data["kind"])
        if data.get("theme"):
            instruments = instruments.filter(
                pk__in=Paragraph.objects.filter(themes__slug=data["theme"]).values("instrument")
            )
        if data.get("group"):
            instruments = instruments.filter(
                pk__in=Paragraph.objects.filter(groups__slug=data["group"]).values("instrument")
            )
        return instruments


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented pattern)."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".txt,.pdf,.zip"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        if isinstance(data, list | tuple) and data:
            return [super(MultipleFileField, self).clean(item, initial) for item in data]
        return [super().clean(data or None, initial)]


class BulkImportForm(forms.Form):
    """Several instruments at once: .txt and .pdf files, or a .zip holding them."""

    files = MultipleFileField(
        label=_("Files"),
        help_text=_(
            "Choose several .txt or .pdf files, or a .zip of them. All are saved, or none."
        ),
    )
    language = forms.ChoiceField(
        label=_("Language of the texts"),
        required=False,
        choices=[("", _("Tell from each text")), *Instrument.Language.choices],
    )


class ImportSourceForm(forms.Form):
    """Step 1 of an import: the raw text, pasted or uploaded."""

    text = TextField(
        label=_("Paste the text"),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace small"}),
        help_text=_(
            "As copied from the UN document: the title, the preambular and the "
            "operative paragraphs. Page headers and footnotes are cleaned up for you."
        ),
    )
    file = forms.FileField(
        label=_("…or upload a file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.pdf,text/plain,application/pdf"}),
    )
    source_url = forms.URLField(
        label=_("Source URL"), required=False, assume_scheme="https", help_text=_("Optional.")
    )
    language = forms.ChoiceField(
        label=_("Language of the text"),
        required=False,
        choices=[("", _("Tell from the text")), *Instrument.Language.choices],
        help_text=_(
            "The same symbol already imported in another language is linked to this text "
            "as a language version."
        ),
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        # Said where the file is chosen, from the settings in force.
        self.fields["file"].help_text = gettext(
            "A .txt or a .pdf with a text layer: up to %(size)s, %(pages)s pages and "
            "%(chars)s characters."
        ) % {
            "size": filesizeformat(settings.INSTRUMENT_UPLOAD_MAX_BYTES),
            "pages": f"{settings.INSTRUMENT_PDF_MAX_PAGES:,}",
            "chars": f"{settings.INSTRUMENT_TEXT_MAX_CHARS:,}",
        }

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        limit = settings.INSTRUMENT_TEXT_MAX_CHARS
        if len(text) > limit:
            raise forms.ValidationError(
                gettext(
                    "The text is %(length)s characters long; the limit is %(limit)s. "
                    "Import one instrument at a time."
                )
                % {"length": f"{len(text):,}", "limit": f"{limit:,}"}
            )
        return text

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.INSTRUMENT_UPLOAD_MAX_BYTES
        if upload and upload.size > limit:
            raise forms.ValidationError(
                gettext("The file is %(size)s; the limit is %(limit)s.")
                % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)}
            )
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()
        has_text = bool(cleaned.get("text", "").strip())
        has_file = bool(cleaned.get("file"))
        if not self.errors and has_text == has_file:
            raise forms.ValidationError(
                gettext("Paste the text or upload a file, not both.")
                if has_text
                else gettext("Paste the text of the instrument or upload a file.")
            )
        return cleaned


class ParagraphRules:
    """Checks shared by the import review and the paragraph editor."""

    def check_paragraph(self, cleaned: dict, kind: str) -> None:
        text, lead = cleaned.get("text", ""), cleaned.get("lead", "")
        if lead and text and not text.startswith(lead):
            self.add_error(
                "lead", gettext("The lead phrase must be the first words of the paragraph.")
            )
        if cleaned.get("checkable") and kind != Paragraph.Kind.OPERATIVE:
            self.add_error(
                "checkable", gettext("Only operative paragraphs can be checklist items.")
            )


def theme_choices() -> list[tuple[str, str]]:
    return list(Theme.objects.order_by("name").values_list("slug", "name"))


def list_choices() -> dict[str, list[tuple[str, str]]]:
    """The choices of the review form's controlled lists, read once per page."""
    return {
        "themes": theme_choices(),
        "groups": list(AffectedGroup.objects.order_by("name").values_list("slug", "name")),
        "sdg_targets": list(SdgTarget.objects.order_by("code").values_list("code", "name")),
    }


class InstrumentReviewForm(forms.Form):
    """The instrument's particulars, as parsed, for a person to correct (on every review page)."""

    symbol = LineField(max_length=100, label=_("Symbol"))
    title = LineField(max_length=500, label=_("Title"))
    body = forms.ChoiceField(label=_("Adopting body"), choices=Instrument.Body.choices)
    adopted_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label=_("Adopted on")
    )
    year = forms.IntegerField(required=False, min_value=1945, max_value=2100, label=_("Year"))
    session = LineField(max_length=100, required=False, label=_("Session"))
    meeting = LineField(max_length=100, required=False, label=_("Meeting"))
    note = TextField(required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Note"))
    sponsors = TextField(
        required=False, widget=forms.Textarea(attrs={"rows": 2}), label=_("Sponsors")
    )
    source_url = forms.URLField(required=False, assume_scheme="https", label=_("Source URL"))
    language = forms.ChoiceField(label=_("Language"), choices=Instrument.Language.choices)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("symbol", css_class="col-md-4"),
                Column("title", css_class="col-md-6"),
                Column("language", css_class="col-md-2"),
            ),
            Row(
                Column("body", css_class="col-md-4"),
                Column("adopted_on", css_class="col-md-3"),
                Column("year", css_class="col-md-2"),
                Column("session", css_class="col-md-3"),
            ),
            Row(
                Column("meeting", css_class="col-md-4"), Column("source_url", css_class="col-md-8")
            ),
            "note",
            "sponsors",
        )

    def clean_symbol(self) -> str:
        return self.cleaned_data["symbol"].strip()

    def clean(self) -> dict:
        """A symbol is taken in one language only: in another, the text is a language
        version of the one in the library."""
        cleaned = super().clean()
        language = cleaned.get("language")
        taken = existing_symbol(cleaned.get("symbol", ""), language) if language else ""
        if taken:
            self.add_error(
                "symbol",
                gettext("An instrument with the symbol %(symbol)s already exists in %(language)s.")
                % {"symbol": taken, "language": Instrument.Language(language).label},
            )
        return cleaned


class ParagraphReviewForm(ParagraphRules, forms.Form):
    kind = forms.ChoiceField(choices=Paragraph.Kind.choices, label=_("Kind"))
    number = LineField(max_length=10, required=False, label=_("Number"))
    lead = LineField(max_length=120, required=False, label=_("Lead phrase"))
    text = TextField(widget=forms.Textarea(attrs={"rows": 3}), label=_("Text"))
    label = LineField(max_length=120, required=False, label=_("Action label"))
    addressee = forms.ChoiceField(
        choices=[("", "—"), *Paragraph.Addressee.choices], required=False, label=_("Addressee")
    )
    checkable = forms.BooleanField(required=False, label=_("Checklist item"))
    themes = forms.MultipleChoiceField(
        required=False, widget=forms.SelectMultiple(attrs={"size": 4}), label=_("Themes")
    )
    groups = forms.MultipleChoiceField(required=False, label=_("Affected groups"))
    sdg_targets = forms.MultipleChoiceField(required=False, label=_("SDG targets"))

    def __init__(self, *args, choices: dict[str, list[tuple[str, str]]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for name, offered in choices.items():
            self.fields[name].choices = offered

    def clean(self) -> dict:
        cleaned = super().clean()
        self.check_paragraph(cleaned, cleaned.get("kind", ""))
        return cleaned

    def edits(self) -> dict:
        """The paragraph as reviewed, in the draft's terms."""
        data = self.cleaned_data
        operative = data["kind"] == Paragraph.Kind.OPERATIVE
        return {
            **{
                name: data[name]
                for name in ("kind", "number", "lead", "text", "themes", "groups", "sdg_targets")
            },
            "label": data["label"] if operative else "",
            "addressee": data["addressee"] if operative else "",
            "checkable": data["checkable"],
            "deleted": data["DELETE"],
        }


# One review page of paragraphs (drafts.PAGE_SIZE): never the whole document.
ParagraphReviewFormSet = forms.formset_factory(
    ParagraphReviewForm,
    extra=0,
    can_delete=True,
    max_num=PAGE_SIZE,
    absolute_max=PAGE_SIZE,
    validate_max=True,
)


def review_initial(draft: ImportDraft) -> dict:
    particulars = draft.particulars
    return {
        **{name: particulars.get(name) for name in InstrumentReviewForm.base_fields},
        "body": particulars.get("body") or Instrument.Body.OTHER,
        "language": particulars.get("language") or Instrument.Language.ENGLISH,
        "source_url": draft.source_url,
    }


def paragraph_initial(paragraph: dict) -> dict:
    return {
        **{name: paragraph.get(name) for name in ParagraphReviewForm.base_fields},
        "DELETE": paragraph["deleted"],
        # Shown beside the fields, not edited: where the paragraph sits and what to check.
        "section": paragraph.get("section", ""),
        "warnings": paragraph.get("warnings", []),
    }


def existing_symbol(symbol: str, language: str) -> str:
    """The symbol as saved of an instrument in ``language`` whose symbol is ``symbol`` in
    any case, or ""."""
    same = Instrument.objects.with_symbol(symbol).filter(language=language)
    return same.values_list("symbol", flat=True).first() or ""


class ParagraphEditForm(ParagraphRules, forms.ModelForm):
    """Correct one saved paragraph: its lead, text, action label, addressee, checklist flag,
    themes, affected groups and SDG targets."""

    class Meta:
        model = Paragraph
        fields = [
            "lead",
            "text",
            "label",
            "addressee",
            "checkable",
            "themes",
            "groups",
            "sdg_targets",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "themes": forms.CheckboxSelectMultiple,
            "groups": forms.CheckboxSelectMultiple,
            "sdg_targets": forms.CheckboxSelectMultiple,
        }
        field_classes = {"lead": LineField, "text": TextField, "label": LineField}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        if self.instance.kind != Paragraph.Kind.OPERATIVE:
            for name in ("label", "addressee", "checkable"):
                del self.fields[name]

    def clean(self) -> dict:
        cleaned = super().clean()
        self.check_paragraph(cleaned, self.instance.kind)
        return cleaned
