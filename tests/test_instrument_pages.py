"""Browsing instruments: the list and the page of one instrument."""

import pytest
from django.test import Client

from checklist.instruments.models import Instrument


def test_anonymous_visitor_is_sent_to_login(db):
    response = Client().get("/instruments/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/instruments/"


def test_login_page_is_open_and_login_works(reader):
    client = Client()
    assert client.get("/accounts/login/").status_code == 200
    response = client.post(
        "/accounts/login/", {"login": "reader", "password": "a-long-test-password-1951"}
    )
    assert response.status_code == 302
    assert client.get("/instruments/").status_code == 200


def test_logout_ends_the_session(reader, login):
    client = login(reader)
    assert client.post("/accounts/logout/").status_code == 302
    assert client.get("/instruments/").status_code == 302


def test_list_shows_symbol_title_body_date_and_counts(seeded, reader, login):
    response = login(reader).get("/instruments/")
    rows = {i.symbol: i for i in response.context["instruments"]}
    assert (rows["A/RES/52/132"].operative_count, rows["A/RES/52/132"].checklist_count) == (18, 7)
    assert (rows["ExCom Conclusion No. 52 (XXXIX)"].operative_count,) == (5,)
    html = response.content.decode()
    for text in (
        "A/RES/52/132",
        "Human rights and mass exoduses",
        "General Assembly",
        "12 December 1997",
        "UNHCR Executive Committee",
        "1988",
    ):
        assert text in html
    assert "Import an instrument" not in html


def test_list_offers_import_to_instrument_editors(seeded, instrument_editor, login):
    assert "Import an instrument" in login(instrument_editor).get("/instruments/").content.decode()


def test_detail_sets_lead_phrases_apart_and_shows_footnotes(seeded, reader, login):
    ga = seeded["ga"]
    response = login(reader).get(f"/instruments/{ga.pk}/")
    html = response.content.decode()
    assert (
        '<span class="lead-phrase">Calls upon</span> States to ensure effective protection' in html
    )
    assert '<span class="lead-phrase">Deeply disturbed</span> by the scale' in html
    assert 'href="#fn9"' in html
    assert 'id="fn9"' in html and "vol. 606, No. 8791." in html
    assert html.index("Deeply disturbed") < html.index("Takes note") < html.index("Decides")
    assert html.count("Not a checklist item") == 11
    assert "Addressed to: Secretary-General" in html
    assert "Edit" not in html.split('id="main"')[1].split("Footnotes")[0].replace("Edited", "")
    assert "INVALID-TEMPLATE-VARIABLE" not in html


def test_detail_escapes_paragraph_text(seeded, reader, login):
    paragraph = seeded["ga"].paragraphs.get(number="1")
    paragraph.text = "Takes note of <script>alert(1)</script>[^8]"
    paragraph.save(update_fields=["text"])
    html = login(reader).get(f"/instruments/{seeded['ga'].pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_detail_shows_edit_links_to_instrument_editors(seeded, instrument_editor, login):
    ga = seeded["ga"]
    paragraph = ga.paragraphs.get(number="16")
    html = login(instrument_editor).get(f"/instruments/{ga.pk}/").content.decode()
    assert f"/instruments/{ga.pk}/paragraphs/{paragraph.pk}/edit/" in html


def test_unknown_instrument_is_404(db, reader, login):
    assert login(reader).get("/instruments/999/").status_code == 404


@pytest.mark.django_db
def test_subparagraphs_are_listed_under_their_paragraph(reader, login):
    from checklist.instruments.importing import save_instrument
    from checklist.instruments.parser import parse_instrument

    text = (
        "9/9. Sub-paragraphs\n\nThe General Assembly,\n\n1. Calls upon States:\n\n"
        "(a) To register births;\n\n(b) To issue documents;\n"
    )
    instrument = save_instrument(parse_instrument(text), source_text=text)
    html = login(reader).get(f"/instruments/{instrument.pk}/").content.decode()
    assert "<li>(a) To register births;</li>" in html
    assert '<span class="lead-phrase">Calls upon</span> States:</p>' in html
    assert Instrument.objects.get(pk=instrument.pk).paragraphs.get().subparagraphs == [
        {"label": "(a)", "text": "To register births;"},
        {"label": "(b)", "text": "To issue documents;"},
    ]


@pytest.mark.django_db
def test_sections_sponsors_and_annexes_are_shown(reader, login):
    from checklist.instruments.importing import save_instrument
    from checklist.instruments.parser import parse_instrument

    text = (
        "A/C.3/9/L.9\nRuritania and Freedonia: draft resolution\nSections\n\n"
        "The General Assembly,\n\nI\nAdmission\n\n1. Urges States to admit refugees;\n\n"
        "II\nSolutions\n\n2. Calls upon States to find solutions.\n\n"
        "Annex\nCharter of Something\n\nThe Parties to the present Charter,\n"
        "Have agreed as follows:\n\nArticle 1\nScope\n\n1. Each Party shall act.\n"
    )
    instrument = save_instrument(parse_instrument(text), source_text=text)
    client = login(reader)
    html = client.get(f"/instruments/{instrument.pk}/").content.decode()
    assert '<h3 class="h6 mb-0">I. Admission</h3>' in html
    assert '<h3 class="h6 mb-0">II. Solutions</h3>' in html
    assert "Ruritania and Freedonia" in html
    annex = instrument.annexes.get()
    assert f'href="/instruments/{annex.pk}/"' in html
    annex_html = client.get(f"/instruments/{annex.pk}/").content.decode()
    assert "Annex to</dt>" in annex_html and "Article 1. Scope" in annex_html
