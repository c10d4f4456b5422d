"""The parser on the two seed texts, paragraph by paragraph, and on hand-made texts.

The seed expectations below were read against the printed documents: every lead phrase is
split from the word it was glued to, every footnote number is marked where it stands and no
year lost a digit.
"""

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from checklist.instruments.parser import ParseError, parse_instrument

SOURCES = Path(__file__).resolve().parent.parent / "fixtures" / "sources"

EXCOM_PREAMBULAR = [
    (
        "Remaining deeply concerned",
        "Remaining deeply concerned about the gravity and complexity of refugee "
        "problems throughout the world, the serious violations of human rights which "
        "accompany them and the dislocation and distress they cause for the millions "
        "of individuals involved;",
    ),
    (
        "Reaffirming",
        "Reaffirming that refugee problems are the concern of the international "
        "community and their resolution is dependent on the will and capacity of "
        "States to respond in concert and wholeheartedly, in a spirit of true "
        "humanitarianism and international solidarity;",
    ),
    (
        "Noting",
        "Noting that States have obligations or responsibilities to accord "
        "protection and a basic standard of treatment to refugees and that these "
        "must be performed in good faith;",
    ),
    (
        "Noting also",
        "Noting also that the Office of the United Nations High Commissioner for "
        "Refugees was created in the context of an urgent need to provide protection "
        "to refugees and that it is this protection function which uniquely "
        "characterizes the Office;",
    ),
]

EXCOM_OPERATIVE = [
    (
        "1",
        "Underlined",
        "States",
        True,
        ["cooperation-with-unhcr"],
        "Underlined that States, which have defined the protection role of the "
        "Office, have a responsibility to co-operate with it in the fulfilment of "
        "its mandate on the basis of the fundamental humanitarian principles which "
        "motivate its work;",
    ),
    (
        "2",
        "Noted",
        "States",
        False,
        [],
        "Noted that States and UNHCR are joined in the common pursuit of solutions "
        "for refugee problems and the international protection of the fundamental "
        "rights of refugees;",
    ),
    (
        "3",
        "Stressed",
        "Other",
        False,
        ["right-to-seek-asylum", "international-solidarity"],
        "Stressed that the principle of international solidarity has a fundamental "
        "role to play in encouraging a humanitarian approach to the grant of asylum "
        "and in the effective implementation of international protection in "
        "general;",
    ),
    (
        "4",
        "Recalled",
        "States",
        True,
        ["international-solidarity"],
        "Recalled that, in all circumstances, the respect for fundamental "
        "humanitarian principles is an obligation for all members of the "
        "international community, it being understood that the principle of "
        "international solidarity is of utmost importance to the satisfactory "
        "implementation of these principles;",
    ),
    (
        "5",
        "Invited",
        "States",
        True,
        ["non-refoulement", "cooperation-with-unhcr", "right-to-seek-asylum"],
        "Invited all States to continue actively to support the protection functions "
        "of the High Commissioner through all appropriate means, both bilateral and "
        "multilateral, as well as to abide by their own humanitarian "
        "responsibilities towards refugees, including, particularly, to safeguard "
        "the right to seek and enjoy asylum from persecution and to ensure full "
        "respect for the principle of non-refoulement.",
    ),
]

EXCOM_FOOTNOTES = []

