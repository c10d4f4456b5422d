"""The State's position per item and vote per instrument: saved with htmx and without,
optimistic versions, the audit trail, read-only once approved, and the checklist's filter."""

import re
import threading
import time

import pytest
from django import db
from django.db import connection, transaction

from checklist.assessments.forms import ChecklistFilterForm
from checklist.assessments.models import Assessment, Event, Finding
from checklist.followup import positions
from checklist.followup.models import InstrumentVote, ItemPosition, Position
from tests.factories import GA, HTMX, item_numbered, make_assessment, make_user, set_finding


def position_url(team, item) -> str:
    return f"/assessments/{team.assessment.pk}/items/{item.pk}/position/"


def vote_url(team, instrument) -> str:
    return f"/assessments/{team.assessment.pk}/instruments/{instrument.pk}/vote/"


@pytest.fixture
def item(team):
    return item_numbered(team.assessment, GA, "16")


def test_htmx_save_records_the_position_apart_from_finding_and_review(login, team, item):
    answer = login(team.editor).post(
        position_url(team, item),
        {"position": "partially_supported", "statement": "Except article 3.", "version": 0},
        headers=HTMX,
    )
    assert answer.status_code == 200
    assert 'id="state-position"' in answer.content.decode()
    saved = ItemPosition.objects.get(item=item)
    assert (saved.position, saved.statement, saved.version) == (
        "partially_supported",
        "Except article 3.",
        1,
    )
    assert saved.updated_by == team.editor
    item.response.refresh_from_db()
    assert (item.response.finding, item.response.review) == (Finding.NOT_ASSESSED, "pending")


def test_plain_post_redirects_to_the_item_page(login, team, item):
    answer = login(team.owner).post(
        position_url(team, item), {"position": "noted", "statement": "", "version": 0}
    )
    assert answer.status_code == 302
    assert answer["Location"] == f"/assessments/{team.assessment.pk}/items/{item.pk}/"
    assert ItemPosition.objects.get(item=item).position == "noted"


def test_the_item_page_offers_the_position_without_javascript(login, team, item):
    page = login(team.viewer).get(f"/assessments/{team.assessment.pk}/items/{item.pk}/")
    assert f'href="{position_url(team, item)}"' in page.content.decode()
    own_page = login(team.viewer).get(position_url(team, item)).content.decode()
    assert "The State's position on §16 of <bdi>A/RES/52/132</bdi>" in own_page
    assert "<form" not in own_page.split('id="state-position"')[1]


def test_stale_save_answers_409_and_keeps_what_was_typed(login, team, item):
    first = login(team.editor).post(
        position_url(team, item), {"position": "supported", "version": 0}, headers=HTMX
    )
    assert first.status_code == 200
    answer = login(team.owner).post(
        position_url(team, item),
        {"position": "noted", "statement": "Our own words", "version": 0},
        headers=HTMX,
    )
    assert answer.status_code == 409
    body = answer.content.decode()
    assert "Our own words" in body
    assert '<option value="noted" selected>' in body
    # The form now carries the current version: saving it again replaces theirs on purpose.
    assert 'name="version" value="1"' in body
    saved = ItemPosition.objects.get(item=item)
    assert (saved.position, saved.statement, saved.version) == ("supported", "", 1)
    again = login(team.owner).post(
        position_url(team, item),
        {"position": "noted", "statement": "Our own words", "version": 1},
        headers=HTMX,
    )
    assert again.status_code == 200
    saved.refresh_from_db()
    assert (saved.position, saved.version) == ("noted", 2)


def test_bad_input_is_refused_in_words_keeping_the_typing(login, team, item):
    answer = login(team.editor).post(
        position_url(team, item),
        {"position": "maybe", "statement": "Kept", "version": 0},
        headers=HTMX,
    )
    assert answer.status_code == 400
    body = answer.content.decode()
    assert "Not saved:" in body and "Kept" in body
    assert not ItemPosition.objects.filter(item=item).exists()


def test_each_change_is_an_event_and_an_unchanged_save_is_not(login, team, item):
    client = login(team.editor)
    client.post(position_url(team, item), {"position": "noted", "version": 0}, headers=HTMX)
    client.post(
        position_url(team, item),
        {"position": "supported", "statement": "On reflection", "version": 1},
        headers=HTMX,
    )
    client.post(
        position_url(team, item),
        {"position": "supported", "statement": "On reflection", "version": 2},
        headers=HTMX,
    )
    events = Event.objects.filter(kind=Event.Kind.POSITION).order_by("pk")
    assert [(e.item_id, e.actor_id, e.summary) for e in events] == [
        (item.pk, team.editor.pk, "§16: position — → Noted"),
        (item.pk, team.editor.pk, "§16: position Noted → Supported, statement edited"),
    ]


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_readers_cannot_record_a_position(login, team, item, role):
    answer = login(getattr(team, role)).post(
        position_url(team, item), {"position": "noted", "version": 0}
    )
    assert answer.status_code == 403
    assert not ItemPosition.objects.exists()


