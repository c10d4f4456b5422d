"""A short action label for an operative paragraph: what it asks, in a few words.

Pure Python: no Django imports. The label is read from the lead phrase's object, as a
protection officer would write it in a tracker: "Calls upon States to ensure effective
protection of refugees by, inter alia, respecting the principle of non-refoulement" becomes
"Ensure effective protection of refugees; respect non-refoulement". It is a proposal: the
person importing the document corrects it where it reads badly.
"""

import re

from checklist.instruments import classify
from checklist.instruments.classify import DIRECTIVE, STATES, actor_of

MAX_CHARS = 120  # the field's length
SHORT_CHARS = 80  # further actions are left out past this
MAX_ACTIONS = 3
MAX_WORDS = 8

FOOTNOTE = re.compile(r"\[\^\d+\]")
# Names of the Office, longest first, all said "UNHCR" in a label.
UNHCR_NAMES = re.compile(
    r"(?:the\s+)?(?:Office\s+of\s+the\s+)?(?:United\s+Nations\s+)?High\s+Commissioner\s+for\s+"
    r"Refugees|(?:the\s+)?Office\s+of\s+the\s+High\s+Commissioner(?!\s+for\s+Human)"
    r"|the\s+High\s+Commissioner(?!\s+for\s+Human)|the\s+Office\b(?!\s+for)",
    re.IGNORECASE,
)
# Shorter names a tracker uses for the texts and principles these documents cite.
SHORTER = [
    (re.compile(r"the principle of non-refoulement", re.I), "non-refoulement"),
    (
        re.compile(
            r"the 1951 Convention(?: relating to the Status of Refugees)? and the 1967 Protocol"
            r"(?: thereto| relating to the Status of Refugees)?",
            re.I,
        ),
        "the 1951 Convention and 1967 Protocol",
    ),
    (re.compile(r"\b(?:ensure\s+)?(?:full|effective)\s+respect\s+for\b", re.I), "respect"),
    (re.compile(r"\bco-operate\b", re.I), "cooperate"),
    (
        re.compile(
            r"the African Union Convention for the Protection and Assistance of Internally "
            r"Displaced Persons in Africa",
            re.I,
        ),
        "the Kampala Convention",
    ),
    (re.compile(r"the right to seek and enjoy asylum", re.I), "the right to seek asylum"),
    (
        re.compile(r"the (?:United Nations )?High Commissioner for Human Rights", re.I),
        "OHCHR",
    ),
]
# Words that only frame the action ("continue to", "consider acceding to").
WRAPPERS = re.compile(
    r"^(?:(?:continue|endeavour|strive|seek|redouble\s+(?:their|its)\s+efforts|"
    r"make\s+every\s+effort|take\s+(?:all\s+)?(?:necessary\s+|appropriate\s+|concrete\s+)?"
    r"(?:steps|measures|action)(?:\s+necessary)?)\s+(?:actively\s+|further\s+)?to\s+)+",
    re.IGNORECASE,
)
CONSIDER = re.compile(
    r"^(?:consider|give\s+consideration\s+to)\s+"
    r"(?P<gerunds>(?:\w+ing(?:,\s*|\s+(?:and|or)\s+))*\w+ing)\b",
    re.IGNORECASE,
)
GERUND = re.compile(r"\b\w+ing\b")
# "States that have not yet signed or ratified X to do so": the action is in the clause.
NOT_YET = re.compile(
    r"\b(?:have|has)\s+not\s+(?:yet\s+|already\s+)?(?P<verbs>\w+ed(?:\s+(?:or|and)\s+\w+ed)?)"
    r"\s+(?P<object>[^;]+?)\s*,?\s+to\s+(?:consider\s+doing|do)\s+so\b",
    re.IGNORECASE,
)
PAST = re.compile(r"\b\w+ed\b")
# Actions that say nothing on their own ("to continue and to intensify").
EMPTY_ACTIONS = {"continue", "do so"}
# Where the object of an action ends: the manner, the means, the conditions come after.
OBJECT_END = re.compile(
    r",|;|:|\s(?:by|in|throughout|through|consistent with|within|with a view|so as|which|who"
    r"|whose|where|while|including|inter alia|until|as applicable|as appropriate|particularly"
    r"|especially|on the basis|at (?:its|their)|under (?:their|its))\b",
    re.IGNORECASE,
)
NOT_A_VERB = (
    r"(?!(?:the|a|an|their|its|all|this|these|those|that|such|any|each|other|relevant"
    r"|international|national|regional|existing|new|armed|burden|conflict)\b)(?=[a-z])"
)
# A further action of the same addressee: ", and to ...", "as well as to ...".
NEXT_ACTION = re.compile(
    r"(?:(?:,\s*|\s+)(?:and\s+|as\s+well\s+as\s+|including,?\s+(?:particularly,?\s+)?)"
    r"|,\s+)to\s+" + NOT_A_VERB
)
# Asides that sit between a verb and its object.
ASIDES = re.compile(
    r",\s*(?:where|as|when|if)\s+(?:appropriate|applicable|possible|necessary|relevant),?"
    r"|,\s*inter alia,",
    re.IGNORECASE,
)
MEANS = re.compile(r"\bby,?\s+(?:inter alia,?\s+)?(?P<verb>[a-z]+ing)\b(?P<rest>[^;]*)", re.I)
STATED_DUTY = re.compile(
    r"\b(?:responsibility|obligation|duty)\s+(?:of\s+(?:all\s+)?(?:States|Governments)\s+)?"
    r"to\s+(?P<rest>[^;]+)",
    re.IGNORECASE,
)
NOUN_DUTY = re.compile(
    r"\b(?:the\s+)?(?P<nouns>(?:respect|protection|prevention|reduction|assistance)"
    r"(?:\s+(?:and|,)\s+(?:respect|protection|prevention|reduction|assistance))*)\s+"
    r"(?:for|of|to)\s+(?P<object>[^,;]+?)\s+(?:is|are)\s+(?:primarily\s+)?(?:an?\s+|the\s+)?"
    r"(?:\w+\s+)?(?:obligation|responsibility|duty)",
    re.IGNORECASE,
)
NOUN_VERBS = {
    "respect": "respect",
    "protection": "protect",
    "prevention": "prevent",
    "reduction": "reduce",
    "assistance": "assist",
}
# Words a label should not end on.
TRAILING = {"a", "an", "the", "of", "to", "for", "and", "or", "in", "on", "with", "their", "its"}
TRAILING |= {"all", "as", "at", "from"}
FALLBACK_END = re.compile(
    r",|:|\s(?:which|who|whose|where|while|including|inter alia|held|as set out)\b", re.I
)
# Words a label of a paragraph that asks nothing should not end on.
PARTICIPLES = {"by", "related", "adopted", "made", "taken", "undertaken", "shown", "aimed", "that"}
NAME_JOINERS = {"of", "on", "the", "and", "for", "in"}
NAME_RUN_ON = 6
# Stems whose base form ends in "e" (ensuring → ensure), for gerunds turned into verbs.
E_STEMS = re.compile(r"(?:[^e]ed|ut|at|ur|id|ot|uc|iv|ov|as|iz|is|ud|ag|rv|ng|rc)$")
ACTOR_NAMES = {
    classify.UNHCR: "UNHCR",
    classify.HCHR: "OHCHR",
    classify.SECRETARY_GENERAL: "Secretary-General",
    classify.UN_BODIES: "UN bodies",
}
# The infinitive that says what the addressee is asked to do, after the addressee's name
# ("States parties to the 1951 Convention to provide"): "to" then a verb, not "to the".
INFINITIVE = re.compile(r"\bto\s+" + NOT_A_VERB)


