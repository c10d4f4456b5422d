"""Saving a row: htmx and plain POST, history, bad input, and no lost update."""

import threading
import time

import pytest
from django import db
from django.db import connection, transaction
from django.db.models import F

from checklist.assessments import services
from checklist.assessments.models import Event, Finding, Response, ResponseChange
from tests.factories import (
    HTMX,
    item_numbered,
    make_assessment,
    make_user,
    organisation_of,
    record_finding,
)


def url(team, item) -> str:
    return f"/assessments/{team.assessment.pk}/items/{item.pk}/"


def row_data(**values) -> dict:
    return {"finding": "compliant", "evidence": "", "notes": "", "version": 0, **values}


@pytest.fixture
def item(team):
    return item_numbered(team.assessment, "A/RES/52/132", "16")


def test_htmx_save_stores_the_row_and_answers_with_the_new_version(login, team, item):
    answer = login(team.editor).post(
        url(team, item), row_data(evidence="Refugee Act 2006, s. 4"), headers=HTMX
    )
    assert answer.status_code == 200
    body = answer.content.decode()
    assert f'value="1" id="version-{item.pk}" hx-swap-oob="true"' in body
    assert "✓ Saved" in body
    assert "1 of 10 items have a finding" in body
    item.response.refresh_from_db()
    assert (item.response.finding, item.response.evidence) == (
        "compliant",
        "Refugee Act 2006, s. 4",
    )
    assert item.response.version == 1
    assert item.response.updated_by == team.editor


def test_plain_post_redirects_back_to_the_row(login, team, item):
    answer = login(team.owner).post(url(team, item), row_data(finding="not_compliant"))
    assert answer.status_code == 302
    assert answer["Location"] == f"/assessments/{team.assessment.pk}/#item-{item.pk}"
    item.response.refresh_from_db()
    assert item.response.finding == "not_compliant"


def test_every_save_is_kept_in_history_with_old_and_new_values(login, team, item):
    client = login(team.editor)
    client.post(url(team, item), row_data(evidence="First"), headers=HTMX)
    client.post(
        url(team, item), row_data(finding="partially_compliant", evidence="Second", version=1)
    )
    changes = list(ResponseChange.objects.filter(response=item.response).order_by("version"))
    assert [(c.old_finding, c.new_finding) for c in changes] == [
        ("not_assessed", "compliant"),
        ("compliant", "partially_compliant"),
    ]
    assert [(c.old_evidence, c.new_evidence) for c in changes] == [
        ("", "First"),
        ("First", "Second"),
    ]
    assert {c.changed_by for c in changes} == {team.editor}
    history = client.get(f"{url(team, item)}history/", headers=HTMX).content.decode()
    # The arrow is part of the translated sentence: the Arabic catalogue turns it round.
    assert history.index("Compliant → <strong>Partially compliant") < history.index(
        "Not assessed → <strong>Compliant"
    )
    assert Event.objects.filter(kind=Event.Kind.RESPONSE, item=item).count() == 2


def test_saving_the_same_values_writes_nothing(login, team, item):
    client = login(team.editor)
    client.post(url(team, item), row_data(), headers=HTMX)
    client.post(url(team, item), row_data(version=1), headers=HTMX)
    item.response.refresh_from_db()
    assert item.response.version == 1
    assert ResponseChange.objects.count() == 1


@pytest.mark.parametrize(
    ("forged", "message"),
    [
        ({"finding": "fully_compliant"}, "Choose one of the findings offered."),
        ({"finding": ""}, "This field is required."),
        ({"version": "abc"}, "Enter a whole number."),
        ({"version": "-1"}, "greater than or equal to 0"),
    ],
)
def test_forged_values_are_refused_and_nothing_is_saved(login, team, item, forged, message):
    answer = login(team.editor).post(url(team, item), row_data(**forged), headers=HTMX)
    assert answer.status_code == 400
    assert message in answer.content.decode()
    item.response.refresh_from_db()
    assert (item.response.finding, item.response.version) == ("not_assessed", 0)
    assert not ResponseChange.objects.exists()


@pytest.mark.parametrize("field", ["evidence", "notes"])
def test_text_past_its_limit_is_a_413_that_says_so(login, team, item, field):
    answer = login(team.editor).post(
        url(team, item), row_data(**{field: "x" * 20_001}), headers=HTMX
    )
    assert answer.status_code == 413
    body = answer.content.decode()
    assert f'id="status-{item.pk}"' in body and "hx-swap-oob" in body
    name = {"evidence": "The evidence", "notes": "The internal notes"}[field]
    assert f"Not saved: {name} can hold at most 20000 characters; this has 20001." in body
    item.response.refresh_from_db()
    assert item.response.version == 0 and not ResponseChange.objects.exists()


def test_the_service_refuses_text_past_its_limit(team, item):
    with pytest.raises(services.TextTooLong):
        services.save_response(
            response=item.response,
            user=team.editor,
            version=0,
            finding="compliant",
            evidence="x" * 20_001,
            notes="",
        )
    item.response.refresh_from_db()
    assert item.response.version == 0


def test_refused_plain_post_shows_the_item_page_with_what_was_typed(login, team, item):
    answer = login(team.editor).post(
        url(team, item), row_data(finding="bogus", evidence="Typed with care")
    )
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "Not saved: Choose one of the findings offered." in page
    assert "Typed with care</textarea>" in page


