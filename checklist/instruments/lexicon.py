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
    """Find the lead phrase that opens ``text``: an English one (FOREIGN_LEADS when none).

    Returns (lead, rest), with ``rest`` the text after the lead without the space between
    them, or None when the text does not open with a known phrase. A lead glued to the next
    word ("Calls uponStates", "Strongly deploresethnic") is recognised and split.
    """
    if not text[:1].isupper():
        return _match_caseless_lead(text)
    match = LEAD_PATTERN.match(text)
    if match is None:
        return _match_foreign_lead(text)
    if match is None:
        return None
    lead = re.sub(r"\s+", " ", match.group(0))
    rest = text[match.end() :]
    if rest[:1].isalpha():
        # Leads are inflected ("Urges", "Noting", "Invited"); a bare base form glued to
        # more letters is the start of another word ("Recommendation", "Adoption").
        bare_base_verb = match["complement"] is None and match["head"].lower() in BASE_VERBS
        if bare_base_verb or WORD_ENDINGS.match(rest):
            # "Demand" + "e": not an English lead, perhaps a French one ("Demande").
            return _match_foreign_lead(text)
    return lead, rest.lstrip()


# The lead phrases of the UN's texts in its other languages, as its editors print them (the
# General Assembly is feminine in French, Spanish, Russian and Arabic: "Consciente",
# "Preocupada", "будучи обеспокоена", "إذ تشير"). Longer phrases are tried first. Russian,
# Arabic and Chinese share no letters with English; French and Spanish leads are tried
# only when no English one matched, so the English texts read exactly as before.
FOREIGN_LEADS = {
    "fr": [
        # Operative.
        "Demande",
        "Demande également",
        "Demande de nouveau",
        "Demande instamment",
        "Exhorte",
        "Exhorte également",
        "Prie",
        "Prie instamment",
        "Prie également",
        "Prie en outre",
        "Invite",
        "Invite également",
        "Invite de nouveau",
        "Engage",
        "Engage vivement",
        "Engage également",
        "Réaffirme",
        "Décide",
        "Décide également",
        "Se félicite",
        "Salue",
        "Prend acte",
        "Prend note",
        "Note",
        "Note avec satisfaction",
        "Note avec préoccupation",
        "Souligne",
        "Rappelle",
        "Rappelle avec satisfaction",
        "Reconnaît",
        "Condamne",
        "Condamne énergiquement",
        "Déplore",
        "Déplore vivement",
        "Exprime",
        "Encourage",
        "Lance un appel",
        "Recommande",
        "Affirme",
        "Réitère",
        "Approuve",
        "Remercie",
        "Rend hommage",
        "Déclare",
        "Insiste",
        "Constate",
        "Considère",
        "Estime",
        "Accueille avec satisfaction",
        # Preambular.
        "Rappelant",
        "Rappelant également",
        "Rappelant en outre",
        "Réaffirmant",
        "Notant",
        "Notant avec satisfaction",
        "Notant avec préoccupation",
        "Considérant",
        "Constatant",
        "Consciente",
        "Convaincue",
        "Préoccupée",
        "Profondément préoccupée",
        "Profondément troublée",
        "Gravement préoccupée",
        "Vivement préoccupée",
        "Alarmée",
        "Sachant",
        "Soulignant",
        "Reconnaissant",
        "Ayant examiné",
        "Prenant acte",
        "Prenant note",
        "Tenant compte",
        "Se félicitant",
        "Saluant",
        "Exprimant",
        "Déplorant",
        "Réitérant",
        "Affirmant",
        "Guidée par",
        "Ayant à l'esprit",
        "Ayant à l’esprit",
        "Accueillant avec satisfaction",
        "Résolue",
        "Désireuse",
        "Insistant",
    ],
    "es": [
        # Operative.
        "Insta",
        "Insta encarecidamente",
        "Insta también",
        "Exhorta",
        "Exhorta también",
        "Exhorta encarecidamente",
        "Pide",
        "Pide también",
        "Pide además",
        "Solicita",
        "Solicita también",
        "Alienta",
        "Alienta también",
        "Reafirma",
        "Decide",
        "Decide también",
        "Invita",
        "Invita también",
        "Acoge con beneplácito",
        "Acoge con satisfacción",
        "Observa",
        "Observa con preocupación",
        "Toma nota",
        "Reconoce",
        "Destaca",
        "Subraya",
        "Recuerda",
        "Condena",
        "Condena enérgicamente",
        "Deplora",
        "Expresa",
        "Hace un llamamiento",
        "Recomienda",
        "Afirma",
        "Reitera",
        "Encomia",
        "Aprueba",
        "Considera",
        "Declara",
        "Pone de relieve",
        "Felicita",
        # Preambular.
        "Recordando",
        "Recordando también",
        "Recordando además",
        "Reafirmando",
        "Observando",
        "Observando con preocupación",
        "Observando con satisfacción",
        "Considerando",
        "Tomando nota",
        "Reconociendo",
        "Destacando",
        "Expresando",
        "Subrayando",
        "Consciente",
        "Convencida",
        "Preocupada",
        "Profundamente preocupada",
        "Gravemente preocupada",
        "Alarmada",
        "Habiendo examinado",
        "Teniendo presente",
        "Teniendo en cuenta",
        "Acogiendo con beneplácito",
        "Acogiendo con satisfacción",
        "Deplorando",
        "Poniendo de relieve",
        "Afirmando",
        "Reiterando",
        "Guiada por",
        "Decidida",
        "Deseosa",
    ],
    "ru": [
        # Operative.
        "Призывает",
        "Призывает также",
        "Настоятельно призывает",
        "Вновь призывает",
        "Просит",
        "Просит также",
        "Предлагает",
        "Рекомендует",
        "Постановляет",
        "Подтверждает",
        "Вновь подтверждает",
        "Приветствует",
        "Принимает к сведению",
        "Отмечает",
        "С удовлетворением отмечает",
        "С озабоченностью отмечает",
        "Признает",
        "Подчеркивает",
        "Особо отмечает",
        "Осуждает",
        "Решительно осуждает",
        "Выражает",
        "Поощряет",
        "Одобряет",
        "Напоминает",
        "Заявляет",
        "Вновь заявляет",
        "Высоко оценивает",
        # Preambular.
        "Ссылаясь на",
        "Ссылаясь также на",
        "Вновь подтверждая",
        "Подтверждая",
        "Отмечая",
        "С удовлетворением отмечая",
        "С озабоченностью отмечая",
        "С тревогой отмечая",
        "Принимая во внимание",
        "Признавая",
        "Будучи глубоко обеспокоена",
        "Будучи обеспокоена",
        "Будучи убеждена",
        "Будучи встревожена",
        "Сознавая",
        "Учитывая",
        "Приветствуя",
        "Подчеркивая",
        "Выражая",
        "Напоминая",
        "Рассмотрев",
        "Руководствуясь",
        "Памятуя",
        "Констатируя",
        "Высоко оценивая",
        "Вновь заявляя",
        "Осуждая",
    ],
    "ar": [
        # Operative (the Assembly is feminine: تـ).
        "تطلب",
        "تطلب أيضا",
        "تطلب كذلك",
        "تحث",
        "تحث أيضا",
        "تهيب",
        "تهيب أيضا",
        "تدعو",
        "تدعو أيضا",
        "تقرر",
        "تقرر أيضا",
        "تؤكد من جديد",
        "تعيد تأكيد",
        "ترحب",
        "تحيط علما",
        "تلاحظ",
        "تسلم",
        "تشدد",
        "تؤكد",
        "تدين",
        "تعرب",
        "تشجع",
        "توصي",
        "تناشد",
        "تكرر",
        "تعترف",
        "تثني",
        # Preambular: "إذ" (and "وإذ") before the verb.
        *(
            f"{opener} {verb}"
            for opener in ("إذ", "وإذ")
            for verb in (
                "نظرت في",
                "تشير",
                "تشير أيضا",
                "تؤكد من جديد",
                "تعيد تأكيد",
                "تلاحظ",
                "تسلم",
                "تضع في اعتبارها",
                "يساورها القلق",
                "يساورها بالغ القلق",
                "ترحب",
                "تدرك",
                "تعرب",
                "تشدد",
                "تحيط علما",
                "تعترف",
                "تقر",
                "تكرر",
                "تؤكد",
                "تأخذ في الاعتبار",
                "تقتنع",
                "تعي",
            )
        ),
    ],
    "zh": [
        "吁请",
        "再次吁请",
        "又吁请",
        "敦促",
        "又敦促",
        "促请",
        "请",
        "又请",
        "还请",
        "决定",
        "又决定",
        "重申",
        "欢迎",
        "注意到",
        "表示注意到",
        "满意地注意到",
        "关切地注意到",
        "赞赏地注意到",
        "确认",
        "强调",
        "鼓励",
        "邀请",
        "建议",
        "谴责",
        "强烈谴责",
        "呼吁",
        "赞扬",
        "认识到",
        "承认",
        "深表关切",
        "表示关切",
        "深为关切",
        "回顾",
        "又回顾",
        "还回顾",
        "意识到",
        "铭记",
        "考虑到",
        "深信",
        "申明",
        "审议了",
        "赞赏",
        "核可",
    ],
}
# Words glued to nothing: a foreign lead ends where a word ends. Chinese has no spaces.
_FOREIGN_PATTERNS = {
    language: re.compile(rf"(?:{_alternation(phrases)})(?![^\W\d_])", re.IGNORECASE)
    for language, phrases in FOREIGN_LEADS.items()
    if language != "zh"
}
_CHINESE_PATTERN = re.compile(_alternation(FOREIGN_LEADS["zh"]))


def _match_foreign_lead(text: str) -> tuple[str, str] | None:
    for pattern in _FOREIGN_PATTERNS.values():
        if match := pattern.match(text):
            return re.sub(r"\s+", " ", match.group(0)), text[match.end() :].lstrip()
    return None


def _match_caseless_lead(text: str) -> tuple[str, str] | None:
    """Arabic and Chinese have no capitals, and Russian preambular paragraphs open in lower
    case ("ссылаясь на"): their leads open a line whatever its case."""
    first = text[:1]
    if "\u0600" <= first <= "\u06ff" or "\u0400" <= first <= "\u04ff":
        return _match_foreign_lead(text)
    if "\u4e00" <= first <= "\u9fff" and (match := _CHINESE_PATTERN.match(text)):
        return match.group(0), text[match.end() :].lstrip()
    return None
