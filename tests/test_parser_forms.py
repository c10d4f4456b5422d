"""The forms real instruments take, in short hand-made passages: ExCom conclusions as printed
(lettered operative parts, sections, session in Roman numerals), sections whose numbering
starts again, running headers, drafts, decisions, annexes, and the warnings that say where
the parser is unsure. The real documents are in test_corpus.py."""

from datetime import date

from checklist.instruments.parser import parse_instrument

EXCOM_SECTIONS = """\
Protection of Asylum-Seekers in Situations of Large-Scale Influx
No. 22 (XXXII) - 1981

The Executive Committee,

I. General

1. The refugee problem has become particularly acute due to the increasing number of
large-scale influx situations;

2. Such asylum-seekers are often confronted with difficulties in finding durable solutions;

II. Measures of protection

A. Admission and non-refoulement

1. In situations of large-scale influx, asylum-seekers should be admitted to the State in
which they first seek refuge;

2. In all cases the fundamental principle of non-refoulement must be scrupulously observed.

B. Treatment of asylum-seekers who have been temporarily admitted

1. Persons seeking asylum who have been temporarily admitted should be treated in
accordance with the following minimum basic human standards:

(a) they should not be penalized solely on the ground that their presence in the country
is considered unlawful;

(b) they should enjoy the fundamental civil rights internationally recognized;

2. States should take all measures to ensure the physical safety of asylum-seekers.
"""


def test_excom_conclusion_in_sections_with_numbering_that_starts_again():
    parsed = parse_instrument(EXCOM_SECTIONS)
    assert parsed.symbol == "ExCom Conclusion No. 22 (XXXII)"
    assert (parsed.title, parsed.year, parsed.body) == (
        "Protection of Asylum-Seekers in Situations of Large-Scale Influx",
        1981,
        "UNHCR Executive Committee",
    )
    assert [(p.section, p.number) for p in parsed.operative] == [
        ("I. General", "1"),
        ("I. General", "2"),
        ("II. Measures of protection — A. Admission and non-refoulement", "1"),
        ("II. Measures of protection — A. Admission and non-refoulement", "2"),
        ("II. Measures of protection — B. Treatment of asylum-seekers who have been "
         "temporarily admitted", "1"),
        ("II. Measures of protection — B. Treatment of asylum-seekers who have been "
         "temporarily admitted", "2"),
    ]  # fmt: skip
    assert [s.label for s in parsed.operative[4].subparagraphs] == ["(a)", "(b)"]
    assert parsed.operative[5].text == (
        "States should take all measures to ensure the physical safety of asylum-seekers."
    )
    assert not any("numbering" in warning for warning in parsed.warnings)


EXCOM_LETTERED = """\
General Conclusion on International Protection
Conclusion No. 81 (XLVIII)

The Executive Committee,

Reaffirming the fundamental importance of the international protection function of UNHCR,

A. Asylum

(a) Reaffirms that the institution of asylum must be respected;

(b) Calls upon States:

(i) to respect the principle of non-refoulement;

(ii) to ensure access to fair and efficient procedures;

B. Cooperation

(a) Alarmed by the continuing abuses, urges States to take measures;

(b) Requests UNHCR to report to the Standing Committee.
"""


def test_excom_lettered_operative_parts_in_sections():
    parsed = parse_instrument(EXCOM_LETTERED)
    assert parsed.symbol == "ExCom Conclusion No. 81 (XLVIII)"
    assert parsed.year is None
    assert [p.lead for p in parsed.preambular] == ["Reaffirming"]
    assert [(p.section, p.number, p.lead) for p in parsed.operative] == [
        ("A. Asylum", "(a)", "Reaffirms"),
        ("A. Asylum", "(b)", "Calls upon"),
        ("B. Cooperation", "(a)", "Alarmed"),
        ("B. Cooperation", "(b)", "Requests"),
    ]
    assert [s.label for s in parsed.operative[1].subparagraphs] == ["(i)", "(ii)"]
    assert parsed.operative[1].checkable is True


