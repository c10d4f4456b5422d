"""The parser reads the UN's texts in its six languages: the same short resolution on the
Office of the UNHCR (tests/data/languages/, written in each language as the UN prints it:
cover, body line, preambular paragraphs, numbered operative paragraphs, one footnote, the
closing meeting and date) splits the same way in each, its lead phrases found and its
paragraphs addressed to States made checklist items."""

from datetime import date
from pathlib import Path

import pytest

from checklist.instruments.languages import guess_language
from checklist.instruments.parser import parse_instrument

LANGUAGES = Path(__file__).resolve().parent / "data" / "languages"
SEED = Path(__file__).resolve().parent.parent / "fixtures" / "sources"

EXPECTED = {
    "fr": {
        "title": "Haut-Commissariat des Nations Unies pour les réfugiés",
        "meeting": "51e séance plénière",
        "preambular": ["Ayant examiné", "Rappelant", "Réaffirmant", "Profondément préoccupée"],
        "operative": [
            "Prend acte",
            "Réaffirme",
            "Demande",
            "Exhorte",
            "Engage vivement",
            "Prie",
            "Décide",
        ],
    },
    "es": {
        "title": "Oficina del Alto Comisionado de las Naciones Unidas para los Refugiados",
        "meeting": "51ª sesión plenaria",
        "preambular": [
            "Habiendo examinado",
            "Recordando",
            "Reafirmando",
            "Profundamente preocupada",
        ],
        "operative": ["Toma nota", "Reafirma", "Insta", "Exhorta", "Alienta", "Pide", "Decide"],
    },
    "ru": {
        "title": "Управление Верховного комиссара Организации Объединенных Наций по делам беженцев",
        "meeting": "51-е пленарное заседание",
        "preambular": [
            "рассмотрев",
            "ссылаясь на",
            "вновь подтверждая",
            "будучи глубоко обеспокоена",
        ],
        "operative": [
            "принимает к сведению",
            "вновь подтверждает",
            "призывает",
            "настоятельно призывает",
            "рекомендует",
            "просит",
            "постановляет",
        ],
    },
    "ar": {
        "title": "مفوضية الأمم المتحدة لشؤون اللاجئين",
        "meeting": "الجلسة العامة 51",
        "preambular": ["إذ نظرت في", "وإذ تشير", "وإذ تؤكد من جديد", "وإذ يساورها بالغ القلق"],
        "operative": ["تحيط علما", "تؤكد من جديد", "تهيب", "تحث", "تدعو", "تطلب", "تقرر"],
    },
    "zh": {
        "title": "联合国难民事务高级专员办事处",
        "meeting": "第51次全体会议",
        "preambular": ["审议了", "回顾", "重申", "深为关切"],
        "operative": ["注意到", "重申", "吁请", "敦促", "鼓励", "请", "决定"],
    },
}
# The same in every language: who each operative paragraph addresses, and which are items.
ADDRESSEES = ["UNHCR", "States", "States", "States", "States", "Secretary-General", "Other"]
CHECKLIST_ITEMS = ["3", "4", "5"]


def parsed(language: str, *, given: str | None = None):
    return parse_instrument((LANGUAGES / f"{language}.txt").read_text(encoding="utf-8"), given)


@pytest.mark.parametrize("language", list(EXPECTED))
def test_the_resolution_splits_the_same_in_every_language(language):
    instrument = parsed(language)
    expected = EXPECTED[language]
    assert instrument.language == language
    assert (instrument.symbol, instrument.title, instrument.body) == (
        "A/RES/79/156",
        expected["title"],
        "General Assembly",
    )
    assert (instrument.meeting, instrument.adopted_on) == (expected["meeting"], date(2024, 12, 17))
    assert [p.lead for p in instrument.preambular] == expected["preambular"]
    assert [p.lead for p in instrument.operative] == expected["operative"]
    assert [p.number for p in instrument.operative] == ["1", "2", "3", "4", "5", "6", "7"]
    assert [p.addressee for p in instrument.operative] == ADDRESSEES
    assert [p.number for p in instrument.operative if p.checkable] == CHECKLIST_ITEMS
    assert instrument.warnings == []
    assert instrument.note == ""


@pytest.mark.parametrize("language", list(EXPECTED))
def test_the_footnote_is_moved_out_and_its_reference_marked(language):
    instrument = parsed(language)
    assert len(instrument.footnotes) == 1
    assert instrument.footnotes[0].number == 1
    assert "(A/79/12)" in instrument.footnotes[0].text
    assert "[^1]" in instrument.preambular[0].text
    assert all("A/79/12" not in p.text for p in instrument.preambular + instrument.operative)


@pytest.mark.parametrize("language", list(EXPECTED))
def test_each_paragraph_starts_with_its_lead_and_ends_its_clause(language):
    instrument = parsed(language)
    for paragraph in instrument.preambular + instrument.operative:
        assert paragraph.text.startswith(paragraph.lead)
    # The closing meeting and date are not part of the last paragraph.
    assert instrument.operative[-1].text[-1] in ".。"


def test_arabic_indic_digits_and_the_arabic_dash_number_the_paragraphs():
    instrument = parsed("ar")
    assert instrument.operative[3].text.startswith("تحث الدول")
    assert "اتفاقية عام 1951" in instrument.operative[3].text


def test_chinese_full_width_numbers_open_paragraphs_without_a_space_after_the_lead():
    instrument = parsed("zh")
    assert instrument.operative[2].text == "吁请所有国家尊重不驱回原则，确保寻求庇护的机会；"


def test_french_lettered_subparagraphs_keep_their_printed_labels():
    engage = parsed("fr").operative[4]
    assert [(s.label, s.text[:12]) for s in engage.subparagraphs] == [
        ("a)", "À coopérer a"),
        ("b)", "À contribuer"),
    ]


def test_russian_preambular_paragraphs_open_in_lower_case_and_stay_apart():
    instrument = parsed("ru")
    assert (
        instrument.preambular[1].text == "ссылаясь на свои предыдущие резолюции по этому вопросу,"
    )


@pytest.mark.parametrize("language", list(EXPECTED))
def test_the_language_is_told_from_the_text(language):
    text = (LANGUAGES / f"{language}.txt").read_text(encoding="utf-8")
    assert guess_language(text) == language


@pytest.mark.parametrize("source", sorted(SEED.glob("*.txt")), ids=lambda p: p.name)
def test_the_english_seeds_are_told_english(source):
    assert guess_language(source.read_text(encoding="utf-8")) == "en"
    assert parse_instrument(source.read_text(encoding="utf-8")).language == "en"


def test_a_language_given_wins_over_the_guess():
    # A person corrects the guess on the import form: the text is read as they say.
    assert parsed("fr", given="es").language == "es"