def test_an_item_of_another_assessment_is_not_found(login, team, item, seeded):
    from checklist.assessments import services

    other = services.create_assessment(
        organisation=organisation_of(team.editor),
        owner=team.editor,
        country="UG",
        title="Other",
        as_of=item.assessment.as_of,
        instruments=[seeded["ga"]],
    )
    foreign = other.items.first()
    answer = login(team.editor).post(
        f"/assessments/{team.assessment.pk}/items/{foreign.pk}/", row_data(), headers=HTMX
    )
    assert answer.status_code == 404
    foreign.response.refresh_from_db()
    assert foreign.response.version == 0


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_readers_cannot_save(login, team, item, role):
    answer = login(getattr(team, role)).post(url(team, item), row_data(), headers=HTMX)
    assert answer.status_code == 403
    item.response.refresh_from_db()
    assert item.response.version == 0


class TestNoLostUpdate:
    """Two people open the same row at version 0; both save."""

    def test_stale_save_reports_conflict_with_both_values(self, client, team, item):
        from django.test import Client

        first, second = Client(), Client()
        first.force_login(team.editor)
        second.force_login(team.owner)
        saved = first.post(url(team, item), row_data(evidence="Theirs"), headers=HTMX)
        assert saved.status_code == 200
        stale = second.post(
            url(team, item), row_data(finding="not_compliant", evidence="Mine"), headers=HTMX
        )
        assert stale.status_code == 409
        body = stale.content.decode()
        assert "Not saved: changed by someone else" in body
        assert "Their version" in body and "Theirs" in body
        assert "What you typed" in body and "Mine" in body and "Not compliant" in body
        item.response.refresh_from_db()
        assert (item.response.evidence, item.response.version) == ("Theirs", 1)
        assert ResponseChange.objects.count() == 1

    def test_keep_mine_saves_over_theirs_with_the_current_version(self, login, team, item):
        client = login(team.owner)
        client.post(url(team, item), row_data(evidence="Theirs"), headers=HTMX)
        conflict = client.post(url(team, item), row_data(evidence="Mine"), headers=HTMX)
        assert conflict.status_code == 409
        assert '{"version": 1}' in conflict.content.decode()
        kept = client.post(url(team, item), row_data(evidence="Mine", version=1), headers=HTMX)
        assert kept.status_code == 200
        item.response.refresh_from_db()
        assert (item.response.evidence, item.response.version) == ("Mine", 2)

    def test_take_theirs_answers_the_row_with_their_values(self, login, team, item):
        client = login(team.owner)
        client.post(url(team, item), row_data(evidence="Theirs"), headers=HTMX)
        row = client.get(url(team, item), headers=HTMX).content.decode()
        assert row.startswith('<article class="item-row')
        assert "Theirs</textarea>" in row
        assert f'name="version" value="1" id="version-{item.pk}"' in row

    def test_without_javascript_the_conflict_page_keeps_what_was_typed(self, login, team, item):
        client = login(team.owner)
        client.post(url(team, item), row_data(evidence="Theirs"))
        page = client.post(url(team, item), row_data(evidence="Mine, typed offline"))
        assert page.status_code == 409
        text = page.content.decode()
        # The same conflict box as with htmx (rendering.py), above the form.
        assert "Their version" in text and "Finding: Compliant" in text
        assert "Mine, typed offline</textarea>" in text
        # The form now carries the current version: saving it again is a deliberate choice.
        assert f'name="version" value="1" id="version-{item.pk}"' in text

    def test_two_people_on_different_rows_never_conflict(self, login, team, item):
        other = item_numbered(team.assessment, "A/RES/52/132", "15")
        client = login(team.editor)
        assert client.post(url(team, item), row_data(), headers=HTMX).status_code == 200
        assert client.post(url(team, other), row_data(), headers=HTMX).status_code == 200
        item.response.refresh_from_db()
        other.response.refresh_from_db()
        assert (item.response.version, other.response.version) == (1, 1)
        assert other.response.finding == Finding.COMPLIANT


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="row locks and snapshots are PostgreSQL's; SQLite runs one writer at a time",
)
def test_a_save_waiting_on_another_sees_its_commit_and_is_refused(transactional_db, seeded):
    """The first save holds the row while the second, started from the same version, waits.

    Once the first commits, the second must find the version moved on. (An UPDATE whose
    WHERE clause went through a join, and so a subquery read at the statement's start, let
    both through: `make load` caught it.)
    """
    owner = make_user("owner")
    assessment = make_assessment(owner=owner, title="Race", instruments=[seeded["ga"]])
    response = Response.objects.select_related("item__assessment").filter(
        item__assessment=assessment
    )[0]
    holding = threading.Event()
    outcome = []

    def first_save():
        with transaction.atomic():
            Response.objects.filter(pk=response.pk).update(
                evidence="First", version=F("version") + 1
            )
            holding.set()
            time.sleep(0.5)
        db.connection.close()

    def second_save():
        holding.wait()
        try:
            record_finding(response, by=owner, finding="compliant", evidence="Second")
            outcome.append("saved")
        except services.StaleResponse:
            outcome.append("conflict")
        finally:
            db.connection.close()

    threads = [threading.Thread(target=first_save), threading.Thread(target=second_save)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert outcome == ["conflict"]
    response.refresh_from_db()
    assert (response.evidence, response.version) == ("First", 1)
