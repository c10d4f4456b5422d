"""The standard phrases that open UN preambular and operative paragraphs.

UN documents print these lead phrases in italics; text extracted from a PDF or a web page
loses the italics and often the space after them (``Deeply disturbedby``). The parser
recognises them from this lexicon rather than from special cases per document.

Pure Python: no Django imports.
"""

import re

# Verbs that open operative paragraphs (and, in their -ing form, preambular ones).
# Each is given as its base form; ``_inflections`` derives -s, -ing and -ed forms.
VERBS = [
    "accept",
    "acknowledge",
    "adopt",
    "affirm",
    "agree",
    "appeal",
    "applaud",
    "appreciate",
    "approve",
    "ask",
    "authorize",
    "call",
    "commend",
    "concur",
    "condemn",
    "confirm",
    "congratulate",
    "consider",
    "declare",
    "decide",
    "demand",
    "deplore",
    "designate",
    "direct",
    "emphasize",
    "encourage",
    "endorse",
    "express",
    "highlight",
    "insist",
    "instruct",
    "invite",
    "note",
    "observe",
    "proclaim",
    "reaffirm",
    "recall",
    "recognize",
    "recommend",
    "regret",
    "reiterate",
    "reject",
    "remind",
    "renew",
    "request",
    "resolve",
    "seek",
    "stress",
    "support",
    "take",
    "underline",
    "underscore",
    "urge",
    "welcome",
]

# Forms that the simple rules in _inflections would get wrong.
IRREGULAR = {
    "agree": ["agree", "agrees", "agreeing", "agreed"],
    "concur": ["concur", "concurs", "concurring", "concurred"],
    "regret": ["regret", "regrets", "regretting", "regretted"],
    "seek": ["seek", "seeks", "seeking", "sought"],
    "take": ["take", "takes", "taking", "took", "taken"],
}

# Openers of preambular paragraphs that are adjectives or fixed phrases, not verb forms.
FIXED_LEADS = [
    "Alarmed",
    "Anxious",
    "Aware",
    "Bearing in mind",
    "Cognizant",
    "Concerned",
    "Conscious",
    "Convinced",
    "Desirous",
    "Desiring",
    "Determined",
    "Disturbed",
    "Distressed",
    "Encouraged",
    "Guided by",
    "Having adopted",
    "Having considered",
    "Having examined",
    "Having reviewed",
    "Keeping in mind",
    "Mindful",
    "Paying tribute",
    "Remaining deeply concerned",
    "Remaining concerned",
    "Re-emphasizing",
    "Reiterating",
    "Taking into account",
    "Taking into consideration",
    "Viewing with appreciation",
]

# Adverbs that may come before a lead verb: "Again invites", "Strongly deplores".
ADVERBS = [
    "Again",
    "Also",
    "Deeply",
    "Emphatically",
    "Firmly",
    "Fully",
    "Further",
    "Gravely",
    "Once again",
    "Once more",
    "Profoundly",
    "Seriously",
    "Strongly",
    "Warmly",
]

# Words that may follow a lead verb and belong to the lead: "Calls upon", "Takes note of" (the
# "note" part), "Notes with appreciation".
COMPLEMENTS = [
    "also",
    "further",
    "in mind",
    "into account",
    "note",
    "note with appreciation",
    "note with concern",
    "note with interest",
    "note with satisfaction",
    "on",
    "upon",
    "with alarm",
    "with appreciation",
    "with concern",
    "with deep concern",
    "with grave concern",
    "with interest",
    "with regret",
    "with satisfaction",
    "with serious concern",
]


def _inflections(verb: str) -> list[str]:
    if verb in IRREGULAR:
        return IRREGULAR[verb]
    if verb.endswith("e"):
        return [verb, verb + "s", verb[:-1] + "ing", verb + "d"]
    if verb.endswith("ss"):
        return [verb, verb + "es", verb + "ing", verb + "ed"]
    return [verb, verb + "s", verb + "ing", verb + "ed"]


def _alternation(phrases: list[str]) -> str:
    """A regex alternation that tries longer phrases first, so "Notes with appreciation"
    wins over "Notes", and "Requests" over "Request"."""
    unique = sorted(set(phrases), key=len, reverse=True)
    return "|".join(re.escape(p).replace(r"\ ", r"\s+") for p in unique)


def _build_lead_pattern() -> re.Pattern[str]:
    verb_forms = [form for verb in VERBS for form in _inflections(verb)]
    adjectives = [lead.lower() for lead in FIXED_LEADS]
    head = _alternation(verb_forms + adjectives)
    return re.compile(
        rf"(?:(?:{_alternation(ADVERBS)})\s+)?(?P<head>{head})"
        rf"(?:\s+(?P<complement>{_alternation(COMPLEMENTS)}))?",
        re.IGNORECASE,
    )


LEAD_PATTERN = _build_lead_pattern()

# A suffix after a lexicon match shows that the match was only the start of a longer word
# ("Recommend" + "ation", "Noted" + "ly"), not a lead glued to the next word.
WORD_ENDINGS = re.compile(
    r"(?:s|es|d|ed|ing|ly|ness|ment|ments|ation|ations|ance|ances|ence|er|ers|or|ors|ity|ive)\b"
)
BASE_VERBS = frozenset(VERBS)

# Latin phrases printed in italics inside paragraphs, which lose their spaces the same way.
ITALIC_PHRASES = ["inter alia", "mutatis mutandis", "prima facie", "de facto", "de jure", "ad hoc"]


def match_lead(text: str) -> tuple[str, str] | None:
    """Find the lead phrase that opens ``text``.

    Returns (lead, rest), with ``rest`` the text after the lead without the space between
    them, or None when the text does not open with a known phrase. A lead glued to the next
    word ("Calls uponStates", "Strongly deploresethnic") is recognised and split.
    """
    if not text[:1].isupper():
        return None
    match = LEAD_PATTERN.match(text)
    if match is None:
        return None
    lead = re.sub(r"\s+", " ", match.group(0))
    rest = text[match.end() :]
    if rest[:1].isalpha():
        # Leads are inflected ("Urges", "Noting", "Invited"); a bare base form glued to
        # more letters is the start of another word ("Recommendation", "Adoption").
        bare_base_verb = match["complement"] is None and match["head"].lower() in BASE_VERBS
        if bare_base_verb or WORD_ENDINGS.match(rest):
            return None
    return lead, rest.lstrip()
