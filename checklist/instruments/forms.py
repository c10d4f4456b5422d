import json
from dataclasses import asdict

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat

from checklist.instruments.models import Instrument, Paragraph, Theme
from checklist.instruments.parser import Footnote, ParsedInstrument, SubParagraph
from checklist.instruments.parser import Paragraph as ParsedParagraph


class ImportSourceForm(forms.Form):
    """Step 1 of an import: the raw text, pasted or uploaded."""

    text = forms.CharField(
        label="Paste the text",
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 14, "class": "font-monospace small"}),
        help_text="As copied from the UN document: the title, the preambular and the "
        "operative paragraphs. Page headers and footnotes are cleaned up for you.",
    )
    file = forms.FileField(
        label="…or upload a file",
        required=False,
        help_text="A .txt or a .pdf with a text layer.",
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.pdf,text/plain,application/pdf"}),
    )
    source_url = forms.URLField(
        label="Source URL", required=False, assume_scheme="https", help_text="Optional."
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False

    def clean_text(self) -> str:
        text = self.cleaned_data["text"]
        limit = settings.INSTRUMENT_TEXT_MAX_CHARS
        if len(text) > limit:
            raise forms.ValidationError(
                f"The text is {len(text):,} characters long; the limit is {limit:,}. "
                "Import one instrument at a time."
            )
        return text

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.INSTRUMENT_UPLOAD_MAX_BYTES
        if upload and upload.size > limit:
            raise forms.ValidationError(
                f"The file is {filesizeformat(upload.size)}; the limit is {filesizeformat(limit)}."
            )
        return upload

    def clean(self) -> dict:
        cleaned = super().clean()
        has_text = bool(cleaned.get("text", "").strip())
        has_file = bool(cleaned.get("file"))
        if not self.errors and has_text == has_file:
            raise forms.ValidationError(
                "Paste the text or upload a file, not both."
                if has_text
                else "Paste the text of the instrument or upload a file."
            )
        return cleaned


class ParagraphRules:
    """Checks shared by the import review and the paragraph editor."""

    def check_paragraph(self, cleaned: dict, kind: str) -> None:
        text, lead = cleaned.get("text", ""), cleaned.get("lead", "")
        if lead and text and not text.startswith(lead):
            self.add_error("lead", "The lead phrase must be the first words of the paragraph.")
        if cleaned.get("checkable") and kind != Paragraph.Kind.OPERATIVE:
            self.add_error("checkable", "Only operative paragraphs can be checklist items.")


def theme_choices() -> list[tuple[str, str]]:
    return list(Theme.objects.order_by("name").values_list("slug", "name"))


class InstrumentReviewForm(forms.Form):
    """Step 2 of an import: the instrument's particulars, as parsed, for a person to correct."""

    symbol = forms.CharField(max_length=100)
    title = forms.CharField(max_length=500)
    body = forms.ChoiceField(label="Adopting body", choices=Instrument.Body.choices)
    adopted_on = forms.DateField(
        required=False, widget=forms.DateInput(attrs={"type": "date"}), label="Adopted on"
    )
    year = forms.IntegerField(required=False, min_value=1945, max_value=2100)
    session = forms.CharField(max_length=100, required=False)
    meeting = forms.CharField(max_length=100, required=False)
    note = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    sponsors = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    source_url = forms.URLField(required=False, assume_scheme="https", label="Source URL")
    source_text = forms.CharField(widget=forms.HiddenInput, strip=False)
    footnotes = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(Column("symbol", css_class="col-md-4"), Column("title", css_class="col-md-8")),
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
            "source_text",
            "footnotes",
        )

    def clean_symbol(self) -> str:
        symbol = self.cleaned_data["symbol"].strip()
        if Instrument.objects.filter(symbol=symbol).exists():
            raise forms.ValidationError(f"An instrument with the symbol {symbol} already exists.")
        return symbol

    def clean_source_text(self) -> str:
        text = self.cleaned_data["source_text"]
        if len(text) > settings.INSTRUMENT_TEXT_MAX_CHARS:
            raise forms.ValidationError("The source text is too long.")
        return text

    def clean_footnotes(self) -> list[Footnote]:
        """The footnotes travel as JSON in a hidden field: accept only their exact shape."""
        raw = self.cleaned_data["footnotes"] or "[]"
        try:
            items = json.loads(raw)
            return [Footnote(number=int(i["number"]), text=str(i["text"])) for i in items]
        except (ValueError, TypeError, KeyError):
            raise forms.ValidationError("The footnotes were altered and cannot be read.") from None