def test_an_approved_assessment_refuses_positions_and_votes(login, team, item, seeded):
    Assessment.objects.filter(pk=team.assessment.pk).update(review_state="approved")
    client = login(team.owner)
    answer = client.post(position_url(team, item), {"position": "noted", "version": 0})
    assert answer.status_code == 403
    answer = client.post(vote_url(team, seeded["ga"]), {"vote": "yes", "version": 0})
    assert answer.status_code == 403
    assert not ItemPosition.objects.exists()
    assert not InstrumentVote.objects.exists()
    assert not Event.objects.filter(kind=Event.Kind.POSITION).exists()
    # Still shown, without a form.
    page = client.get(position_url(team, item), headers=HTMX).content.decode()
    assert "<form" not in page


def test_vote_is_recorded_per_instrument_with_its_statement(login, team, seeded):
    client = login(team.editor)
    answer = client.post(
        vote_url(team, seeded["ga"]),
        {"vote": "abstained", "statement": "Explanation of vote.", "version": 0},
        headers=HTMX,
    )
    assert answer.status_code == 200
    assert f'id="vote-{seeded["ga"].pk}"' in answer.content.decode()
    plain = client.post(vote_url(team, seeded["excom"]), {"vote": "consensus", "version": 0})
    excom = seeded["excom"].pk
    assert plain["Location"] == f"/assessments/{team.assessment.pk}/#instrument-{excom}"
    votes = InstrumentVote.objects.filter(assessment=team.assessment)
    assert sorted(votes.values_list("instrument__symbol", "vote", "statement")) == [
        (GA, "abstained", "Explanation of vote."),
        (seeded["excom"].symbol, "consensus", ""),
    ]
    event = Event.objects.filter(kind=Event.Kind.POSITION).order_by("pk").first()
    assert event.summary == f"{GA}: vote — → Abstained, statement edited"
    assert event.item is None


def test_stale_vote_answers_409(login, team, seeded):
    login(team.editor).post(vote_url(team, seeded["ga"]), {"vote": "yes", "version": 0})
    answer = login(team.owner).post(
        vote_url(team, seeded["ga"]), {"vote": "no", "statement": "Mine", "version": 0}
    )
    assert answer.status_code == 409
    assert "Mine" in answer.content.decode()
    assert InstrumentVote.objects.get().vote == "yes"


def test_an_instrument_outside_the_assessment_is_404(login, team, seeded):
    other = make_assessment(owner=team.owner, instruments=[seeded["excom"]], title="Other")
    url = f"/assessments/{other.pk}/instruments/{seeded['ga'].pk}/vote/"
    answer = login(team.owner).post(url, {"vote": "yes", "version": 0})
    assert answer.status_code == 404
    assert not InstrumentVote.objects.exists()


def test_the_checklist_links_each_instruments_vote(login, team, seeded):
    page = login(team.viewer).get(f"/assessments/{team.assessment.pk}/?all=1").content.decode()
    for instrument in seeded.values():
        assert f'href="{vote_url(team, instrument)}"' in page


def shown(client, team, query: str) -> list[str]:
    page = client.get(f"/assessments/{team.assessment.pk}/{query}&all=1").content.decode()
    return re.findall(r'id="item-\d+-title">§(\d+)', page)


def test_the_checklist_filters_by_position_exactly(login, team):
    client = login(team.editor)
    for number, position in [("13", "supported"), ("15", "partially_supported"), ("16", "noted")]:
        item = item_numbered(team.assessment, GA, number)
        client.post(position_url(team, item), {"position": position, "version": 0})
    # A position row whose choice was cleared again counts as none recorded.
    cleared = item_numbered(team.assessment, GA, "2")
    client.post(position_url(team, cleared), {"position": "noted", "version": 0})
    client.post(position_url(team, cleared), {"position": "", "version": 1})
    # The finding is another axis: it does not move an item between positions.
    set_finding(team, "13", Finding.NOT_COMPLIANT)
    assert shown(client, team, "?position=supported") == ["13"]
    assert shown(client, team, "?position=partially_supported") == ["15"]
    assert shown(client, team, "?position=noted") == ["16"]
    none = shown(client, team, "?position=none")
    assert "2" in none and not {"13", "15", "16"} & set(none)
    assert len(none) == 7
    assert len(shown(client, team, "?position=bogus")) == 10


def test_the_filter_offers_exactly_the_positions_the_model_holds():
    # assessments does not import followup, so the filter names the values itself.
    offered = [value for value, _ in ChecklistFilterForm.base_fields["position"].choices]
    assert offered == ["", *Position.values, "none"]


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent transactions are PostgreSQL's; SQLite runs one writer at a time",
)
def test_two_first_saves_racing_end_in_one_row_and_a_conflict(transactional_db, seeded):
    """The second first save waits on the one-to-one key, then finds the first's row at a
    newer version and is refused: neither overwrites the other."""
    owner = make_user("owner")
    assessment = make_assessment(owner=owner, title="Race", instruments=[seeded["ga"]])
    item = assessment.items.select_related("assessment").first()
    holding = threading.Event()
    outcome = []

    def first():
        try:
            with transaction.atomic():
                ItemPosition.objects.create(item=item, position="noted", version=1)
                holding.set()
                time.sleep(0.5)
        finally:
            db.connection.close()

    def second():
        holding.wait()
        try:
            positions.save_item_position(
                item=item, user=owner, version=0, position="supported", statement=""
            )
            outcome.append("saved")
        except positions.StalePosition:
            outcome.append("conflict")
        finally:
            db.connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcome == ["conflict"]
    assert list(ItemPosition.objects.values_list("position", "version")) == [("noted", 1)]
