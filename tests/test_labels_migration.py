"""The migrations that bring labels, groups and SDG targets give them to paragraphs and items
saved before: no checklist item is left without a label."""

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [
    ("instruments", "0004_symbol_unique_ci_import_draft"),
    ("assessments", "0005_membership_invited_as"),
]
AFTER = [("instruments", "0005_labels_groups_sdgs"), ("assessments", "0006_labels_groups_sdgs")]
TEXT = (
    "Calls upon States to ensure effective protection of refugees by, inter alia, respecting "
    "the principle of non-refoulement;"
)


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.fixture
def old_schema(transactional_db):
    apps = migrate(BEFORE)
    yield apps
    migrate(executor_leaves())


def executor_leaves():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


def test_paragraphs_and_items_saved_before_get_labels_groups_and_targets(old_schema):
    Instrument = old_schema.get_model("instruments", "Instrument")
    Paragraph = old_schema.get_model("instruments", "Paragraph")
    Assessment = old_schema.get_model("assessments", "Assessment")
    Item = old_schema.get_model("assessments", "Item")
    instrument = Instrument.objects.create(symbol="A/RES/1", title="T", body="Other")
    paragraph = Paragraph.objects.create(
        instrument=instrument, kind="operative", position=1, number="1", text=TEXT
    )
    organisation = old_schema.get_model("accounts", "Organisation").objects.create(
        name="Team", slug="team"
    )
    assessment = Assessment.objects.create(
        country="KE", title="R", as_of=date(2026, 1, 1), organisation=organisation
    )
    Item.objects.create(
        assessment=assessment, instrument=instrument, paragraph=paragraph, position=1, text=TEXT
    )
    apps = migrate(AFTER)
    paragraph = apps.get_model("instruments", "Paragraph").objects.get()
    assert paragraph.label == "Ensure effective protection of refugees; respect non-refoulement"
    assert [g.slug for g in paragraph.groups.all()] == ["refugees"]
    item = apps.get_model("assessments", "Item").objects.get()
    assert item.label == paragraph.label
    assert [g.slug for g in item.groups.all()] == ["refugees"]