def propose_label(text: str) -> str:
    """A label of a few words for an operative paragraph's text ("" when none is found)."""
    text = ASIDES.sub("", FOOTNOTE.sub("", text))
    actions = _actions_of_states(text)
    prefix = ""
    if not actions:
        actor, actions = _actions_of_others(text)
        prefix = f"{actor}: " if actor and actions else ""
    if not actions:
        return _fallback(text)
    return _capitalised(_cut(prefix + _joined(list(dict.fromkeys(actions)))))


def _joined(actions: list[str]) -> str:
    """The first action, then those of the next ones that fit in a short label."""
    kept = actions[:1]
    for action in actions[1:]:
        if len(kept) < MAX_ACTIONS and len("; ".join([*kept, action])) <= SHORT_CHARS:
            kept.append(action)
    return "; ".join(kept)


def _actions_of_states(text: str) -> list[str]:
    for match in DIRECTIVE.finditer(text):
        rest = _infinitive(text, match)
        if actor_of(match.group("actor")) == STATES and rest:
            not_yet = NOT_YET.search(text, match.start())
            if not_yet and re.match(r"(?:consider\s+doing|do)\s+so\b", rest):
                verbs = PAST.sub(lambda verb: _base(verb.group(), suffix="ed"), not_yet["verbs"])
                return [_object_of(_shorter(f"{verbs} {not_yet['object']}"))]
            return _infinitive_actions(rest)
    duty = STATED_DUTY.search(text)
    if duty:
        return _infinitive_actions(duty.group("rest"))
    noun_duty = NOUN_DUTY.search(text)
    if noun_duty:
        verbs = re.split(r"\s*(?:,|and)\s*", noun_duty.group("nouns").lower())
        verb = " and ".join(NOUN_VERBS[noun] for noun in verbs if noun)
        return [_object_of(f"{verb} {noun_duty.group('object')}")]
    return []


