"""Creating an assessment: the form, the organisation, the owner, and items copied from the
instruments."""

import pytest

from checklist.accounts.models import Organisation
from checklist.assessments.models import Assessment, Finding, Item, Membership, Response
from checklist.instruments.models import Paragraph
from tests.factories import add_to_organisation, make_organisation, make_user

EXCOM = "ExCom Conclusion No. 52 (XXXIX)"


@pytest.fixture
def reader(reader):
    """The conftest's reader, a member of one organisation: members create its assessments."""
    add_to_organisation(make_organisation("Refugee Affairs Secretariat"), reader)
    return reader


def post_new(client, seeded, **overrides):
    data = {
        "organisation": Organisation.objects.get(name="Refugee Affairs Secretariat").pk,
        "country": "UG",
        "title": "Implementation review 2026",
        "as_of": "2026-06-30",
        "instruments": [seeded["excom"].pk, seeded["ga"].pk],
        **overrides,
    }
    return client.post("/assessments/new/", data)


def test_creating_makes_me_owner_and_copies_every_checklist_item(login, reader, seeded):
    response = post_new(login(reader), seeded)
    assessment = Assessment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/assessments/{assessment.pk}/"
    assert assessment.country.code == "UG"
    assert assessment.review_state == Assessment.ReviewState.DRAFT
    assert Membership.objects.get(assessment=assessment).user == reader
    assert Membership.objects.get(assessment=assessment).role == "owner"
    items = assessment.items.order_by("position")
    # In the form's order, newest first: A/RES/52/132 (1997), then ExCom No. 52 (1988).
    assert [(i.instrument.symbol, i.number) for i in items] == [
        *[("A/RES/52/132", n) for n in ["2", "3", "4", "5", "13", "15", "16"]],
        (EXCOM, "1"),
        (EXCOM, "4"),
        (EXCOM, "5"),
    ]
    assert set(Response.objects.values_list("finding", flat=True)) == {Finding.NOT_ASSESSED}
    paragraph_16 = Paragraph.objects.get(instrument=seeded["ga"], number="16")
    item_16 = items.get(number="16", instrument=seeded["ga"])
    assert item_16.text == paragraph_16.text
    assert {t.slug for t in item_16.themes.all()} == {t.slug for t in paragraph_16.themes.all()}


def test_items_keep_footnotes_they_cite(login, reader, seeded):
    post_new(login(reader), seeded)
    for item in Item.objects.all():
        cited = {str(note["number"]) for note in item.footnotes}
        assert all(f"[^{number}]" in item.text for number in cited)


def test_a_footnote_mark_is_read_alike_when_copied_and_when_shown(login, reader, seeded):
    """The item copies a footnote its text cites and the page links the mark, whatever its
    number: both read the one FOOTNOTE_MARK (one of them once stopped at three digits)."""
    ga = seeded["ga"]
    ga.footnotes = [*ga.footnotes, {"number": 1000, "text": "A late footnote."}]
    ga.save(update_fields=["footnotes"])
    paragraph = Paragraph.objects.get(instrument=ga, number="16")
    paragraph.text = f"{paragraph.text}[^1000]"
    paragraph.save(update_fields=["text"])
    client = login(reader)
    post_new(client, seeded)
    item = Item.objects.get(instrument=ga, number="16")
    assert {"number": 1000, "text": "A late footnote."} in item.footnotes
    page = client.get(f"/assessments/{item.assessment_id}/").content.decode()
    assert f'<a href="#fn{item.pk}-1000" aria-label="footnote 1000">1000</a>' in page


def test_a_later_edit_of_the_instrument_does_not_rewrite_the_assessment(login, reader, seeded):
    post_new(login(reader), seeded)
    paragraph = Paragraph.objects.get(instrument=seeded["ga"], number="16")
    original = paragraph.text
    paragraph.text = "Calls upon all States to do something else entirely;"
    paragraph.save()
    paragraph.themes.clear()
    item = Item.objects.get(paragraph=paragraph)
    assert item.text == original
    assert item.themes.exists()


def test_no_instrument_chosen_is_refused_with_the_typing_kept(login, reader, seeded):
    response = post_new(login(reader), seeded, instruments=[])
    assert response.status_code == 400
    assert "Choose at least one instrument." in response.content.decode()
    assert 'value="Implementation review 2026"' in response.content.decode()
    assert not Assessment.objects.exists()


def test_forged_country_and_instrument_are_refused(login, reader, seeded):
    client = login(reader)
    assert post_new(client, seeded, country="XX").status_code == 400
    assert post_new(client, seeded, instruments=[999999]).status_code == 400
    assert not Assessment.objects.exists()


def test_the_form_offers_only_instruments_with_checklist_items(login, reader, seeded):
    Paragraph.objects.filter(instrument=seeded["excom"]).update(checkable=False)
    page = login(reader).get("/assessments/new/").content.decode()
    assert "A/RES/52/132" in page
    assert EXCOM not in page


def test_the_assessment_belongs_to_the_organisation_chosen(login, reader, seeded):
    post_new(login(reader), seeded)
    assert Assessment.objects.get().organisation.name == "Refugee Affairs Secretariat"


def test_an_organisation_one_is_not_in_is_refused(login, reader, seeded):
    other = make_organisation("UNHCR Kenya")
    page = login(reader).get("/assessments/new/").content.decode()
    assert "UNHCR Kenya" not in page
    response = post_new(login(reader), seeded, organisation=other.pk)
    assert response.status_code == 400
    assert "Choose one of your organisations." in response.content.decode()
    assert not Assessment.objects.exists()


def test_a_person_in_no_organisation_is_told_how_to_join_one(login, reader, seeded):
    loner = make_user("loner")
    page = login(loner).get("/assessments/new/").content.decode()
    assert "you are not a member of one" in page
    assert post_new(login(loner), seeded).status_code == 400
    assert not Assessment.objects.exists()