class ParagraphReviewForm(ParagraphRules, forms.Form):
    kind = forms.ChoiceField(choices=Paragraph.Kind.choices)
    number = forms.CharField(max_length=10, required=False)
    lead = forms.CharField(max_length=120, required=False, label="Lead phrase")
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}))
    addressee = forms.ChoiceField(choices=[("", "—"), *Paragraph.Addressee.choices], required=False)
    checkable = forms.BooleanField(required=False, label="Checklist item")
    themes = forms.MultipleChoiceField(
        required=False, widget=forms.SelectMultiple(attrs={"size": 4})
    )
    subparagraphs = forms.CharField(widget=forms.HiddenInput, required=False)
    section = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, theme_choices: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["themes"].choices = theme_choices

    def clean_subparagraphs(self) -> list[SubParagraph]:
        raw = self.cleaned_data["subparagraphs"] or "[]"
        try:
            return [
                SubParagraph(label=str(s["label"]), text=str(s["text"])) for s in json.loads(raw)
            ]
        except (ValueError, TypeError, KeyError):
            raise forms.ValidationError("The sub-paragraphs were altered.") from None

    def clean(self) -> dict:
        cleaned = super().clean()
        self.check_paragraph(cleaned, cleaned.get("kind", ""))
        return cleaned

    def to_parsed(self) -> ParsedParagraph:
        data = self.cleaned_data
        operative = data["kind"] == Paragraph.Kind.OPERATIVE
        return ParsedParagraph(
            number=data["number"],
            lead=data["lead"],
            text=data["text"],
            subparagraphs=data["subparagraphs"],
            section=data["section"],
            addressee=(data["addressee"] or Paragraph.Addressee.OTHER) if operative else "",
            checkable=data["checkable"],
            themes=data["themes"],
        )


ParagraphReviewFormSet = forms.formset_factory(
    ParagraphReviewForm, extra=0, can_delete=True, max_num=2000, absolute_max=2000
)


def paragraph_initial(paragraph: ParsedParagraph, kind: str) -> dict:
    return {
        "kind": kind,
        "number": paragraph.number,
        "lead": paragraph.lead,
        "text": paragraph.text,
        "addressee": paragraph.addressee,
        "checkable": paragraph.checkable,
        "themes": paragraph.themes,
        "subparagraphs": json.dumps([asdict(sub) for sub in paragraph.subparagraphs]),
        "section": paragraph.section,
        "warnings": paragraph.warnings,
    }


def review_initial(parsed: ParsedInstrument, *, source_text: str, source_url: str) -> dict:
    return {
        "symbol": parsed.symbol,
        "title": parsed.title,
        "body": parsed.body or Instrument.Body.OTHER,
        "adopted_on": parsed.adopted_on,
        "year": parsed.year,
        "session": parsed.session,
        "meeting": parsed.meeting,
        "note": parsed.note,
        "sponsors": parsed.sponsors,
        "source_url": source_url,
        "source_text": source_text,
        "footnotes": json.dumps([asdict(footnote) for footnote in parsed.footnotes]),
    }


def reviewed_instrument(
    form: InstrumentReviewForm, formset: ParagraphReviewFormSet
) -> ParsedInstrument:
    """Rebuild a ParsedInstrument from the reviewed forms, dropping deleted paragraphs."""
    kept = [f for f in formset.forms if not f.cleaned_data.get("DELETE")]
    paragraphs = [(f.cleaned_data["kind"], f.to_parsed()) for f in kept]
    data = form.cleaned_data
    return ParsedInstrument(
        symbol=data["symbol"],
        title=data["title"],
        body=data["body"],
        adopted_on=data["adopted_on"],
        year=data["year"] or (data["adopted_on"].year if data["adopted_on"] else None),
        session=data["session"],
        meeting=data["meeting"],
        note=data["note"],
        sponsors=data["sponsors"],
        preambular=[p for kind, p in paragraphs if kind == Paragraph.Kind.PREAMBULAR],
        operative=[p for kind, p in paragraphs if kind == Paragraph.Kind.OPERATIVE],
        footnotes=data["footnotes"],
    )


class ParagraphEditForm(ParagraphRules, forms.ModelForm):
    """Correct one saved paragraph: its lead, text, addressee, checklist flag and themes."""

    class Meta:
        model = Paragraph
        fields = ["lead", "text", "addressee", "checkable", "themes"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 6}),
            "themes": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        if self.instance.kind != Paragraph.Kind.OPERATIVE:
            for name in ("addressee", "checkable"):
                del self.fields[name]

    def clean(self) -> dict:
        cleaned = super().clean()
        self.check_paragraph(cleaned, self.instance.kind)
        return cleaned
