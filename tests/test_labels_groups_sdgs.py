"""Action labels, affected groups and SDG targets: proposed on real paragraphs, edited at import
and on the paragraph page, copied to items, filtered in the checklist, printed and exported."""

import csv
import io
import re

import pytest
from django.test import Client
from pypdf import PdfReader

from checklist.assessments.models import Item
from checklist.instruments import classify
from checklist.instruments.labels import propose_label
from checklist.instruments.models import AffectedGroup, Instrument, SdgTarget
from checklist.instruments.parser import parse_instrument
from checklist.instruments.sources import SourceLimits, read_source
from tests.factories import EXCOM_SOURCE, GA, GA_SOURCE, ROOT, body, item_numbered
from tests.test_import_web import confirm_url, review_post_data, start

RES_79_156 = ROOT / "tests" / "corpus" / "sweep" / "A_RES_79_156.pdf"


def operative(source) -> dict[str, str]:
    return {p.number: p for p in parse_instrument(source.read_text(encoding="utf-8")).operative}


@pytest.fixture(scope="module")
def res_79_156() -> dict:
    limits = SourceLimits(max_chars=10**6, max_pages=100, max_inflated_bytes=10**8)
    text = read_source(RES_79_156.read_bytes(), filename=RES_79_156.name, limits=limits).text
    return {p.number: p for p in parse_instrument(text).operative}


@pytest.mark.parametrize(
    ("number", "label"),
    [
        ("13", "Accede to the 1951 Convention and 1967 Protocol"),
        ("15", "Report to UNHCR under Article 35"),
        ("16", "Ensure effective protection of refugees; respect non-refoulement"),
        ("3", "Ensure respect for human rights"),
    ],
)
def test_labels_of_the_general_assembly_seed(number, label):
    assert operative(GA_SOURCE)[number].label == label


def test_labels_of_the_excom_seed():
    paragraphs = operative(EXCOM_SOURCE)
    assert paragraphs["1"].label == "Cooperate with UNHCR"
    assert paragraphs["4"].label == "Respect fundamental humanitarian principles"
    assert (
        paragraphs["5"].label
        == "Support the protection functions of UNHCR; respect non-refoulement"
    )


def test_labels_groups_and_targets_of_a_recent_resolution(res_79_156):
    assert res_79_156["41"].label == "Process asylum applications"
    assert res_79_156["63"].label == "Address climate change"
    assert res_79_156["91"].label.startswith("UNHCR: report on his annual activities")
    assert "stateless-persons" in res_79_156["7"].groups
    assert res_79_156["58"].groups[:2] == ["women-and-girls", "children"]
    assert "persons-with-disabilities" in res_79_156["60"].groups
    assert "13.1" in res_79_156["63"].sdg_targets
    assert "10.7" in res_79_156["76"].sdg_targets


def test_labels_of_assistance_to_refugees_in_africa():
    limits = SourceLimits(max_chars=10**6, max_pages=100, max_inflated_bytes=10**8)
    path = ROOT / "tests" / "corpus" / "docs" / "a_res_78_185.pdf"
    text = read_source(path.read_bytes(), filename=path.name, limits=limits).text
    paragraphs = {p.number: p for p in parse_instrument(text).operative}
    assert paragraphs["2"].label == "Sign or ratify the Kampala Convention"
    assert paragraphs["30"].label == (
        "Ratify and enforce the Convention on the Safety of United Nations and Associated Personnel"
    )
    assert paragraphs["39"].label == "Fund generously the refugee programmes of UNHCR"
    assert paragraphs["43"].label == (
        "Welcomes the efforts by UNHCR to improve coordination with Member States"
    )
    assert "internally-displaced-persons" in paragraphs["42"].groups


def test_a_paragraph_that_asks_nothing_keeps_its_lead_and_object():
    assert propose_label("Takes note of the report of the Secretary-General;") == (
        "Takes note of the report of the Secretary-General"
    )


def test_labels_are_short():
    for paragraph in operative(GA_SOURCE).values():
        assert 0 < len(paragraph.label) <= 120


@pytest.mark.django_db
def test_the_lists_are_seeded_by_the_migration():
    assert set(AffectedGroup.objects.values_list("slug", flat=True)) == {
        slug for slug, _, _ in classify.AFFECTED_GROUPS
    }
    assert SdgTarget.objects.get(code="16.9").name == "16.9 Legal identity and birth registration"
    assert SdgTarget.objects.count() == len(classify.SDG_TARGETS)


@pytest.fixture
def editor_client(instrument_editor, login):
    return login(instrument_editor)


