"""Who an operative paragraph is addressed to, whether it is a checklist item, and its themes.

Pure Python: no Django imports. The rules read the paragraph as a protection officer would:
a paragraph is a checklist item when it asks something of States (a call, an appeal, a
request, an invitation, an encouragement), or states a responsibility or obligation of
States or of all members of the international community. A paragraph that only notes,
welcomes or recalls something about States is not, though it names them.
"""

import re

STATES = "States"
UNHCR = "UNHCR"
HCHR = "High Commissioner for Human Rights"
SECRETARY_GENERAL = "Secretary-General"
UN_BODIES = "UN bodies"
OTHER = "Other"

ADDRESSEES = [STATES, UNHCR, HCHR, SECRETARY_GENERAL, UN_BODIES, OTHER]

# Checked in this order: the first that matches a phrase names its addressee. The High
# Commissioner for Human Rights comes before UNHCR because both say "High Commissioner".
ACTOR_PATTERNS = [
    (HCHR, re.compile(r"High Commissioner for Human Rights", re.IGNORECASE)),
    (
        UNHCR,
        re.compile(
            r"High Commissioner for Refugees|\bUNHCR\b|\bthe High Commissioner\b|\bthe Office\b",
            re.IGNORECASE,
        ),
    ),
    (SECRETARY_GENERAL, re.compile(r"Secretary-General", re.IGNORECASE)),
    (
        STATES,
        re.compile(
            r"\bStates\b|\bGovernments\b|\bMember States\b|international community",
            re.IGNORECASE,
        ),
    ),
    (
        UN_BODIES,
        re.compile(
            r"\bbodies\b|\bagencies\b|\brapporteurs?\b|\bCommission on Human Rights\b|"
            r"\bHuman Rights Council\b|\bUnited Nations system\b|\borgans\b|"
            r"\bGeneral Assembly\b|\bExecutive Committee\b",
            re.IGNORECASE,
        ),
    ),
]

# A directive: a verb that asks an actor to act, followed by the actor.
DIRECTIVE = re.compile(
    r"\b(?:call(?:s|ed)?\s+(?:up)?on|urg(?:es|ed|e)|request(?:s|ed)?|invit(?:es|ed|e)|"
    r"encourag(?:es|ed|e)|appeal(?:s|ed)?\s+to|recommend(?:s|ed)?\s+that|"
    r"demand(?:s|ed)?|ask(?:s|ed)?)\s+(?P<actor>[^;:]{1,160}?)(?:\s+(?:to|that)\b|\s*[,;:]|$)",
    re.IGNORECASE,
)

# A duty stated rather than asked for: "States ... have a responsibility to",
# "an obligation for all members of the international community".
STATED_DUTY = [
    re.compile(
        r"\b(?:States|Governments)\b[^.;]{0,120}?\b(?:have|has|bear|bears)\s+"
        r"(?:a|an|the)\s+(?:\w+\s+)?(?:responsibility|obligation|duty)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?:responsibility|obligation|duty|duties)\s+(?:of|for|upon|on)\s+(?:all\s+)?"
        r"(?:States|Governments|members of the international community)",
        re.IGNORECASE,
    ),
]


def actor_of(phrase: str) -> str | None:
    """The addressee a phrase names, or None when it names none we know."""
    found = [(m.start(), name) for name, rx in ACTOR_PATTERNS if (m := rx.search(phrase))]
    return min(found)[1] if found else None


def directed_actors(text: str) -> list[str]:
    """Every addressee that the paragraph asks to act or holds to a duty, in text order."""
    actors = [actor_of(m.group("actor")) or OTHER for m in DIRECTIVE.finditer(text)]
    if any(rx.search(text) for rx in STATED_DUTY):
        actors.append(STATES)
    return actors


def classify(text: str, language: str = "en") -> tuple[str, bool]:
    """Return (addressee, checkable) for an operative paragraph's text in ``language``."""
    if language in FOREIGN_DIRECTIVES:
        return _classify_foreign(text, language)
    actors = directed_actors(text)
    if STATES in actors:
        return STATES, True
    if actors:
        return actors[0], False
    return actor_of(text) or OTHER, False