def test_an_operative_part_opening_like_a_preambular_one_is_flagged_where_it_is():
    parsed = parse_instrument(EXCOM_LETTERED)
    alarmed = parsed.operative[2]
    assert alarmed.warnings == [
        "it opens with “Alarmed”, as a preambular paragraph would; check its kind."
    ]
    assert parsed.warnings == [
        "Operative paragraph (a) (section B. Cooperation): it opens with “Alarmed”, "
        "as a preambular paragraph would; check its kind."
    ]


EXCOM_WITHOUT_PREAMBLE = """\
Refugee Children
No. 47 (XXXVIII) - 1987

The Executive Committee

(a) Noted that refugee children constitute the majority of the world's refugees;

(b) Stressed that all action taken on behalf of refugee children must be guided by the
principle of the best interests of the child;

(c) Urged States to take measures to protect refugee children from military recruitment.
"""


def test_excom_conclusion_without_preamble_and_body_line_without_comma():
    parsed = parse_instrument(EXCOM_WITHOUT_PREAMBLE)
    assert parsed.body == "UNHCR Executive Committee"
    assert parsed.preambular == []
    assert [p.number for p in parsed.operative] == ["(a)", "(b)", "(c)"]
    assert parsed.operative[1].text.endswith("the best interests of the child;")


def numbered(*paragraphs: str) -> str:
    body = "\n\n".join(paragraphs)
    return f"1/2. Test\n\nThe General Assembly,\n\nRecalling its resolutions,\n\n{body}\n"


def test_a_jump_in_the_numbering_is_kept_and_flagged():
    parsed = parse_instrument(numbered("1. Urges States to act;", "3. Calls upon States to act;"))
    assert [p.number for p in parsed.operative] == ["1", "3"]
    assert parsed.warnings == [
        "Operative paragraph 3: the numbering jumps from 1 to 3; check that no paragraph "
        "was lost or merged into the one before."
    ]


def test_page_furniture_left_in_a_paragraph_is_flagged():
    parsed = parse_instrument(numbered("1. Urges States to act *2424148* now;"))
    assert parsed.operative[0].warnings == [
        "it holds what looks like page furniture (a job number or page count)."
    ]


RUNNING_HEADERS = """\
United Nations A/RES/79/999
General Assembly Distr.: General
20 December 2024
Seventy-ninth session
Resolution adopted by the General Assembly on 17 December 2024
79/999. Office of the United Nations High Commissioner for Refugees
The General Assembly,
Recalling its resolutions,
1. Urges States to receive
__________________
1 A footnote.

Office of the United Nations High Commissioner for Refugees A/RES/79/999

3/14 24-24148

refugees;
2. Calls upon States to act;

A/RES/79/999 Office of the United
Nations High Commissioner for Refugees

24-24148 4/14

3. Requests the High Commissioner to report.
53rd plenary meeting
17 December 2024
"""


def test_running_headers_with_the_symbol_after_the_title_are_page_furniture():
    parsed = parse_instrument(RUNNING_HEADERS)
    assert [p.text for p in parsed.operative] == [
        "Urges States to receive refugees;",
        "Calls upon States to act;",
        "Requests the High Commissioner to report.",
    ]
    assert parsed.adopted_on == date(2024, 12, 17)


DRAFT = """\
United Nations A/C.3/99/L.7*
General Assembly Distr.: Limited
1 November 2099
Third Committee
Agenda item 70
Ruritania and Freedonia:** draft resolution
Protection of refugee children
The General Assembly,
Recalling its resolutions,
1.
Urges States to act;
__________________
* Reissued for technical reasons on 4 November 2099.
** On behalf of the States Members of the United Nations that are
members of the Group of Friends.
2.
Decides to remain seized of the matter.
"""


def test_draft_keeps_its_symbol_and_sponsors_and_no_adoption_date():
    parsed = parse_instrument(DRAFT)
    assert (parsed.symbol, parsed.sponsors, parsed.title, parsed.adopted_on) == (
        "A/C.3/99/L.7",
        "Ruritania and Freedonia",
        "Protection of refugee children",
        None,
    )
    assert parsed.note.startswith("Reissued for technical reasons on 4 November 2099.")
    assert [p.text for p in parsed.operative] == [
        "Urges States to act;",
        "Decides to remain seized of the matter.",
    ]