def test_review_carries_edited_label_groups_and_targets_through_the_draft(editor_client):
    review = start(editor_client, text=GA_SOURCE.read_text())
    sixteenth = "form-29"  # 14 preambular paragraphs, then §16 is the 16th operative one
    assert review.context["formset"].forms[29]["label"].value() == (
        "Ensure effective protection of refugees; respect non-refoulement"
    )
    data = review_post_data(review)
    data[f"{sixteenth}-label"] = "Respect non-refoulement"
    data[f"{sixteenth}-groups"] = ["refugees", "asylum-seekers"]
    data[f"{sixteenth}-sdg_targets"] = ["16.3"]
    editor_client.post(confirm_url(review), data)
    paragraph = Instrument.objects.get(symbol=GA).paragraphs.get(number="16")
    assert paragraph.label == "Respect non-refoulement"
    assert sorted(g.slug for g in paragraph.groups.all()) == ["asylum-seekers", "refugees"]
    assert [t.code for t in paragraph.sdg_targets.all()] == ["16.3"]


def test_an_unchanged_review_saves_the_proposals(editor_client):
    review = start(editor_client, text=GA_SOURCE.read_text())
    editor_client.post(confirm_url(review), review_post_data(review))
    paragraphs = Instrument.objects.get(symbol=GA).paragraphs
    assert paragraphs.get(number="15").label == "Report to UNHCR under Article 35"
    assert [g.slug for g in paragraphs.get(number="3").groups.all()] == ["minorities"]
    assert paragraphs.filter(kind="preambular", label="").count() == 14


def test_paragraph_page_edits_label_groups_and_targets(login, instrument_editor, seeded):
    paragraph = seeded["ga"].paragraphs.get(number="13")
    url = f"/instruments/{seeded['ga'].pk}/paragraphs/{paragraph.pk}/edit/"
    client = login(instrument_editor)
    response = client.post(
        url,
        {
            "lead": paragraph.lead,
            "text": paragraph.text,
            "label": "Accede to the 1951 Convention",
            "addressee": paragraph.addressee,
            "checkable": "on",
            "groups": [AffectedGroup.objects.get(slug="stateless-persons").pk],
            "sdg_targets": [SdgTarget.objects.get(code="16.9").pk],
        },
    )
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.label == "Accede to the 1951 Convention"
    assert [g.slug for g in paragraph.groups.all()] == ["stateless-persons"]
    assert [t.code for t in paragraph.sdg_targets.all()] == ["16.9"]


def test_items_copy_label_groups_and_targets(team):
    item = item_numbered(team.assessment, GA, "16")
    assert item.label == "Ensure effective protection of refugees; respect non-refoulement"
    assert [g.slug for g in item.groups.all()] == ["refugees"]
    minorities = item_numbered(team.assessment, GA, "3")
    assert [g.slug for g in minorities.groups.all()] == ["minorities"]


def titles(page: str) -> list[str]:
    return re.findall(r'id="item-\d+-title">§(\d+)', page)


def test_checklist_shows_the_label_with_the_full_text_one_click_away(login, team):
    page = login(team.viewer).get(f"/assessments/{team.assessment.pk}/").content.decode()
    assert (
        '<p class="action-label fw-semibold mb-1">Report to UNHCR under Article 35</p>\n'
        '<details class="paragraph-full mb-1"><summary' in page
    )
    assert "in accordance with article 35 of the Convention" in page


def test_checklist_filters_by_group_and_sdg_target(login, team):
    item = item_numbered(team.assessment, GA, "16")
    item.sdg_targets.set([SdgTarget.objects.get(code="16.3")])
    client = login(team.viewer)
    base = f"/assessments/{team.assessment.pk}/"
    page = client.get(base + "?group=minorities").content.decode()
    assert titles(page) == ["3"]
    assert '<option value="minorities" selected>Minorities</option>' in page
    assert titles(client.get(base + "?sdg=16.3").content.decode()) == ["16"]
    assert len(titles(client.get(base + "?group=nobody").content.decode())) == 10


def test_exports_have_label_group_and_target_columns(login, team):
    response = login(team.viewer).get(f"/assessments/{team.assessment.pk}/report/responses.csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    by_paragraph = {line[1]: dict(zip(lines[0], line, strict=True)) for line in lines[1:]}
    assert by_paragraph["15"]["Label"] == "Report to UNHCR under Article 35"
    assert by_paragraph["3"]["Affected groups"] == "Minorities"
    assert by_paragraph["2"]["Affected groups"] == "Women and girls"
    assert by_paragraph["4"]["SDG targets"] == ""
    excom_4 = item_numbered(team.assessment, "ExCom Conclusion No. 52 (XXXIX)", "4")
    assert [t.code for t in excom_4.sdg_targets.all()] == ["17.17"]


def test_pdf_prints_labels_and_summaries_per_group_and_target(team):
    client = Client()
    client.force_login(team.viewer)
    response = client.get(f"/assessments/{team.assessment.pk}/report/pdf/")
    assert response.status_code == 200
    reader = PdfReader(io.BytesIO(body(response)))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "§15 Report to UNHCR under Article 35" in text
    assert "By affected group" in text
    assert "By SDG target" in text
    # One line per group, its items counted per finding (all still "not assessed").
    assert "Minorities 1 (100 %) 0 (0 %) 0 (0 %) 0 (0 %) 0 (0 %)" in text
    assert "17.17 Partnerships 1 (100 %)" in text
    assert Item.objects.filter(assessment=team.assessment, label="").count() == 0