THEMES: list[tuple[str, str, re.Pattern[str]]] = [
    ("non-refoulement", "Non-refoulement", re.compile(r"refoulement", re.IGNORECASE)),
    (
        "cooperation-with-unhcr",
        "Cooperation with UNHCR",
        re.compile(
            r"(?:co-?operat\w*|support\w*|provide information)\b[^.;]{0,160}?"
            r"(?:High Commissioner(?! for Human Rights)|UNHCR|\bthe Office\b|\bwith it\b)"
            r"|(?:High Commissioner for Refugees|UNHCR)[^.;]{0,60}?co-?operat",
            re.IGNORECASE,
        ),
    ),
    (
        "article-35-reporting",
        "Reporting under Article 35",
        re.compile(r"article\s+35\b", re.IGNORECASE),
    ),
    (
        "accession",
        "Accession to the 1951 Convention and 1967 Protocol",
        re.compile(r"\b(?:acced\w*|accession|ratif\w*)\b", re.IGNORECASE),
    ),
    (
        "right-to-seek-asylum",
        "Right to seek asylum",
        re.compile(r"\basylum\b", re.IGNORECASE),
    ),
    ("early-warning", "Early warning", re.compile(r"early[- ]warning", re.IGNORECASE)),
    (
        "emergency-preparedness",
        "Emergency preparedness",
        re.compile(r"emergency preparedness", re.IGNORECASE),
    ),
    ("minorities", "Minorities", re.compile(r"minorit(?:y|ies)", re.IGNORECASE)),
    (
        "women-and-children",
        "Women and children",
        re.compile(r"\b(?:women|girls|children|gender)\b", re.IGNORECASE),
    ),
    (
        "non-discrimination",
        "Non-discrimination",
        re.compile(r"discriminat\w*|intolerance|refrain from denying", re.IGNORECASE),
    ),
    (
        "root-causes",
        "Root causes of displacement",
        re.compile(r"root causes|causes of (?:forced|such|mass)|major causes", re.IGNORECASE),
    ),
    (
        "voluntary-return",
        "Voluntary return",
        re.compile(r"voluntary return|return home|viable for return|right to return", re.I),
    ),
    (
        "international-solidarity",
        "International solidarity and burden-sharing",
        re.compile(r"solidarity|burden[- ]sharing|responsibility[- ]sharing", re.IGNORECASE),
    ),
    (
        "human-rights-mechanisms",
        "Cooperation with human rights mechanisms",
        re.compile(
            r"(?:special rapporteurs|treaty bodies|mechanisms of the Commission on Human Rights"
            r"|Human Rights Council)",
            re.IGNORECASE,
        ),
    ),
]

THEME_NAMES = {slug: name for slug, name, _ in THEMES}


def suggest_themes(text: str) -> list[str]:
    """Slugs of the themes a paragraph's text touches, in the order of THEMES."""
    return [slug for slug, _, rx in THEMES if rx.search(text)]