def test_single_unnumbered_operative_paragraph():
    text = (
        "A/L.1\n\nThe General Assembly,\n\nRecalling the Charter of the United Nations,\n\n"
        "Decides that the question is an important question.\n"
    )
    parsed = parse_instrument(text)
    assert [p.lead for p in parsed.preambular] == ["Recalling"]
    assert [(p.number, p.text) for p in parsed.operative] == [
        ("", "Decides that the question is an important question.")
    ]
    assert parsed.operative[0].warnings == [
        "the paragraph is not numbered; it was read as operative."
    ]


def test_decision_runs_on_after_the_body_line():
    text = (
        "Test decision\n\nThe General Assembly, recalling its resolution 79/122:\n\n"
        "(a) Decides that the session shall be held over four days;\n\n"
        "(b) Also decides to include the item in its provisional agenda.\n"
    )
    parsed = parse_instrument(text)
    assert [p.text for p in parsed.preambular] == ["recalling its resolution 79/122:"]
    assert [p.number for p in parsed.operative] == ["(a)", "(b)"]


def test_lettered_items_run_past_h_and_keep_roman_items_inside():
    items = "\n".join(f"({chr(c)}) To act {chr(c)};" for c in range(ord("a"), ord("j") + 1))
    text = numbered(
        "1. Calls upon States:",
        items.replace("(c) To act c;", "(c) To act as follows:\n(i) first;\n(ii) second;"),
        "2. Decides to remain seized of the matter.",
    )
    first = parse_instrument(text).operative[0]
    assert [s.label for s in first.subparagraphs] == [f"({chr(c)})" for c in range(97, 107)]
    assert first.subparagraphs[2].text == "To act as follows: (i) first; (ii) second;"


ANNEXED = numbered(
    "1. Adopts the Convention annexed to the present resolution.",
    "55th plenary meeting\n24 December 2099",
    "Annex\nConvention on Something\n\nThe States Parties to the present Convention,\n"
    "Bearing in mind the purposes of the Charter,\nHave agreed as follows:\n\n"
    "Article 1\nScope\n\nThis Convention applies to all States.\n\n"
    "Article 2\nObligations\n\n1. Each State Party shall act.\n\n2. Each State Party shall report.",
)


def test_annex_is_a_separate_instrument():
    parsed = parse_instrument(ANNEXED)
    assert [p.number for p in parsed.operative] == ["1"]
    assert parsed.adopted_on == date(2099, 12, 24)
    [annex] = parsed.annexes
    assert (annex.symbol, annex.title) == ("A/RES/1/2, annex", "Convention on Something")
    assert [p.text for p in annex.preambular] == ["Bearing in mind the purposes of the Charter,"]
    assert [(p.section, p.number) for p in annex.operative] == [
        ("Article 1. Scope", ""),
        ("Article 2. Obligations", "1"),
        ("Article 2. Obligations", "2"),
    ]


def test_spaced_footnote_numbers_of_pdf_extractions_are_references():
    text = numbered(
        "1. Recalls the Convention of 1969 1 and the Charter of 1981 2 as the foundation;",
        "__________________\n1 Treaty Series, vol. 1001.\n2 Ibid., vol. 1520.",
        "2. Decides that paragraph 5 of the resolution applies.",
    )
    parsed = parse_instrument(text)
    assert parsed.operative[0].text == (
        "Recalls the Convention of 1969[^1] and the Charter of 1981[^2] as the foundation;"
    )
    assert parsed.operative[1].text == "Decides that paragraph 5 of the resolution applies."


def test_an_annex_pasted_on_its_own_is_an_instrument():
    annex_text = ANNEXED.split("Annex\n", 1)[1]
    parsed = parse_instrument(annex_text)
    assert parsed.title == "Convention on Something"
    assert [p.number for p in parsed.operative] == ["", "1", "2"]
    assert parsed.preambular[0].lead == "Bearing in mind"


def test_the_annex_is_announced_in_the_warnings():
    assert (
        parse_instrument(ANNEXED)
        .warnings[-1]
        .startswith("The annex (“Convention on Something”, 3 operative paragraphs) is kept apart")
    )


