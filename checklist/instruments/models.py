import re
from datetime import timedelta

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from checklist.instruments import classify, languages, parser

# A footnote reference as the parser writes it into a paragraph's text: "[^5]". The item's
# footnotes (assessments.services) and the superscript links (instrument_text) read it.
FOOTNOTE_MARK = re.compile(r"\[\^(\d+)\]")


def language_name(code: str) -> str:
    """ "French" for "fr", in the language of the page ("" for a code that is none)."""
    return str(dict(Instrument.Language.choices).get(code, ""))


def text_after_lead(text: str, lead: str) -> str:
    """What follows the lead phrase ("Calls upon"), so that pages can set the lead apart."""
    if lead and text.startswith(lead):
        return text[len(lead) :].lstrip()
    return text


class ThemeManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> "Theme":
        return self.get(slug=slug)


class Theme(models.Model):
    """A subject a checklist item touches: non-refoulement, cooperation with UNHCR, ..."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)

    objects = ThemeManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class AffectedGroupManager(models.Manager):
    def get_by_natural_key(self, slug: str) -> "AffectedGroup":
        return self.get(slug=slug)


class AffectedGroup(models.Model):
    """The people a checklist item concerns: women and girls, stateless persons, ..."""

    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=120)

    objects = AffectedGroupManager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("affected group")
        verbose_name_plural = _("affected groups")

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.slug,)


class SdgTargetManager(models.Manager):
    def get_by_natural_key(self, code: str) -> "SdgTarget":
        return self.get(code=code)


class SdgTarget(models.Model):
    """A Sustainable Development Goal target a checklist item serves: 16.9 legal identity, ..."""

    code = models.CharField(
        _("code"), max_length=10, unique=True, help_text=_("As the UN numbers it: 16.9.")
    )
    name = models.CharField(_("name"), max_length=120)

    objects = SdgTargetManager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("SDG target")
        verbose_name_plural = _("SDG targets")

    def __str__(self) -> str:
        return self.name

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class InstrumentQuerySet(models.QuerySet):
    def with_counts(self) -> "InstrumentQuerySet":
        """Annotate the number of operative paragraphs and of checklist items (list page)."""
        operative = Q(paragraphs__kind=Paragraph.Kind.OPERATIVE)
        return self.annotate(
            operative_count=Count("paragraphs", filter=operative),
            checklist_count=Count("paragraphs", filter=operative & Q(paragraphs__checkable=True)),
        )

    def get_by_natural_key(self, symbol: str, language: str = languages.ENGLISH) -> "Instrument":
        # Fixtures written before instruments had a language name English texts by symbol.
        return self.get(symbol=symbol, language=language)

    def with_version_flag(self) -> "InstrumentQuerySet":
        """Annotate ``has_versions``: whether the instrument exists in another language too,
        so that a page learns it in the query that reads the instruments."""
        others = Instrument.objects.filter(symbol__iexact=OuterRef("symbol")).exclude(
            pk=OuterRef("pk")
        )
        return self.annotate(has_versions=Exists(others))

    def with_symbol(self, symbol: str) -> "InstrumentQuerySet":
        """The texts of one instrument, whatever the case of the symbol: its language versions."""
        return self.filter(symbol__iexact=symbol.strip())

    def of_kind(self, kind: str) -> "InstrumentQuerySet":
        """Annexes, ExCom conclusions, drafts (an L. document: A/C.3/80/L.4) or resolutions."""
        draft = Q(symbol__icontains="/L.")
        excom = Q(body=Instrument.Body.EXCOM)
        annex = Q(part_of__isnull=False)
        return {
            Instrument.Kind.ANNEX: self.filter(annex),
            Instrument.Kind.EXCOM: self.filter(excom & ~annex),
            Instrument.Kind.DRAFT: self.filter(draft & ~annex),
            Instrument.Kind.RESOLUTION: self.exclude(annex | excom | draft),
        }[kind]


class Instrument(models.Model):
    """A UN text whose operative paragraphs States are asked to carry out."""

    class Body(models.TextChoices):
        # The stored values are the parser's English names; only the labels are translated.
        GENERAL_ASSEMBLY = parser.GENERAL_ASSEMBLY, _("General Assembly")
        EXCOM = parser.EXCOM, _("UNHCR Executive Committee")
        HUMAN_RIGHTS_COUNCIL = parser.HUMAN_RIGHTS_COUNCIL, _("Human Rights Council")
        SECURITY_COUNCIL = parser.SECURITY_COUNCIL, _("Security Council")
        ECOSOC = parser.ECOSOC, _("Economic and Social Council")
        COMMISSION_ON_HUMAN_RIGHTS = (
            parser.COMMISSION_ON_HUMAN_RIGHTS,
            _("Commission on Human Rights"),
        )
        # Translators: an adopting body that is none of the UN bodies listed.
        OTHER = "Other", _("Other")

    class Kind(models.TextChoices):
        """Not stored: told from the symbol, the body and part_of (InstrumentQuerySet.of_kind)."""

        RESOLUTION = "resolution", _("Resolution")
        DRAFT = "draft", _("Draft")
        EXCOM = "excom", _("ExCom conclusion")
        ANNEX = "annex", _("Annex")

    class Language(models.TextChoices):
        """The six official languages of the UN, in the UN's order."""

        ARABIC = languages.ARABIC, _("Arabic")
        CHINESE = languages.CHINESE, _("Chinese")
        ENGLISH = languages.ENGLISH, _("English")
        FRENCH = languages.FRENCH, _("French")
        RUSSIAN = languages.RUSSIAN, _("Russian")
        SPANISH = languages.SPANISH, _("Spanish")

    symbol = models.CharField(
        _("symbol"), max_length=100, help_text=_("As printed, e.g. A/RES/52/132.")
    )
    language = models.CharField(
        _("language"),
        max_length=2,
        choices=Language.choices,
        default=Language.ENGLISH,
        help_text=_(
            "The language of this text; the same symbol in another language is a "
            "language version of it."
        ),
    )
    title = models.CharField(_("title"), max_length=500)
    body = models.CharField(_("adopting body"), max_length=60, choices=Body.choices)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(
        _("year"),
        null=True,
        blank=True,
        help_text=_("Year of adoption, where only the year is printed."),
    )
    session = models.CharField(_("session"), max_length=100, blank=True)
    meeting = models.CharField(_("meeting"), max_length=100, blank=True)
    note = models.TextField(
        _("note"), blank=True, help_text=_("Where the text was published or endorsed.")
    )
    sponsors = models.TextField(
        _("sponsors"),
        blank=True,
        help_text=_("The States that put a draft forward, as its cover lists them."),
    )
    part_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="annexes",
        verbose_name=_("part of"),
        help_text=_("The resolution this annex (a convention, a declaration) belongs to."),
    )
    previous_version = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="newer_versions",
        verbose_name=_("previous version"),
        help_text=_(
            "The earlier text of the same series (last year's resolution of the same title)."
        ),
    )
    footnotes = models.JSONField(_("footnotes"), default=list, blank=True)
    source_text = models.TextField(
        _("source text"), help_text=_("The raw text the instrument was imported from.")
    )
    source_url = models.URLField(_("source URL"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("created by"),
    )

    objects = InstrumentQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "symbol"]
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        constraints = [
            # a/res/52/132 is A/RES/52/132: one text per language, however it was typed.
            # Also the index for finding an instrument's language versions (with_symbol).
            models.UniqueConstraint(
                Lower("symbol"), "language", name="instrument_symbol_language_unique_ci"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.symbol} – {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("instruments:detail", args=[self.pk])

    def natural_key(self) -> tuple[str, str]:
        return (self.symbol, self.language)

    def language_versions(self) -> list["Instrument"]:
        """The same instrument (the same symbol) in the other languages, in the UN's order."""
        order = {code: at for at, code in enumerate(Instrument.Language.values)}
        versions = Instrument.objects.with_symbol(self.symbol).exclude(pk=self.pk)
        return sorted(versions, key=lambda version: order.get(version.language, len(order)))

    @property
    def date_label(self) -> str:
        if self.adopted_on:
            return formats.date_format(self.adopted_on, "DATE_FORMAT")
        return str(self.year or "")


class ParagraphQuerySet(models.QuerySet):
    def checklist_items(self) -> "ParagraphQuerySet":
        return self.filter(kind=Paragraph.Kind.OPERATIVE, checkable=True)

    def get_by_natural_key(
        self, symbol: str, position: int, language: str = languages.ENGLISH
    ) -> "Paragraph":
        return self.get(instrument__symbol=symbol, instrument__language=language, position=position)


class Paragraph(models.Model):
    """A preambular or operative paragraph; a checkable operative one is a checklist item."""

    class Kind(models.TextChoices):
        # Translators: a preambular paragraph of a UN resolution (the UN's term).
        PREAMBULAR = "preambular", _("Preambular")
        # Translators: an operative paragraph of a UN resolution (the UN's term).
        OPERATIVE = "operative", _("Operative")

    class Addressee(models.TextChoices):
        # The stored values are the classifier's English names; only the labels are translated.
        # Translators: the Member States a paragraph is addressed to.
        STATES = classify.STATES, _("States")
        UNHCR = classify.UNHCR, _("UNHCR")
        HCHR = classify.HCHR, _("High Commissioner for Human Rights")
        SECRETARY_GENERAL = classify.SECRETARY_GENERAL, _("Secretary-General")
        UN_BODIES = classify.UN_BODIES, _("UN bodies")
        # Translators: a paragraph addressed to someone else than those listed.
        OTHER = classify.OTHER, _("Other")

    instrument = models.ForeignKey(
        Instrument,
        on_delete=models.CASCADE,
        related_name="paragraphs",
        verbose_name=_("instrument"),
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    position = models.PositiveIntegerField(
        _("position"), help_text=_("Order within the instrument, from 1.")
    )
    number = models.CharField(
        _("number"), max_length=10, blank=True, help_text=_("As printed: 5, (a).")
    )
    section = models.TextField(
        _("section"),
        blank=True,
        help_text=_("The heading it is printed under: “II. Informal system”."),
    )
    lead = models.CharField(
        _("lead phrase"),
        max_length=120,
        blank=True,
        help_text=_("The opening words, set apart when shown: Calls upon, Underlined, ..."),
    )
    text = models.TextField(
        _("text"),
        help_text=_(
            "The whole paragraph, starting with its lead phrase. "
            "Footnote references are written [^N]."
        ),
    )
    subparagraphs = models.JSONField(_("subparagraphs"), default=list, blank=True)
    addressee = models.CharField(
        _("addressee"), max_length=40, choices=Addressee.choices, blank=True
    )
    checkable = models.BooleanField(
        _("checklist item"),
        default=False,
        help_text=_("An operative paragraph that asks something of States is a checklist item."),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="paragraphs", verbose_name=_("themes")
    )
    label = models.CharField(
        _("action label"),
        max_length=120,
        blank=True,
        help_text=_("What it asks, in a few words: “Respect non-refoulement”."),
    )
    groups = models.ManyToManyField(
        AffectedGroup, blank=True, related_name="paragraphs", verbose_name=_("affected groups")
    )
    sdg_targets = models.ManyToManyField(
        SdgTarget, blank=True, related_name="paragraphs", verbose_name=_("SDG targets")
    )

    objects = ParagraphQuerySet.as_manager()

    class Meta:
        ordering = ["instrument", "position"]
        constraints = [
            # Also the index for reading an instrument's paragraphs in order.
            models.UniqueConstraint(
                fields=["instrument", "position"], name="paragraph_unique_position"
            ),
            models.CheckConstraint(
                condition=Q(checkable=False) | Q(kind="operative"),
                name="paragraph_only_operative_checkable",
            ),
        ]
        indexes = [
            # Serves the checklist: an instrument's checkable operative paragraphs.
            models.Index(fields=["instrument", "kind", "checkable"], name="paragraph_checklist"),
        ]

    def __str__(self) -> str:
        symbol = self.instrument.symbol
        if self.number:
            return gettext("%(symbol)s §%(number)s") % {"symbol": symbol, "number": self.number}
        return gettext("%(symbol)s preambular %(position)s") % {
            "symbol": symbol,
            "position": self.position,
        }

    def natural_key(self) -> tuple[str, int, str]:
        return (self.instrument.symbol, self.position, self.instrument.language)

    natural_key.dependencies = ["instruments.instrument"]

    @property
    def rest(self) -> str:
        """The text after the lead phrase, so that templates can set the lead apart."""
        return text_after_lead(self.text, self.lead)

    @property
    def chapeau_rest(self) -> str:
        """The text after the lead and before the first lettered sub-paragraph."""
        rest = self.rest
        if self.subparagraphs:
            first = f" {self.subparagraphs[0]['label']} "
            rest = rest.split(first, 1)[0]
        return rest


class ParagraphLineageManager(models.Manager):
    def get_by_natural_key(
        self, symbol: str, position: int, language: str = languages.ENGLISH
    ) -> "ParagraphLineage":
        return self.get(
            paragraph__instrument__symbol=symbol,
            paragraph__instrument__language=language,
            paragraph__position=position,
        )


class ParagraphLineage(models.Model):
    """How a paragraph of a newer version stands to the older version's paragraphs.

    The older version's paragraphs that no lineage row points at were dropped."""

    class Status(models.TextChoices):
        # Translators: how a paragraph of a newer version stands to the previous version.
        UNCHANGED = "unchanged", _("Unchanged")
        CHANGED = "changed", _("Changed")
        NEW = "new", _("New")

    paragraph = models.OneToOneField(Paragraph, on_delete=models.CASCADE, related_name="lineage")
    previous = models.ForeignKey(
        Paragraph, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    similarity = models.PositiveSmallIntegerField(
        _("similarity"), default=0, help_text=_("How alike the two texts are, from 0 to 100.")
    )

    objects = ParagraphLineageManager()

    def __str__(self) -> str:
        return f"{self.paragraph}: {self.status}"

    def natural_key(self) -> tuple[str, int, str]:
        return self.paragraph.natural_key()

    natural_key.dependencies = ["instruments.paragraph"]


class ImportDraftQuerySet(models.QuerySet):
    def stale(self) -> "ImportDraftQuerySet":
        return self.filter(created_at__lt=timezone.now() - ImportDraft.LIFETIME)

    def fresh(self) -> "ImportDraftQuerySet":
        return self.filter(created_at__gte=timezone.now() - ImportDraft.LIFETIME)


class ImportDraft(models.Model):
    """A parsed import waiting for its review: the parse lives here, not in the review form
    nor in a session or a process, so that a long document is reviewed a page at a time by
    whichever app process answers, and saving it posts nothing but the last page's edits."""

    LIFETIME = timedelta(days=1)

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)  # serves stale()
    source_text = models.TextField()
    source_url = models.URLField(blank=True)
    # The parse but its paragraphs (symbol, title, ..., footnotes), as JSON.
    particulars = models.JSONField(encoder=DjangoJSONEncoder)
    # Every paragraph in reading order: the parser's fields plus "kind" and "deleted".
    paragraphs = models.JSONField(encoder=DjangoJSONEncoder)
    warnings = models.JSONField(default=list)

    objects = ImportDraftQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Import of {self.particulars.get('symbol') or 'an instrument'}"
