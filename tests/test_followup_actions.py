"""Actions on an item: owners and editors add and change them, with indicators and dated
progress, also after approval; two editors never overwrite each other; every change is in
the audit trail; the checklist row counts them; the next round carries them along."""

import threading
from datetime import date, timedelta
from io import StringIO

import pytest
from django import db
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checklist.assessments import services as assessment_services
from checklist.assessments.management.commands.seed_demo import DEMO_TITLE
from checklist.assessments.models import Assessment, Event, Finding
from checklist.followup import services
from checklist.followup.models import (
    Action,
    Indicator,
    Institution,
    InstrumentVote,
    ItemPosition,
    ProgressUpdate,
)
from checklist.synthetic import synthetic_assessment
from tests.factories import (
    HTMX,
    add_member,
    make_action,
    make_assessment,
    make_institution,
    make_organisation,
    make_user,
    set_finding,
)

TODAY = timezone.localdate()


@pytest.fixture
def ministry(team):
    return make_institution(team.organisation, "Ministry of Interior")


@pytest.fixture
def commission(team):
    return make_institution(team.organisation, "National Refugee Commission", kind="agency")


def actions_url(team, item=None) -> str:
    item = item or team.items[0]
    return f"/assessments/{team.assessment.pk}/items/{item.pk}/actions/"


def action_url(team, action, rest: str = "") -> str:
    return f"{actions_url(team)}{action.pk}/{rest}"


def action_fields(**changes) -> dict:
    return {
        "description": "Adopt a refugee law",
        "lead_institution": "",
        "owner": "",
        "due_on": "2026-12-31",
        "status": "planned",
        "dropped_reason": "",
        **changes,
    }


def action_events(team) -> list[str]:
    return list(
        Event.objects.filter(assessment=team.assessment, kind=Event.Kind.ACTION)
        .order_by("pk")
        .values_list("summary", flat=True)
    )


# Adding ------------------------------------------------------------------------------------


def test_editor_adds_an_action_without_javascript(team, login, ministry, commission):
    response = login(team.editor).post(
        actions_url(team),
        action_fields(
            lead_institution=ministry.pk,
            other_institutions=[commission.pk],
            owner=team.owner.pk,
        ),
    )
    action = Action.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"{actions_url(team)}#action-{action.pk}"
    assert (action.item, action.description, action.status) == (
        team.items[0],
        "Adopt a refugee law",
        "planned",
    )
    assert (action.lead_institution, action.owner, action.due_on) == (
        ministry,
        team.owner,
        date(2026, 12, 31),
    )
    assert list(action.other_institutions.all()) == [commission]
    assert action.created_by == team.editor
    [event] = Event.objects.filter(kind=Event.Kind.ACTION)
    assert event.actor == team.editor and event.item == team.items[0]
    assert "“Adopt a refugee law” added, led by Ministry of Interior, due 2026-12-31" in (
        event.summary
    )