GA_PREAMBULAR = [
    (
        "Deeply disturbed",
        "Deeply disturbed by the scale and magnitude of exoduses and displacements "
        "of people in many regions of the world and by the human suffering of "
        "refugees and displaced persons,",
    ),
    (
        "Recalling",
        "Recalling its previous relevant resolutions, as well as those of the "
        "Commission on Human Rights, in particular Commission resolution 1997/75 of "
        "18 April 1997,[^1] and the conclusions of the World Conference on Human "
        "Rights, held at Vienna from 14 to 25 June 1993,[^2] which recognized that "
        "gross violations of human rights, including in armed conflicts, are among "
        "the multiple and complex factors leading to the displacement of people,",
    ),
    (
        "Noting with satisfaction",
        "Noting with satisfaction the participation of the United Nations High "
        "Commissioner for Human Rights in the framework for coordination activities "
        "and projects organized by the United Nations system aimed at evolving a "
        "comprehensive approach to address root causes and effects of movements of "
        "refugees and other displaced persons and the strengthening of emergency "
        "preparedness and response mechanisms,",
    ),
    (
        "Conscious",
        "Conscious of the fact that mass exoduses of populations are caused by "
        "multiple and complex factors, which may include human rights violations, "
        "political, ethnic and economic conflicts, famine, insecurity, violence, "
        "poverty and environmental degradation, indicating that comprehensive "
        "approaches, in particular early warning, require an intersectoral and "
        "multidisciplinary approach to enable a coherent response, particularly at "
        "the international and regional levels,",
    ),
    (
        "Recognizing",
        "Recognizing that the human rights machinery of the United Nations, "
        "including the mechanisms of the Commission on Human Rights and the human "
        "rights treaty bodies, has important capabilities for addressing human "
        "rights violations which cause movements of refugees and displaced persons "
        "or prevent durable solutions to their plight,",
    ),
    (
        "Convinced",
        "Convinced that the activities of these mechanisms, with a view, inter alia, "
        "to preventing mass exoduses and to strengthening emergency preparedness and "
        "response mechanisms of the United Nations system as a whole, should be "
        "encouraged and further developed and coordinated at both the international "
        "and regional levels, with priority given to the systematization of "
        "early-warning information collection,",
    ),
    (
        "Welcoming",
        "Welcoming the continuation of inter-agency consultations on early warning "
        "of mass flows of refugees, pursuant to the decision of the Administrative "
        "Committee on Coordination, with the purpose of serving in both prevention "
        "of and preparedness for humanitarian emergencies,",
    ),
    (
        "Recognizing",
        "Recognizing the complementarity between the systems for the protection of "
        "human rights and for humanitarian action and that the work of humanitarian "
        "agencies makes an important contribution to the achievement of human "
        "rights,",
    ),
    (
        "Welcoming",
        "Welcoming the cooperation between the United Nations High Commissioner for "
        "Human Rights, the Office of the United Nations High Commissioner for "
        "Refugees, the United Nations Development Programme and other relevant "
        "United Nations entities to ensure effective coordination of activities "
        "within their mandates and expertise with respect to returnee promotion and "
        "monitoring, technical advice, institution-building and rehabilitation "
        "activities,",
    ),
    (
        "Recognizing",
        "Recognizing that women and children constitute the majority of most refugee "
        "populations and that, in addition to the problems they share in common with "
        "all refugees, women and girls in such circumstances are vulnerable to "
        "gender-based discrimination and gender-specific violations of human "
        "rights,",
    ),
    (
        "Recalling",
        "Recalling that States parties to the 1951 Convention relating to the Status "
        "of Refugees[^3] undertake, under article 35, to provide information on the "
        "implementation of the Convention to the Office of the United Nations High "
        "Commissioner for Refugees, as was recalled by the Executive Committee of "
        "the Programme of the United Nations High Commissioner for Refugees in its "
        "general conclusions 77 (XLVI) of 1995,[^4] 79 (XLVII) of 1996[^5] and 81 "
        "(XLVIII) of 1997[^6] on international protection,",
    ),
    (
        "Distressed",
        "Distressed by the widespread violation of the principle of non-refoulement "
        "and of the rights of refugees, in some cases resulting in loss of refugee "
        "lives, and by reports indicating that large numbers of refugees and "
        "asylum-seekers have been subjected to refoulement and expelled in highly "
        "dangerous situations, and recalling that the principle of non-refoulement "
        "is not subject to derogation,",
    ),
    (
        "Recalling",
        "Recalling all relevant human rights standards, including the Universal "
        "Declaration of Human Rights,[^7] the principles of international protection "
        "for refugees, the above-mentioned general conclusions of the Executive "
        "Committee of the Programme of the United Nations High Commissioner for "
        "Refugees on international protection and the fact that asylum applicants "
        "should have access to fair and expeditious status-determination "
        "procedures,",
    ),
    (
        "Welcoming",
        "Welcoming the continuing efforts of the United Nations High Commissioner "
        "for Refugees in meeting the protection and assistance needs of refugees "
        "worldwide and in working to make it possible for refugees to exercise their "
        "fundamental right to return to and to stay in their own countries, in "
        "safety and dignity,",
    ),
]