PDFTOTEXT = """\
A/RES/99/5

United Nations

General Assembly

Distr.: General
22 December 2099

Resolution adopted by the General Assembly on
19 December 2099

99/5.

Assistance to refugees in Africa
The General Assembly,
Recalling the Convention of 1969 1 and the African Charter on Human and
Peoples' Rights, 2
Reaffirming the 1951 Convention, 3

__________________

United Nations, Treaty Series, vol. 1001, No. 14691.
Ibid., vol. 1520, No. 26363.
3
Ibid., vol. 189, No. 2545.
1
2

99-26032 (E)

050199

*9926032*

\fA/RES/99/5

Assistance to refugees in Africa

1. Calls upon States to act;
2. Decides to remain seized of the matter.
"""


def test_pdftotext_footnotes_whose_numbers_stand_apart_from_their_texts():
    parsed = parse_instrument(PDFTOTEXT)
    assert (parsed.symbol, parsed.title) == ("A/RES/99/5", "Assistance to refugees in Africa")
    assert [(f.number, f.text) for f in parsed.footnotes] == [
        (1, "United Nations, Treaty Series, vol. 1001, No. 14691."),
        (2, "Ibid., vol. 1520, No. 26363."),
        (3, "Ibid., vol. 189, No. 2545."),
    ]
    assert [p.text for p in parsed.preambular] == [
        "Recalling the Convention of 1969[^1] and the African Charter on Human and "
        "Peoples' Rights,[^2]",
        "Reaffirming the 1951 Convention,[^3]",
    ]
    assert [p.number for p in parsed.operative] == ["1", "2"]


def test_a_footnote_runs_on_over_a_line_that_opens_with_a_number():
    text = numbered(
        "1. Recalls the Rio Declaration 1 and Agenda 21,2",
        "__________________\n 1  Report of the Conference, Rio de Janeiro,\n"
        "3 – 14 June 1992, vol. I, resolution 1, annex I.\n 2  Ibid., annex II.",
        "2. Decides to remain seized of the matter.",
    )
    parsed = parse_instrument(text)
    assert [(f.number, f.text) for f in parsed.footnotes] == [
        (1, "Report of the Conference, Rio de Janeiro, 3 – 14 June 1992, vol. I, resolution 1, "
         "annex I."),
        (2, "Ibid., annex II."),
    ]  # fmt: skip
    assert [p.number for p in parsed.operative] == ["1", "2"]


def test_an_indented_lead_phrase_opens_a_paragraph_even_after_a_missing_comma():
    lines = [
        "1/2. Test",
        "The General Assembly,",
        " Having considered the report of the International Atomic Energy Agency",
        "for 2022",
        " Taking note of the statement by the Director General of the Agency, in which he",
        "provided additional information on the main developments in the activities of",
        "the Agency during 2023,",
        " Recognizing the importance of the work of the Agency,",
        " 1. Takes note of the report;",
        " 2. Decides to remain seized of the matter.",
    ]
    parsed = parse_instrument("\n".join(lines))
    assert [p.lead for p in parsed.preambular] == [
        "Having considered",
        "Taking note",
        "Recognizing",
    ]
    assert parsed.preambular[0].text.endswith("Agency for 2022")


def test_sections_with_their_own_preamble_and_an_unnumbered_operative_paragraph():
    text = numbered(
        "1. Urges States to act;",
        "II\nProgramme budget",
        "Having considered the report of the Secretary-General,",
        "1. Takes note of the report;",
        "2. Requests the Secretary-General to report.",
        "III\nContingency fund",
        "Notes that a balance of 1 million dollars remains in the contingency fund.",
    )
    parsed = parse_instrument(text)
    assert [(p.section, p.lead) for p in parsed.preambular] == [
        ("", "Recalling"),
        ("II. Programme budget", "Having considered"),
    ]
    assert [(p.section, p.number) for p in parsed.operative] == [
        ("", "1"),
        ("II. Programme budget", "1"),
        ("II. Programme budget", "2"),
        ("III. Contingency fund", ""),
    ]
    assert parsed.operative[3].warnings == [
        "the paragraph is not numbered; it was read as operative."
    ]
