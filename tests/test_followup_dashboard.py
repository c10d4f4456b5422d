"""The follow-up dashboard: actions overdue first, counted by institution, theme and
instrument, filtered, exported to CSV and XLSX without formulas, in constant queries."""

import csv
import io
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from checklist.accounts.models import Organisation
from checklist.followup.models import Action, ActionStatus, Indicator, Institution
from checklist.instruments.models import Theme
from tests.factories import body

TODAY = timezone.localdate


@pytest.fixture
def plan(team):
    """Five actions on the team's first items: overdue, due soon, done, later, undated."""
    organisation = team.assessment.organisation
    ministry = Institution.objects.create(organisation=organisation, name="Ministry of Interior")
    commission = Institution.objects.create(
        organisation=organisation, name="National Refugee Commission"
    )
    theme = Theme.objects.create(slug="detention", name="Detention")
    team.items[1].themes.add(theme)
    today = TODAY()
    specs = [
        ("Train border officials", ministry, today - timedelta(days=10), ActionStatus.IN_PROGRESS),
        ("Publish asylum statistics", commission, today + timedelta(days=5), ActionStatus.PLANNED),
        ("Adopt the refugee law", ministry, today - timedelta(days=40), ActionStatus.DONE),
        ('=HYPERLINK("http://x")', commission, today + timedelta(days=90), ActionStatus.PLANNED),
        ("Review detention rules", None, None, ActionStatus.PLANNED),
    ]
    actions = {}
    for index, (description, lead, due_on, status) in enumerate(specs):
        actions[description] = Action.objects.create(
            item=team.items[index % 2],
            description=description,
            lead_institution=lead,
            due_on=due_on,
            status=status,
        )
    Indicator.objects.create(
        action=actions["Train border officials"],
        description="Officials trained",
        baseline="0",
        target="400",
        current_value="120",
    )
    return {"ministry": ministry, "commission": commission, "theme": theme, **actions}


def get(client, user, path: str):
    client.force_login(user)
    return client.get(path)


def url(team, suffix: str = "") -> str:
    return f"/assessments/{team.assessment.pk}/follow-up/{suffix}"


def test_overdue_actions_come_first_and_are_counted(client, team, plan):
    answer = get(client, team.viewer, url(team))

    assert answer.status_code == 200
    page = answer.content.decode()
    order = [
        page.index(text)
        for text in (
            "Train border officials",
            "Adopt the refugee law",
            "Publish asylum statistics",
            "=HYPERLINK",
            "Review detention rules",
        )
    ]
    assert order == sorted(order)
    assert "1 action is overdue." in page
    by_institution = {tally.name: tally for tally in answer.context["by_institution"]}
    ministry = by_institution["Ministry of Interior"]
    assert (ministry.total, ministry.open, ministry.overdue, ministry.done) == (2, 1, 1, 1)
    assert by_institution["No lead institution"].total == 1
    by_theme = {tally.name: tally for tally in answer.context["by_theme"]}
    assert by_theme["Detention"].total == 2


def test_progress_per_instrument(client, team, plan):
    answer = get(client, team.viewer, url(team))
    progress = {line.symbol: line for line in answer.context["progress"]}
    first = progress[team.items[0].instrument.symbol]
    # Two items carry the five actions; one of five is done.
    assert (first.items_with_action, first.actions, first.actions_done) == (2, 5, 1)
    assert first.share_done == 20.0
    assert sum(line.items for line in progress.values()) == len(team.items)


@pytest.mark.parametrize(
    "query, expected",
    [
        ("due=overdue", {"Train border officials"}),
        ("due=due_soon", {"Publish asylum statistics"}),
        ("due=undated", {"Review detention rules"}),
        ("status=done", {"Adopt the refugee law"}),
        ("theme=detention", {"Publish asylum statistics", '=HYPERLINK("http://x")'}),
    ],
)
def test_filters(client, team, plan, query, expected):
    answer = get(client, team.viewer, url(team, f"?{query}"))
    assert {line.description for line in answer.context["actions"]} == expected


def test_filter_by_institution_counts_lead_and_others(client, team, plan):
    plan["Review detention rules"].other_institutions.add(plan["ministry"])
    answer = get(client, team.viewer, url(team, f"?institution={plan['ministry'].pk}"))
    assert {line.description for line in answer.context["actions"]} == {
        "Train border officials",
        "Adopt the refugee law",
        "Review detention rules",
    }


def test_an_institution_of_another_organisation_is_refused_in_words(client, team, plan):
    elsewhere = Organisation.objects.create(name="Elsewhere", slug="elsewhere")
    foreign = Institution.objects.create(organisation=elsewhere, name="Foreign Ministry")

    answer = get(client, team.viewer, url(team, f"?institution={foreign.pk}&status=planned"))

    assert answer.status_code == 200
    assert "This choice is not available any more" in answer.content.decode()
    # The valid filter still applies; the foreign one is left out.
    assert {line.description for line in answer.context["actions"]} == {
        "Publish asylum statistics",
        '=HYPERLINK("http://x")',
        "Review detention rules",
    }


def test_csv_is_filtered_and_holds_no_formula(client, team, plan):
    answer = get(client, team.viewer, url(team, "actions.csv?due=later"))

    assert answer["Content-Type"] == "text/csv; charset=utf-8"
    lines = list(csv.reader(io.StringIO(body(answer).decode("utf-8-sig"))))
    assert lines[0][:3] == ["Instrument", "Paragraph", "Action"]
    assert [line[2] for line in lines[1:]] == ['\'=HYPERLINK("http://x")']


def test_xlsx_keeps_text_as_text_and_dates_as_dates(client, team, plan):
    answer = get(client, team.viewer, url(team, "actions.xlsx"))

    sheet = load_workbook(io.BytesIO(body(answer))).active
    rows = list(sheet.iter_rows(min_row=2))
    formula = next(row for row in rows if "HYPERLINK" in str(row[2].value))
    assert formula[2].value.startswith("'=")
    assert formula[2].data_type == "s"
    assert formula[6].is_date
    trained = next(row for row in rows if row[2].value == "Train border officials")
    assert trained[8].value == "yes"
    assert trained[9].value == "Officials trained: 0 → 120 / 400"


def test_queries_do_not_grow_with_actions(client, team, plan):
    client.force_login(team.viewer)
    client.get(url(team))
    with CaptureQueriesContext(connection) as few:
        client.get(url(team))
    for index in range(20):
        action = Action.objects.create(
            item=team.items[index % len(team.items)],
            description=f"More {index}",
            lead_institution=plan["ministry"],
        )
        action.other_institutions.add(plan["commission"])
        Indicator.objects.create(action=action, description="Measured")
    with CaptureQueriesContext(connection) as many:
        client.get(url(team))
    assert len(many) == len(few)