GA_OPERATIVE = [
    (
        "1",
        "Takes note",
        "Secretary-General",
        False,
        [],
        "Takes note of the report of the Secretary-General;[^8]",
    ),
    (
        "2",
        "Recalls with satisfaction",
        "States",
        True,
        ["women-and-children", "non-discrimination"],
        "Recalls with satisfaction its endorsement, in its resolution 41/70 of 3 "
        "December 1986, of the call upon all States to promote human rights and "
        "fundamental freedoms and to refrain from denying these to individuals in "
        "their population because of nationality, ethnicity, race, religion or "
        "language, and urges States to refrain from denying them because of gender;",
    ),
    (
        "3",
        "Strongly deplores",
        "States",
        True,
        ["minorities", "non-discrimination", "root-causes"],
        "Strongly deplores ethnic and other forms of intolerance as one of the major "
        "causes of forced migratory movements, and urges States to take all "
        "necessary steps to ensure respect for human rights, especially the rights "
        "of persons belonging to minorities;",
    ),
    (
        "4",
        "Again invites",
        "States",
        True,
        ["root-causes"],
        "Again invites all Governments and regional, intergovernmental and "
        "humanitarian organizations concerned, where appropriate, to intensify their "
        "cooperation and assistance in worldwide efforts to address the serious "
        "problems resulting from mass exoduses of refugees and displaced persons and "
        "the causes of such exoduses;",
    ),
    (
        "5",
        "Emphasizes",
        "States",
        True,
        [],
        "Emphasizes the responsibility of all States and international organizations "
        "to cooperate with those countries, particularly developing countries, "
        "affected by mass exoduses of refugees and displaced persons, and calls on "
        "Governments and the United Nations High Commissioner for Human Rights to "
        "continue to respond to the assistance needs of countries hosting large "
        "numbers of refugees until durable solutions are found;",
    ),
    (
        "6",
        "Urges",
        "UN bodies",
        False,
        ["early-warning"],
        "Urges all bodies involved in inter-agency consultations on early warning to "
        "cooperate fully in and to increase the necessary commitment and resources "
        "to the successful operation of the consultations;",
    ),
    (
        "7",
        "Invites",
        "UN bodies",
        False,
        ["voluntary-return", "human-rights-mechanisms"],
        "Invites the special rapporteurs, special representatives and working groups "
        "of the Commission on Human Rights and the United Nations human rights "
        "treaty bodies, acting within their mandates, to seek information, where "
        "appropriate, on human rights problems which may result in mass exoduses of "
        "populations or impede their voluntary return home, to include, where "
        "appropriate, such information, together with recommendations thereon, in "
        "their reports and to bring such information to the attention of the United "
        "Nations High Commissioner for Human Rights for appropriate action in "
        "fulfilment of her mandate, in consultation with the United Nations High "
        "Commissioner for Refugees;",
    ),
    (
        "8",
        "Requests",
        "UN bodies",
        False,
        ["human-rights-mechanisms"],
        "Requests all United Nations bodies, including the human rights treaty "
        "bodies, acting within their mandates, the specialized agencies and "
        "governmental, intergovernmental and non-governmental organizations to "
        "cooperate fully with all mechanisms of the Commission on Human Rights and, "
        "in particular, to provide them with all relevant information in their "
        "possession on the human rights situations creating or affecting refugees "
        "and displaced persons;",
    ),
    (
        "9",
        "Requests",
        "High Commissioner for Human Rights",
        False,
        ["cooperation-with-unhcr", "early-warning", "emergency-preparedness"],
        "Requests the United Nations High Commissioner for Human Rights, in the "
        "exercise of her mandate, as set out in General Assembly resolution 48/141 "
        "of 20 December 1993, to coordinate human rights activities throughout the "
        "United Nations system and, in cooperation with the United Nations High "
        "Commissioner for Refugees, to pay particular attention to situations which "
        "cause or threaten to cause mass exoduses and to contribute to efforts to "
        "address such situations effectively through protection measures, emergency "
        "preparedness and response mechanisms, including information sharing with "
        "the United Nations early-warning mechanisms, and the provision of technical "
        "advice, expertise and cooperation in countries of origin as well as in host "
        "countries;",
    ),
    (
        "10",
        "Welcomes",
        "High Commissioner for Human Rights",
        False,
        ["voluntary-return"],
        "Welcomes the efforts of the United Nations High Commissioner for Human "
        "Rights to contribute to the creation of an environment viable for return in "
        "post-conflict societies through initiatives such as the rehabilitation of "
        "the justice system, the creation of national institutions capable of "
        "defending human rights, broad-based programmes of human rights education "
        "and strengthening of local non-governmental organizations through "
        "programmes of advisory services and technical cooperation;",
    ),
    (
        "11",
        "Urges",
        "Secretary-General",
        False,
        ["early-warning", "emergency-preparedness"],
        "Urges the Secretary-General to give high priority and to allocate the "
        "necessary resources within the regular budget of the United Nations for the "
        "consolidation and strengthening of emergency preparedness and response "
        "mechanisms, including early-warning activities in the humanitarian area, "
        "for the purpose of ensuring, inter alia, that effective action is taken to "
        "identify all human rights abuses which contribute to mass outflows of "
        "persons and to invite comments on this issue;",
    ),
    (
        "12",
        "Welcomes with appreciation",
        "UNHCR",
        False,
        [],
        "Welcomes with appreciation the contributions of the United Nations High "
        "Commissioner for Refugees to the deliberations by the Commission on Human "
        "Rights at its fifty-third session and to other international human rights "
        "bodies and mechanisms and the Commission’s invitation to her to address its "
        "fifty-fourth session;",
    ),
    (
        "13",
        "Encourages",
        "States",
        True,
        ["accession"],
        "Encourages States that have not already done so to consider acceding to the "
        "1951 Convention[^3] and the 1967 Protocol[^9] relating to the Status of "
        "Refugees and to other relevant regional refugee instruments, as applicable, "
        "and to relevant international human rights instruments;",
    ),
    (
        "14",
        "Notes with appreciation",
        "States",
        False,
        ["right-to-seek-asylum"],
        "Notes with appreciation that a number of States not parties to the 1951 "
        "Convention and the 1967 Protocol continue to maintain a generous approach "
        "to asylum;",
    ),
    (
        "15",
        "Encourages",
        "States",
        True,
        ["cooperation-with-unhcr", "article-35-reporting"],
        "Encourages States parties to the 1951 Convention to provide information to "
        "the Office of the United Nations High Commissioner for Refugees, in "
        "accordance with article 35 of the Convention;",
    ),
    (
        "16",
        "Calls upon",
        "States",
        True,
        ["non-refoulement"],
        "Calls upon States to ensure effective protection of refugees by, inter "
        "alia, respecting the principle of non-refoulement;",
    ),
    (
        "17",
        "Requests",
        "Secretary-General",
        False,
        ["root-causes"],
        "Requests the Secretary-General to prepare and submit to the General "
        "Assembly at its fifty-fourth session a report on the implementation of the "
        "present resolution as it pertains to all aspects of human rights and mass "
        "exoduses, including detailed information on the programmatic, "
        "institutional, administrative, financial and management efforts instituted "
        "to enhance the capacity of the United Nations to avert new flows of "
        "refugees and to tackle the root causes of such flows;",
    ),
    (
        "18",
        "Decides",
        "Other",
        False,
        [],
        "Decides to continue its consideration of this question at its fifty-fourth session.",
    ),
]