def test_htmx_add_answers_the_section_with_the_new_action(team, login, ministry):
    response = login(team.owner).post(
        actions_url(team), action_fields(lead_institution=ministry.pk), headers=HTMX
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert f'id="actions-{team.items[0].pk}"' in page
    assert "Adopt a refugee law" in page
    assert "<html" not in page


def test_a_forged_institution_of_another_organisation_is_a_form_error(team, login):
    theirs = make_institution(make_organisation("Elsewhere", admin=make_user("x")), "Theirs")
    client = login(team.editor)
    response = client.post(actions_url(team), action_fields(lead_institution=theirs.pk))
    assert response.status_code == 400
    assert "Choose one of the organisation" in response.content.decode()
    response = client.post(actions_url(team), action_fields(other_institutions=[theirs.pk]))
    assert response.status_code == 400
    # A number beyond any id is an invalid choice too, not a server error.
    response = client.post(actions_url(team), action_fields(lead_institution="9" * 25))
    assert response.status_code == 400
    assert not Action.objects.exists()


def test_the_person_following_it_must_be_a_member(team, login):
    response = login(team.editor).post(actions_url(team), action_fields(owner=team.outsider.pk))
    assert response.status_code == 400
    assert "Choose one of the assessment" in response.content.decode()
    assert not Action.objects.exists()


def test_a_refused_add_keeps_what_was_typed(team, login):
    response = login(team.editor).post(
        actions_url(team), action_fields(status="dropped", description="Train border guards")
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Say why the action was dropped." in page
    assert "Train border guards" in page
    assert not Action.objects.exists()


@pytest.mark.parametrize("role", ["reviewer", "viewer", "org_admin"])
def test_those_who_do_not_write_cannot_add(team, login, role):
    response = login(getattr(team, role)).post(actions_url(team), action_fields())
    assert response.status_code == 403
    assert not Action.objects.exists()


def test_outsider_gets_404(team, login):
    action = make_action(team.items[0], by=team.editor)
    client = login(team.outsider)
    assert client.get(actions_url(team)).status_code == 404
    assert client.post(action_url(team, action), action_fields(version=0)).status_code == 404


def test_an_action_under_another_item_is_404(team, login):
    action = make_action(team.items[1], by=team.editor)
    response = login(team.editor).post(action_url(team, action), action_fields(version=0))
    assert response.status_code == 404
    action.refresh_from_db()
    assert action.description == "Draft a law"


# Changing ----------------------------------------------------------------------------------


def test_editor_changes_the_status(team, login, ministry):
    action = make_action(team.items[0], by=team.owner, lead_institution=ministry)
    response = login(team.editor).post(
        action_url(team, action),
        action_fields(status="in_progress", lead_institution=ministry.pk, version=0),
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.version, action.updated_by) == ("in_progress", 1, team.editor)
    assert "status Planned → In progress" in action_events(team)[-1]


def test_dropped_without_a_reason_is_refused(team, login):
    action = make_action(team.items[0], by=team.owner)
    response = login(team.editor).post(
        action_url(team, action), action_fields(status="dropped", version=0)
    )
    assert response.status_code == 400
    assert "Say why the action was dropped." in response.content.decode()
    action.refresh_from_db()
    assert (action.status, action.version) == ("planned", 0)


def test_dropped_with_a_reason_is_saved(team, login):
    action = make_action(team.items[0], by=team.owner)
    login(team.editor).post(
        action_url(team, action),
        action_fields(status="dropped", dropped_reason="Overtaken by the 2026 Act", version=0),
    )
    action.refresh_from_db()
    assert (action.status, action.dropped_reason) == ("dropped", "Overtaken by the 2026 Act")
    assert "dropped because “Overtaken by the 2026 Act”" in action_events(team)[-1]


def test_the_service_refuses_dropped_without_a_reason_too(team):
    action = make_action(team.items[0], by=team.owner)
    data = services.ActionData("Draft a law", None, [], None, None, "dropped", " ")
    with pytest.raises(services.FollowUpRefused):
        services.change_action(action=action, user=team.editor, version=0, data=data)


def test_a_stale_edit_gets_409_with_theirs_and_the_typing_kept(team):
    action = make_action(team.items[0], by=team.owner)
    first, second = Client(), Client()
    first.force_login(team.editor)
    second.force_login(team.owner)
    # Both opened version 0; the editor saves first.
    saved = first.post(action_url(team, action), action_fields(status="in_progress", version=0))
    assert saved.status_code == 302
    response = second.post(
        action_url(team, action),
        action_fields(description="Adopt the law by June", version=0),
        headers=HTMX,
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "Their version" in page and "What you typed" in page
    assert "Adopt the law by June" in page
    # The form now carries the current version: saving again replaces theirs on purpose.
    assert 'name="version" value="1"' in page
    action.refresh_from_db()
    assert (action.description, action.status, action.version) == (
        "Adopt a refugee law",
        "in_progress",
        1,
    )
    again = second.post(
        action_url(team, action), action_fields(description="Adopt the law by June", version=1)
    )
    assert again.status_code == 302
    action.refresh_from_db()
    assert (action.description, action.version) == ("Adopt the law by June", 2)


def test_a_stale_edit_without_javascript_shows_the_page_with_the_conflict(team, login):
    action = make_action(team.items[0], by=team.owner)
    services.change_action(
        action=action,
        user=team.owner,
        version=0,
        data=services.ActionData("Changed by the owner", None, [], None, None, "planned", ""),
    )
    response = login(team.editor).post(
        action_url(team, action), action_fields(description="Mine", version=0)
    )
    assert response.status_code == 409
    page = response.content.decode()
    assert "<html" in page and "Their version" in page and "Mine" in page
    action.refresh_from_db()
    assert action.description == "Changed by the owner"


def test_an_edit_without_a_version_is_refused(team, login):
    action = make_action(team.items[0], by=team.owner)
    response = login(team.editor).post(action_url(team, action), action_fields(status="done"))
    assert response.status_code == 400
    action.refresh_from_db()
    assert action.status == "planned"


def test_a_carried_owner_who_is_not_a_member_is_kept_on_save(team, login):
    former = make_user("former")
    action = make_action(team.items[0], by=team.owner)
    Action.objects.filter(pk=action.pk).update(owner=former)
    response = login(team.editor).post(
        action_url(team, action), action_fields(owner=former.pk, status="done", version=0)
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.owner, action.status) == (former, "done")


# Approved assessments ----------------------------------------------------------------------


def approve(team) -> None:
    Assessment.objects.filter(pk=team.assessment.pk).update(
        review_state=Assessment.ReviewState.APPROVED
    )


def test_an_approved_assessment_still_takes_actions_and_progress(team, login):
    approve(team)
    client = login(team.editor)
    assert client.post(actions_url(team), action_fields()).status_code == 302
    action = Action.objects.get()
    progress = client.post(
        action_url(team, action, "progress/"),
        {"text": "Bill tabled in Parliament", "reported_on": "2026-07-01"},
    )
    assert progress.status_code == 302
    assert ProgressUpdate.objects.get().text == "Bill tabled in Parliament"
    # The findings stay frozen.
    response = client.post(
        f"/assessments/{team.assessment.pk}/items/{team.items[0].pk}/",
        {"finding": "compliant", "evidence": "", "notes": "", "version": 0},
    )
    assert response.status_code == 403


# Indicators and progress -------------------------------------------------------------------


def indicator_fields(**changes) -> dict:
    return {
        "description": "Asylum applications decided within 6 months",
        "baseline": "35 %",
        "target": "80 %",
        "current_value": "",
        "measured_on": "",
        **changes,
    }


def test_indicators_are_added_changed_and_removed(team, login):
    action = make_action(team.items[0], by=team.owner)
    client = login(team.editor)
    assert client.post(action_url(team, action, "indicators/"), indicator_fields()).status_code == (
        302
    )
    indicator = Indicator.objects.get()
    assert (indicator.baseline, indicator.target, indicator.current_value) == ("35 %", "80 %", "")
    response = client.post(
        action_url(team, action, f"indicators/{indicator.pk}/"),
        indicator_fields(current_value="52 %", measured_on="2026-10-01", version=0),
        headers=HTMX,
    )
    assert response.status_code == 200
    assert "52 %" in response.content.decode()
    indicator.refresh_from_db()
    assert (indicator.current_value, indicator.measured_on, indicator.version) == (
        "52 %",
        date(2026, 10, 1),
        1,
    )
    assert "current value — → 52 %" in action_events(team)[-1]
    removed = client.post(action_url(team, action, f"indicators/{indicator.pk}/remove/"))
    assert removed.status_code == 302
    assert not Indicator.objects.exists()
    assert "removed" in action_events(team)[-1]


def test_a_stale_indicator_edit_gets_409(team, login):
    action = make_action(team.items[0], by=team.owner)
    indicator = services.add_indicator(
        action=action,
        user=team.owner,
        data=services.IndicatorData("Cases decided", "10", "100", "", None),
    )
    client = login(team.editor)
    url = action_url(team, action, f"indicators/{indicator.pk}/")
    assert client.post(url, indicator_fields(current_value="40", version=0)).status_code == 302
    response = client.post(url, indicator_fields(current_value="45", version=0), headers=HTMX)
    assert response.status_code == 409
    assert 'value="45"' in response.content.decode()
    indicator.refresh_from_db()
    assert (indicator.current_value, indicator.version) == ("40", 1)


def test_an_indicator_needs_to_say_what_is_measured(team, login):
    action = make_action(team.items[0], by=team.owner)
    response = login(team.editor).post(
        action_url(team, action, "indicators/"), indicator_fields(description="", target="90 %")
    )
    assert response.status_code == 400
    assert 'value="90 %"' in response.content.decode()
    assert not Indicator.objects.exists()


def test_progress_is_dated_and_signed(team, login):
    action = make_action(team.items[0], by=team.owner)
    response = login(team.editor).post(
        action_url(team, action, "progress/"),
        {"text": "Draft bill sent to the Attorney General", "reported_on": "2026-08-15"},
        headers=HTMX,
    )
    assert response.status_code == 200
    update = ProgressUpdate.objects.get()
    assert (update.author, update.reported_on) == (team.editor, date(2026, 8, 15))
    assert "Draft bill sent to the Attorney General" in response.content.decode()
    assert "progress on “Draft a law” (2026-08-15)" in action_events(team)[-1]


def test_progress_without_a_date_is_refused(team, login):
    action = make_action(team.items[0], by=team.owner)
    response = login(team.editor).post(
        action_url(team, action, "progress/"), {"text": "Something", "reported_on": ""}
    )
    assert response.status_code == 400
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("role", ["reviewer", "viewer", "org_admin"])
def test_readers_see_actions_without_their_forms(team, login, role, ministry):
    action = make_action(team.items[0], by=team.owner, lead_institution=ministry)
    services.add_progress(
        action=action, user=team.owner, text="Consultations held", reported_on=TODAY
    )
    page = login(getattr(team, role)).get(actions_url(team)).content.decode()
    assert "Draft a law" in page and "Ministry of Interior" in page
    assert "Consultations held" in page
    assert "Add an action" not in page and "Report progress" not in page
    comments = f"/assessments/{team.assessment.pk}/items/{team.items[0].pk}/comments/"
    assert (comments in page) == (role == "reviewer")


# Item page and checklist -------------------------------------------------------------------


def test_the_item_page_loads_its_actions(team, login):
    page = (
        login(team.viewer)
        .get(f"/assessments/{team.assessment.pk}/items/{team.items[0].pk}/")
        .content.decode()
    )
    assert f'hx-get="{actions_url(team)}"' in page
    assert f'href="{actions_url(team)}"' in page


def test_the_checklist_row_counts_actions_and_overdue_ones(team, login):
    make_action(team.items[0], by=team.owner, due_on=TODAY - timedelta(days=3))
    make_action(team.items[0], by=team.owner, due_on=TODAY + timedelta(days=3))
    make_action(team.items[0], by=team.owner, due_on=TODAY - timedelta(days=9), status="done")
    make_action(team.items[1], by=team.owner)
    page = login(team.viewer).get(f"/assessments/{team.assessment.pk}/?all=1").content.decode()
    assert f'href="{actions_url(team)}" class="row-badge"' in page
    assert "3 actions (1 overdue)" in page
    assert f'href="{actions_url(team, team.items[1])}" class="row-badge">1 action<' in page
    # A row without actions links to them too, to add the first.
    assert f'href="{actions_url(team, team.items[2])}" class="row-badge">Actions<' in page


def checklist_queries(client, assessment) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/assessments/{assessment.pk}/")
    assert response.status_code == 200
    return len(queries)


def test_checklist_queries_do_not_grow_with_items_and_actions(client, django_user_model):
    owner = django_user_model.objects.create_user("owner", password="a-long-password-1")
    client.force_login(owner)
    counts = []
    for size, prefix in ((10, "S"), (50, "L")):
        assessment = synthetic_assessment(items=size, owner=owner, prefix=prefix)
        for item in assessment.items.all():
            for days in (-2, 5):
                make_action(item, by=owner, due_on=TODAY + timedelta(days=days))
        counts.append(checklist_queries(client, assessment))
    assert counts[0] == counts[1]


# Carried into the next round ---------------------------------------------------------------


def test_the_next_round_carries_open_and_done_actions_with_their_history(team, ministry):
    item = set_finding(team, "16", Finding.PARTIALLY_COMPLIANT)
    open_action = make_action(item, by=team.editor, lead_institution=ministry, due_on=TODAY)
    services.add_indicator(
        action=open_action,
        user=team.editor,
        data=services.IndicatorData("Returns at the border", "2", "0", "1", TODAY),
    )
    services.add_progress(
        action=open_action, user=team.editor, text="Guidelines issued", reported_on=TODAY
    )
    done = make_action(item, by=team.editor, description="Train guards", status="done")
    make_action(
        item, by=team.editor, description="Abandoned", status="dropped", dropped_reason="No funds"
    )
    next_round = assessment_services.carry_forward(
        previous=team.assessment, owner=team.owner, title="Review 2027", as_of=date(2027, 6, 30)
    ).assessment
    carried = Action.objects.filter(item__assessment=next_round).order_by("pk")
    assert [(a.description, a.carried_from_id) for a in carried] == [
        ("Draft a law", open_action.pk),
        ("Train guards", done.pk),
    ]
    copy = carried[0]
    assert copy.item.paragraph_id == item.paragraph_id
    assert (copy.lead_institution, copy.due_on, copy.status) == (ministry, TODAY, "planned")
    assert list(copy.indicators.values_list("description", "baseline", "current_value")) == [
        ("Returns at the border", "2", "1")
    ]
    assert list(copy.progress.values_list("text", "author")) == [
        ("Guidelines issued", team.editor.pk)
    ]
    # The previous round's actions are untouched.
    assert open_action.indicators.count() == 1
    assert Event.objects.filter(
        assessment=next_round, kind=Event.Kind.ACTION, summary__startswith="Carried forward 2"
    ).exists()


# Demo data ---------------------------------------------------------------------------------


@pytest.mark.django_db
def test_seed_demo_gives_institutions_and_actions_some_overdue_some_due_soon():
    call_command("seed_demo", stdout=StringIO())
    call_command("seed_demo", stdout=StringIO())
    demo = Assessment.objects.get(title=DEMO_TITLE)
    names = set(
        Institution.objects.filter(organisation=demo.organisation).values_list("name", flat=True)
    )
    assert {"Ministry of Interior", "National Refugee Commission", "Supreme Court"} <= names
    actions = list(Action.objects.filter(item__assessment=demo))
    assert len(actions) == 5  # the second run added none
    assert all(action.lead_institution for action in actions)
    assert any(action.is_overdue for action in actions)
    soon = [a for a in actions if a.is_open and TODAY <= a.due_on <= TODAY + timedelta(days=14)]
    assert soon
    assert Indicator.objects.filter(action__item__assessment=demo).exclude(target="").exists()
    assert ProgressUpdate.objects.filter(action__item__assessment=demo).count() >= 3
    # The State's positions and votes, once.
    assert sorted(
        ItemPosition.objects.filter(item__assessment=demo).values_list("position", flat=True)
    ) == ["partially_supported", "supported"]
    assert set(InstrumentVote.objects.filter(assessment=demo).values_list("vote", flat=True)) == {
        "consensus"
    }


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads need a server database; SQLite's IMMEDIATE transactions serialise anyway",
)
def test_two_editors_racing_in_threads_make_one_save(transactional_db, seeded):
    """Two editors save the same version of an action at the same moment, in two sessions:
    one is saved, the other is told someone saved first, and nothing is overwritten."""
    owner, first, second = make_user("owner"), make_user("first"), make_user("second")
    assessment = make_assessment(owner=owner, title="Race", instruments=[seeded["excom"]])
    for editor in (first, second):
        add_member(assessment, editor, "editor")
    action = make_action(assessment.items.first(), by=owner)
    start = threading.Barrier(2)
    outcomes = []

    def save(editor, status):
        read = Action.objects.select_related("item__assessment").get(pk=action.pk)
        start.wait()
        try:
            services.change_action(
                action=read,
                user=editor,
                version=0,
                data=services.ActionData("Draft a law", None, [], None, None, status, ""),
            )
            outcomes.append(status)
        except services.StaleAction:
            outcomes.append("stale")
        finally:
            db.connection.close()

    threads = [
        threading.Thread(target=save, args=(first, "in_progress")),
        threading.Thread(target=save, args=(second, "done")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes)[1] == "stale"
    action.refresh_from_db()
    assert (action.status, action.version) == (sorted(outcomes)[0], 1)
    assert Event.objects.filter(kind=Event.Kind.ACTION, summary__contains="status").count() == 1


def test_a_post_without_csrf_token_is_refused(team):
    client = Client(enforce_csrf_checks=True)
    client.force_login(team.editor)
    assert client.post(actions_url(team), action_fields()).status_code == 403
    assert not Action.objects.exists()
