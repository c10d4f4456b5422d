"""Instrument editors correct a saved paragraph: lead, text, addressee, checklist flag, themes."""

from checklist.instruments.models import Paragraph


def test_editor_changes_the_checklist_flag_and_themes(seeded, instrument_editor, login):
    ga = seeded["ga"]
    paragraph = ga.paragraphs.get(number="14")
    assert paragraph.checkable is False
    response = login(instrument_editor).post(
        f"/instruments/{ga.pk}/paragraphs/{paragraph.pk}/edit/",
        {
            "lead": paragraph.lead,
            "text": paragraph.text,
            "addressee": "States",
            "checkable": "on",
            "themes": [t.pk for t in paragraph.themes.all()],
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"/instruments/{ga.pk}/#p{paragraph.pk}"
    paragraph.refresh_from_db()
    assert paragraph.checkable is True
    assert ga.paragraphs.checklist_items().count() == 8


def test_reader_may_not_edit(seeded, reader, login):
    ga = seeded["ga"]
    paragraph = ga.paragraphs.get(number="14")
    url = f"/instruments/{ga.pk}/paragraphs/{paragraph.pk}/edit/"
    client = login(reader)
    assert client.get(url).status_code == 403
    response = client.post(url, {"lead": "Notes", "text": "Notes nothing;", "checkable": "on"})
    assert response.status_code == 403
    paragraph.refresh_from_db()
    assert (paragraph.checkable, paragraph.lead) == (False, "Notes with appreciation")


def test_paragraph_of_another_instrument_is_404(seeded, instrument_editor, login):
    excom_paragraph = seeded["excom"].paragraphs.first()
    url = f"/instruments/{seeded['ga'].pk}/paragraphs/{excom_paragraph.pk}/edit/"
    assert login(instrument_editor).get(url).status_code == 404


def test_preambular_paragraph_cannot_become_a_checklist_item(seeded, instrument_editor, login):
    ga = seeded["ga"]
    paragraph = ga.paragraphs.filter(kind="preambular").first()
    response = login(instrument_editor).post(
        f"/instruments/{ga.pk}/paragraphs/{paragraph.pk}/edit/",
        {"lead": paragraph.lead, "text": paragraph.text, "checkable": "on"},
    )
    # The form has no checklist field for preambular paragraphs: the forged value is ignored.
    assert response.status_code == 302
    paragraph.refresh_from_db()
    assert paragraph.checkable is False


def test_invalid_edit_is_refused_and_keeps_what_was_typed(seeded, instrument_editor, login):
    ga = seeded["ga"]
    paragraph = ga.paragraphs.get(number="16")
    response = login(instrument_editor).post(
        f"/instruments/{ga.pk}/paragraphs/{paragraph.pk}/edit/",
        {"lead": "Urges", "text": "Calls upon States to do better;", "addressee": "Martians"},
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert "The lead phrase must be the first words of the paragraph." in html
    assert "Select a valid choice" in html
    assert "Calls upon States to do better;" in html
    assert Paragraph.objects.get(pk=paragraph.pk).text == paragraph.text


def test_control_characters_typed_into_a_paragraph_are_dropped(seeded, instrument_editor, login):
    ga = seeded["ga"]
    paragraph = ga.paragraphs.get(number="14")
    response = login(instrument_editor).post(
        f"/instruments/{ga.pk}/paragraphs/{paragraph.pk}/edit/",
        {
            "lead": paragraph.lead,
            "text": paragraph.text.replace(" ", " \x07", 1) + "\x1b",
            "addressee": paragraph.addressee,
        },
    )
    assert response.status_code == 302
    text_before = paragraph.text
    paragraph.refresh_from_db()
    assert paragraph.text == text_before