GA_FOOTNOTES = [
    (
        1,
        "See Official Records of the Economic and Social Council, 1997, Supplement "
        "No. 3 (E/1997/23), chap. II, sect. A.",
    ),
    (2, "A/CONF.157/24 (Part I), chap. III."),
    (3, "United Nations, Treaty Series, vol. 189, No. 2545."),
    (
        4,
        "Official Records of the General Assembly, Fiftieth Session, Supplement No. "
        "12 A (A/50/12/Add.1), chap. III, sect. A.1.",
    ),
    (
        5,
        "Ibid., Fifty-first Session, Supplement No. 12 A and corrigendum "
        "(A/51/12/Add.1 and Corr.1), chap. III, sect. A.1.",
    ),
    (6, "Ibid., Fifty-second Session, Supplement No. 12 A (A/52/12/Add.1), chap. III, sect. A.1."),
    (7, "Resolution 217 A (III)."),
    (8, "A/52/494."),
    (9, "United Nations, Treaty Series, vol. 606, No. 8791."),
]


@pytest.fixture(scope="module")
def excom():
    return parse_instrument((SOURCES / "000_c6cc819c67189eab.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def ga():
    return parse_instrument((SOURCES / "002_d895cae4cdb17755.txt").read_text(encoding="utf-8"))


def test_excom_particulars(excom):
    assert excom.symbol == "ExCom Conclusion No. 52 (XXXIX)"
    assert excom.title == "International Solidarity and Refugee Protection"
    assert excom.body == "UNHCR Executive Committee"
    assert excom.year == 1988
    assert excom.adopted_on is None
    assert excom.session == "39th session"
    assert excom.note.startswith("Executive Committee 39th session. Contained in")
    assert (len(excom.preambular), len(excom.operative), len(excom.footnotes)) == (4, 5, 0)
    assert excom.warnings == []


def test_ga_particulars(ga):
    assert ga.symbol == "A/RES/52/132"
    assert ga.title == "Human rights and mass exoduses"
    assert ga.body == "General Assembly"
    assert ga.adopted_on == date(1997, 12, 12)
    assert ga.meeting == "70th plenary meeting"
    assert ga.session == "52nd session"
    assert (len(ga.preambular), len(ga.operative), len(ga.footnotes)) == (14, 18, 9)
    assert ga.warnings == []


PREAMBULAR_CASES = [("excom", i, e) for i, e in enumerate(EXCOM_PREAMBULAR)] + [
    ("ga", i, e) for i, e in enumerate(GA_PREAMBULAR)
]
OPERATIVE_CASES = [("excom", i, e) for i, e in enumerate(EXCOM_OPERATIVE)] + [
    ("ga", i, e) for i, e in enumerate(GA_OPERATIVE)
]


@pytest.mark.parametrize(("seed", "index", "expected"), PREAMBULAR_CASES)
def test_preambular_paragraph(request, seed, index, expected):
    paragraph = request.getfixturevalue(seed).preambular[index]
    assert (paragraph.lead, paragraph.text) == expected


@pytest.mark.parametrize(("seed", "index", "expected"), OPERATIVE_CASES)
def test_operative_paragraph(request, seed, index, expected):
    p = request.getfixturevalue(seed).operative[index]
    assert (p.number, p.lead, p.addressee, p.checkable, p.themes, p.text) == expected


def test_ga_footnotes(ga):
    assert [(f.number, f.text) for f in ga.footnotes] == GA_FOOTNOTES


def test_ga_paragraph_16_reads_exactly(ga):
    assert ga.operative[15].text == (
        "Calls upon States to ensure effective protection of refugees by, inter alia, "
        "respecting the principle of non-refoulement;"
    )


def test_years_keep_their_digits_when_a_footnote_is_glued(ga):
    text = ga.preambular[10].text
    assert "of 1995,[^4] 79 (XLVII) of 1996[^5] and 81 (XLVIII) of 1997[^6]" in text


def test_no_page_furniture_left_in_any_paragraph(ga):
    for paragraph in ga.preambular + ga.operative:
        for furniture in ("A/RES/52/132", "Page 2", "98-77017", "/...", "SeeOfficial"):
            assert furniture not in paragraph.text


def test_json_shape_has_the_documented_keys(ga):
    data = ga.to_dict()
    assert {"symbol", "title", "body", "adopted_on", "preambular", "operative", "footnotes"} <= set(
        data
    )
    assert data["adopted_on"] == "1997-12-12"
    assert set(data["preambular"][0]) >= {"lead", "text"}
    assert set(data["operative"][0]) >= {
        "number",
        "lead",
        "text",
        "addressee",
        "checkable",
        "themes",
        "subparagraphs",
    }
    assert data["footnotes"][0] == {
        "number": 1,
        "text": "See Official Records of the Economic and Social Council, 1997, "
        "Supplement No. 3 (E/1997/23), chap. II, sect. A.",
    }


SUBPARAGRAPHS = """\
99/1. Protection of refugee children

The General Assembly,

Recallingits resolution 98/7,

1. Calls uponall States:

(a) To register every child born to refugee parents;

(b) To ensure access to education,
without discrimination;

(c) To report on the measures taken;

2. Requeststhe Secretary-General to report at its hundredth session.

95th plenary meeting
3 December 2044
"""


def test_lettered_subparagraphs_stay_with_their_paragraph():
    parsed = parse_instrument(SUBPARAGRAPHS)
    first = parsed.operative[0]
    assert [(s.label, s.text) for s in first.subparagraphs] == [
        ("(a)", "To register every child born to refugee parents;"),
        ("(b)", "To ensure access to education, without discrimination;"),
        ("(c)", "To report on the measures taken;"),
    ]
    assert first.text == (
        "Calls upon all States: (a) To register every child born to refugee parents; "
        "(b) To ensure access to education, without discrimination; "
        "(c) To report on the measures taken;"
    )
    assert (first.lead, first.addressee, first.checkable) == ("Calls upon", "States", True)
    assert [p.number for p in parsed.operative] == ["1", "2"]
    assert parsed.operative[1].addressee == "Secretary-General"
    assert parsed.symbol == "A/RES/99/1"
    assert parsed.adopted_on == date(2044, 12, 3)


def test_windows_line_endings_parse_like_unix_ones():
    unix = (SOURCES / "002_d895cae4cdb17755.txt").read_text(encoding="utf-8")
    windows = unix.replace("\n", "\r\n")
    assert parse_instrument(windows).to_dict() == parse_instrument(unix).to_dict()


def test_text_without_operative_paragraphs_is_a_clear_error():
    with pytest.raises(ParseError, match="No operative paragraphs were found"):
        parse_instrument("Some title\n\nThe General Assembly,\n\nRecalling its resolutions,\n")


@pytest.mark.parametrize("text", ["", "   \n\n \t \r\n"])
def test_empty_text_is_a_clear_error(text):
    with pytest.raises(ParseError, match="The text is empty"):
        parse_instrument(text)


def test_decimal_numbers_and_document_symbols_are_not_footnote_references():
    text = (
        "1/2. Test\n\nThe General Assembly,\n\n"
        "Noting that 1.5 million people fled, as set out in A/52/12/Add.1 and its Corr.1,1\n\n"
        "1. Urges States to act;\n\n1 A/52/494.\n"
    )
    parsed = parse_instrument(text)
    assert parsed.preambular[0].text == (
        "Noting that 1.5 million people fled, as set out in A/52/12/Add.1 and its Corr.1,[^1]"
    )
    assert [(f.number, f.text) for f in parsed.footnotes] == [(1, "A/52/494.")]


def test_an_operative_number_out_of_sequence_continues_the_paragraph():
    text = "1/2. Test\n\nThe General Assembly,\n\n1. Urges States to receive\n3. refugees;\n"
    parsed = parse_instrument(text)
    assert [p.text for p in parsed.operative] == ["Urges States to receive 3. refugees;"]


def test_unknown_lead_phrase_falls_back_to_the_first_word():
    text = "1/2. Test\n\nThe General Assembly,\n\n1. Proclaims a day of solidarity;\n"
    paragraph = parse_instrument(text).operative[0]
    assert (paragraph.lead, paragraph.text) == ("Proclaims", "Proclaims a day of solidarity;")


LETTERED_EXCOM = """\
Refugees Without an Asylum Country
No. 15 (XXX) - 1979

The Executive Committee,

Considering that States should make every effort,

(a) Noted that States should be guided by the following principles:

(i) States should use their best endeavours to grant asylum;

(ii) Action should be taken with a view to identifying a country;

(b) Urged States to admit asylum-seekers at least on a temporary basis;

(c) Requested the High Commissioner to report on the matter.
"""


def test_lettered_operative_paragraphs_of_excom_conclusions():
    parsed = parse_instrument(LETTERED_EXCOM)
    assert parsed.symbol == "ExCom Conclusion No. 15 (XXX)"
    assert (parsed.title, parsed.year) == ("Refugees Without an Asylum Country", 1979)
    assert [p.lead for p in parsed.preambular] == ["Considering"]
    assert [(p.number, p.lead, p.addressee) for p in parsed.operative] == [
        ("(a)", "Noted", "States"),
        ("(b)", "Urged", "States"),
        ("(c)", "Requested", "UNHCR"),
    ]
    assert [s.label for s in parsed.operative[0].subparagraphs] == ["(i)", "(ii)"]
    assert parsed.operative[1].checkable is True


MODERN_RESOLUTION = """\
United Nations A/RES/72/150
General Assembly Distr.: General
17 January 2018
Seventy-second session
Agenda item 45
Resolution adopted by the General Assembly on 19 December 2017
[on the report of the Third Committee (A/72/433)]
72/150. Office of the United Nations High Commissioner for Refugees
The General Assembly,
Having considered the report of the United Nations High Commissioner for Refugees on
the activities of his Office1 and the report of the Executive Committee on the work of its
sixty-eighth session,2
____________
1 Official Records of the General Assembly, Seventy-second Session, Supplement No. 12
(A/72/12).
2 Ibid., Supplement No. 12A (A/72/12/Add.1).
*1722783*
17-22783 (E) 170118
A/RES/72/150 Office of the United Nations High Commissioner for Refugees
2/7 17-22783
1. Takes note of the report of the High Commissioner;
2. Calls upon all States to respect the principle of non-refoulement;
73rd plenary meeting
19 December 2017
"""


def test_modern_resolution_with_cover_page_and_running_headers():
    parsed = parse_instrument(MODERN_RESOLUTION)
    assert parsed.symbol == "A/RES/72/150"
    assert parsed.title == "Office of the United Nations High Commissioner for Refugees"
    assert parsed.session == "Seventy-second session"
    assert parsed.adopted_on == date(2017, 12, 19)
    assert parsed.note == ""
    assert [p.text for p in parsed.preambular] == [
        "Having considered the report of the United Nations High Commissioner for Refugees on "
        "the activities of his Office[^1] and the report of the Executive Committee on the work "
        "of its sixty-eighth session,[^2]"
    ]
    assert [f.number for f in parsed.footnotes] == [1, 2]
    assert [p.text for p in parsed.operative] == [
        "Takes note of the report of the High Commissioner;",
        "Calls upon all States to respect the principle of non-refoulement;",
    ]


def test_parser_imports_nothing_from_django():
    code = (
        "import sys, checklist.instruments.parser, checklist.instruments.sources; "
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'django'))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=SOURCES.parent.parent, capture_output=True, text=True
    )
    assert (result.returncode, result.stdout.strip()) == (0, "[]"), result.stderr