def _words(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


# The people a paragraph concerns, as recommendation trackers (OHCHR's NRTD, the Universal
# Human Rights Index) group them. "Refugees" alone is in almost every paragraph of these
# texts; it is still proposed, and an editor removes it where it says nothing.
AFFECTED_GROUPS: list[tuple[str, str, re.Pattern[str]]] = [
    ("women-and-girls", "Women and girls", _words(r"\b(?:women|girls|gender)\b")),
    ("children", "Children", _words(r"\b(?:children|child|minors|girls|boys|youth)\b")),
    ("older-persons", "Older persons", _words(r"\bolder persons\b|\belderly\b")),
    ("persons-with-disabilities", "Persons with disabilities", _words(r"disabilit")),
    ("stateless-persons", "Stateless persons", _words(r"\bstateless|statelessness")),
    (
        "internally-displaced-persons",
        "Internally displaced persons",
        _words(r"internally displaced|internal displacement"),
    ),
    ("refugees", "Refugees", _words(r"\brefugees?\b")),
    ("asylum-seekers", "Asylum-seekers", _words(r"asylum[- ]seekers?")),
    ("returnees", "Returnees", _words(r"\breturnees?\b|voluntary repatriation")),
    ("migrants", "Migrants", _words(r"\bmigrants?\b")),
    ("host-communities", "Host communities", _words(r"host(?:ing)? communities")),
    ("minorities", "Minorities", _words(r"minorit(?:y|ies)")),
    (
        "humanitarian-personnel",
        "Humanitarian personnel",
        _words(r"humanitarian (?:personnel|workers|aid workers|staff)"),
    ),
]

# The Sustainable Development Goal targets these texts touch, with the words that say so.
SDG_TARGETS: list[tuple[str, str, re.Pattern[str]]] = [
    ("1.3", "1.3 Social protection systems", _words(r"social (?:protection|security|services)")),
    (
        "3.8",
        "3.8 Universal health coverage",
        _words(r"\bhealth\b|vaccines?|medicines|medical"),
    ),
    ("4.1", "4.1 Free primary and secondary education", _words(r"\beducation|schools?\b")),
    (
        "5.2",
        "5.2 Violence against women and girls",
        _words(
            r"sexual and gender-based violence|violence against women|sexual (?:abuse|exploitation)"
        ),
    ),
    ("8.8", "8.8 Labour rights", _words(r"\blabour\b|employment|work permits?|livelihoods?")),
    (
        "10.2",
        "10.2 Inclusion of all",
        _words(r"\binclusion\b|discriminat|\bintegration\b"),
    ),
    (
        "10.7",
        "10.7 Orderly, safe and responsible migration",
        _words(r"\bmigration|migrants?\b|resettlement|complementary pathways|mixed movements"),
    ),
    ("13.1", "13.1 Resilience to climate-related disasters", _words(r"climate|disasters?")),
    (
        "16.1",
        "16.1 Reduce violence",
        _words(r"\bviolence\b|\battacks?\b|physical (?:attacks|safety)"),
    ),
    (
        "16.2",
        "16.2 End abuse, exploitation and trafficking of children",
        _words(r"trafficking|child (?:protection|recruitment|soldiers)|exploitation of children"),
    ),
    (
        "16.3",
        "16.3 Rule of law and equal access to justice",
        _words(r"rule of law|access to justice|brought to justice|impunity|justice system"),
    ),
    (
        "16.9",
        "16.9 Legal identity and birth registration",
        _words(
            r"registration|documentation|legal identity|identity documents"
            r"|(?:deprivation of|right to a|acquisition of|acquire a) nationality"
        ),
    ),
    (
        "17.3",
        "17.3 Additional financial resources",
        _words(r"fund(?:ing|s)?\b|financ|donors?|contribut\w* generously|resources"),
    ),
    (
        "17.17",
        "17.17 Partnerships",
        _words(r"partnerships?|burden[- ]|responsibility[- ]sharing|solidarity"),
    ),
    (
        "17.18",
        "17.18 Data and statistics",
        _words(r"\bdata\b|statistics|disaggregated"),
    ),
]

AFFECTED_GROUP_NAMES = {slug: name for slug, name, _ in AFFECTED_GROUPS}
SDG_TARGET_NAMES = {code: name for code, name, _ in SDG_TARGETS}


def suggest_groups(text: str) -> list[str]:
    """Slugs of the affected groups a paragraph's text names, in the order of AFFECTED_GROUPS."""
    return [slug for slug, _, rx in AFFECTED_GROUPS if rx.search(text)]


def suggest_sdg_targets(text: str) -> list[str]:
    """Codes of the SDG targets a paragraph's text touches, in the order of SDG_TARGETS."""
    return [code for code, _, rx in SDG_TARGETS if rx.search(text)]


# The UN's other languages: who is named (checked as ACTOR_PATTERNS are, the earliest
# mention winning; at the same place, the High Commissioner for Human Rights before UNHCR
# by the order of ADDRESSEES), and the directives that ask them to act.
FOREIGN_ACTORS = [
    (
        HCHR,
        re.compile(
            r"Haut-Commissa\w+ des Nations Unies aux droits de l[’']homme"
            r"|Alto Comisionado de las Naciones Unidas para los Derechos Humanos"
            r"|Верховн\w+ комиссар\w* Организации Объединенных Наций по правам человека"
            r"|مفوض\S* الأمم المتحدة السامي\S* لحقوق الإنسان|المفوض\S* السامي\S* لحقوق الإنسان"
            r"|人权事务高级专员",
            re.IGNORECASE,
        ),
    ),
    (
        UNHCR,
        re.compile(
            r"Haut-Commissa\w+|\bHCR\b|Alto Comisionado|\bACNUR\b|Верховн\w+ комиссар\w*"
            r"|\bУВКБ\b|Управлени\w+ Верховного комиссара|المفوض\S* السامي\S*|المفوضية"
            r"|مفوض\S* الأمم المتحدة السامي\S*|مفوضية الأمم المتحدة لشؤون اللاجئين"
            r"|难民署|难民事务高级专员",
            re.IGNORECASE,
        ),
    ),
    (
        SECRETARY_GENERAL,
        re.compile(
            r"Secrétaire général|Secretario General|Генеральн\w+ секретар\w+|الأمين العام|秘书长",
            re.IGNORECASE,
        ),
    ),
    (
        STATES,
        re.compile(
            r"\bÉtats\b|\bgouvernements\b|communauté internationale|\bEstados\b|\bgobiernos\b"
            r"|comunidad internacional|государств\w*|правительств\w*|международно\w* сообществ\w*"
            r"|الدول|الحكومات|المجتمع الدولي|各国|会员国|国家|国际社会",
            re.IGNORECASE,
        ),
    ),
    (
        UN_BODIES,
        re.compile(
            r"\borganes\b|\borganismes\b|institutions spécialisées|système des Nations Unies"
            r"|\bórganos\b|\borganismos\b|sistema de las Naciones Unidas|органы\w*|учреждени\w+"
            r"|системы Организации Объединенных Наций|هيئات|وكالات|منظومة الأمم المتحدة"
            r"|机构|联合国系统",
            re.IGNORECASE,
        ),
    ),
]
# The verb that asks, and what follows it: the actor is the first one named there.
FOREIGN_DIRECTIVES = {
    "fr": re.compile(
        r"\b(?:demande|prie|exhorte|engage|invite|encourage|appelle|lance un appel)"
        r"(?:\s+(?:également|aussi|en outre|de nouveau|instamment|vivement|fermement))*"
        r"\s+(?P<actor>[^;:]{1,120}?)(?:\s+(?:de|d[’']|à)\b|\s*[,;:]|$)",
        re.IGNORECASE,
    ),
    "es": re.compile(
        r"\b(?:insta|exhorta|pide|solicita|alienta|invita|hace un llamamiento)"
        r"(?:\s+(?:también|además|encarecidamente|nuevamente|firmemente))*"
        r"\s+(?P<actor>(?:a|al)\s+[^;:]{1,120}?)(?:\s+(?:a\s+que|que|a|para\s+que)\s|\s*[,;:]|$)",
        re.IGNORECASE,
    ),
    "ru": re.compile(
        r"(?:призывает|просит|предлагает|рекомендует|поощряет)\s+(?P<actor>[^;:,]{1,80})",
        re.IGNORECASE,
    ),
    "ar": re.compile(r"(?:تطلب|تحث|تهيب|تدعو|تناشد|تشجع|توصي)\s+(?P<actor>[^؛:،]{1,60})"),
    "zh": re.compile(r"(?:吁请|敦促|促请|请|呼吁|鼓励|邀请)(?P<actor>[^；：，。]{1,40})"),
}


def _foreign_actor_of(phrase: str) -> str | None:
    found = [
        (m.start(), ADDRESSEES.index(name), name)
        for name, rx in FOREIGN_ACTORS
        if (m := rx.search(phrase))
    ]
    return min(found)[2] if found else None


def _classify_foreign(text: str, language: str) -> tuple[str, bool]:
    """As classify, with the directives and names of ``language``: a checklist item asks
    something of States."""
    actors = [
        _foreign_actor_of(m["actor"]) or OTHER for m in FOREIGN_DIRECTIVES[language].finditer(text)
    ]
    if STATES in actors:
        return STATES, True
    if actors:
        return actors[0], False
    return _foreign_actor_of(text) or OTHER, False