def _actions_of_others(text: str) -> tuple[str, list[str]]:
    for match in DIRECTIVE.finditer(text):
        rest = _infinitive(text, match)
        if rest:
            actor = actor_of(match.group("actor")) or ""
            return ACTOR_NAMES.get(actor, ""), _infinitive_actions(rest)
    return "", []


def _infinitive(text: str, match: re.Match) -> str:
    """What follows the "to" of the directive ``match`` in its clause, or ""."""
    clause = text[match.start("actor") :].split(";", 1)[0]
    found = INFINITIVE.search(clause)
    return clause[found.end() :] if found else ""


def _infinitive_actions(rest: str) -> list[str]:
    """The actions of an infinitive clause: "to A ..., and to B ..." gives [A, B]; "by
    respecting C" adds C."""
    rest = rest.split(";", 1)[0].rstrip(". ")
    actions = [_action(part) for part in NEXT_ACTION.split(rest)]
    means = MEANS.search(rest)
    if means:
        actions.insert(1, _action(_base(means.group("verb")) + means.group("rest")))
    return [action for action in actions if action and action.lower() not in EMPTY_ACTIONS]


def _action(phrase: str) -> str:
    phrase = WRAPPERS.sub("", phrase.strip())
    consider = CONSIDER.match(phrase)
    if consider:
        verbs = GERUND.sub(lambda gerund: _base(gerund.group()), consider["gerunds"])
        phrase = verbs + phrase[consider.end() :]
    phrase = _shorter(phrase)
    if re.match(r"provide information to UNHCR\b", phrase, re.I):
        return "report to UNHCR" + (" under Article 35" if "article 35" in phrase.lower() else "")
    return _object_of(phrase)


def _shorter(phrase: str) -> str:
    phrase = UNHCR_NAMES.sub("UNHCR", phrase)
    for pattern, short in SHORTER:
        phrase = pattern.sub(short, phrase)
    return re.sub(r"\bwith it\b", "with UNHCR", phrase)


def _object_of(phrase: str) -> str:
    """The verb and its object, the manner and conditions left out, in at most MAX_WORDS."""
    article_35 = re.search(r"article 35", phrase, re.I)
    # An end right after the verb belongs to it ("abide by", "participate in").
    ends = (m.start() for m in OBJECT_END.finditer(phrase) if len(phrase[: m.start()].split()) > 1)
    head = phrase[: next(ends, len(phrase))]
    kept = _first_words(head, MAX_WORDS)
    while kept and kept[-1].lower() in TRAILING:
        kept.pop()
    label = " ".join(kept)
    if article_35 and "article 35" not in label.lower():
        label += " under Article 35"
    return label


def _first_words(text: str, count: int) -> list[str]:
    """The first ``count`` words, and the rest of a name cut in its middle ("the Convention on
    the Safety" runs on to "of United Nations and Associated Personnel")."""
    words = text.split()
    end = count
    if len(words) > count and words[count - 1][:1].isupper():
        while end < min(len(words), count + NAME_RUN_ON) and (
            words[end][:1].isupper() or words[end] in NAME_JOINERS
        ):
            end += 1
    return words[:end]


def _base(verb: str, *, suffix: str = "ing") -> str:
    """The base form of an -ing (or -ed) verb: respecting → respect, ensuring → ensure,
    ratified → ratify."""
    stem = verb[: -len(suffix)]
    if suffix == "ed" and stem.endswith("i"):
        return stem[:-1] + "y"
    if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "ls":
        return stem[:-1]
    return stem + "e" if E_STEMS.search(stem) else stem


def _fallback(text: str) -> str:
    """A paragraph that asks no one to act: its lead phrase and what it is about, which
    runs on past "by" and "in" ("Welcomes the efforts by UNHCR to improve coordination")."""
    first = _shorter(re.split(r",\s+and\s+|;", text, maxsplit=1)[0])
    end = FALLBACK_END.search(first)
    kept = _first_words(first[: end.start() if end else len(first)], MAX_WORDS + 2)
    while kept and kept[-1].lower() in TRAILING | PARTICIPLES:
        kept.pop()
    return _capitalised(_cut(" ".join(kept)))


def _cut(label: str) -> str:
    if len(label) <= MAX_CHARS:
        return label
    return label[: MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"


def _capitalised(label: str) -> str:
    return label[:1].upper() + label[1:]
