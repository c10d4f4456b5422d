"""The checklist page: what each row shows, filters, progress, escaping, roles, queries."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import resolve, reverse

from checklist.assessments import services
from checklist.assessments.models import Assessment, Finding
from checklist.assessments.rendering import ITEM_ROUTES, SOURCE_ROUTES, RowUrls
from checklist.synthetic import synthetic_assessment
from tests.factories import HTMX, set_finding


def page_of(client, team, query: str = "") -> str:
    response = client.get(f"/assessments/{team.assessment.pk}/{query}")
    assert response.status_code == 200
    return response.content.decode()


def test_rows_in_paragraph_order_grouped_by_instrument(login, team):
    page = page_of(login(team.viewer), team)
    excom = page.index("ExCom Conclusion No. 52 (XXXIX) <span")
    ga = page.index("A/RES/52/132 <span")
    assert excom < ga
    numbers = re.findall(r'id="item-\d+-title">§(\d+)', page)
    assert numbers == ["1", "4", "5", "2", "3", "4", "5", "13", "15", "16"]
    assert '<span class="lead-phrase">Calls upon</span>' in page
    assert "Non-refoulement" in page


def test_progress_counts_items_with_a_finding(login, team):
    set_finding(team, "16", Finding.NOT_COMPLIANT)
    set_finding(team, "13", Finding.NOT_APPLICABLE)
    page = page_of(login(team.viewer), team)
    assert "2 of 10 items have a finding" in page
    assert 'value="2" max="10"' in page


def test_filters_by_finding_instrument_and_theme(login, team, seeded):
    set_finding(team, "16", Finding.NOT_COMPLIANT)
    client = login(team.viewer)
    page = page_of(client, team, "?finding=not_compliant")
    assert re.findall(r'id="item-\d+-title">§(\d+)', page) == ["16"]
    assert "Showing 1 of 10 items." in page
    page = page_of(client, team, f"?instrument={seeded['excom'].pk}")
    assert re.findall(r'id="item-\d+-title">§(\d+)', page) == ["1", "4", "5"]
    page = page_of(client, team, "?theme=accession")
    assert re.findall(r'id="item-\d+-title">§(\d+)', page) == ["13"]


def test_unknown_filter_values_are_ignored_not_an_error(login, team):
    page = page_of(login(team.viewer), team, "?finding=bogus&instrument=abc&theme=<x>")
    assert "Showing 10 of 10 items." in page


def test_evidence_is_escaped(login, team):
    set_finding(team, "16", Finding.COMPLIANT, evidence='<script>alert("x")</script>')
    for person in (team.viewer, team.editor):
        page = page_of(login(person), team)
        assert '<script>alert("x")</script>' not in page
        assert "&lt;script&gt;alert(" in page


@pytest.mark.parametrize("role", ["viewer", "reviewer"])
def test_readers_see_no_form_and_no_add_source(login, team, role):
    set_finding(team, "16", Finding.PARTIALLY_COMPLIANT, evidence="Law of 2020")
    page = page_of(login(getattr(team, role)), team)
    assert '<form method="post"' not in page.split("<main", 1)[1]
    assert "Add a source" not in page
    assert "Partially compliant" in page
    assert "Law of 2020" in page


@pytest.mark.parametrize("role", ["editor", "owner"])
def test_writers_get_a_form_per_row_with_the_version(login, team, role):
    item = set_finding(team, "16", Finding.COMPLIANT)
    page = page_of(login(getattr(team, role)), team)
    assert page.count('class="response-form"') == 10
    assert f'name="version" value="1" id="version-{item.pk}"' in page
    assert '<option value="compliant" selected>' in page


def test_last_change_is_shown_with_its_author(login, team):
    set_finding(team, "16", Finding.COMPLIANT)
    team.editor.first_name, team.editor.last_name = "Esther", "Editor"
    team.editor.save()
    page = page_of(login(team.viewer), team)
    assert "Last changed by <bdi>Esther Editor</bdi>, just now." in page
    assert "Last changed by you, just now." in page_of(login(team.editor), team)


def queries_for_checklist(client, assessment, query: str = "") -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/assessments/{assessment.pk}/{query}")
    assert response.status_code == 200
    return len(queries)


def test_the_page_runs_the_same_number_of_queries_for_10_and_1000_items(client, django_user_model):
    owner = django_user_model.objects.create_user("owner", password="a-long-password-1")
    client.force_login(owner)
    small = synthetic_assessment(items=10, owner=owner, prefix="S")
    large = synthetic_assessment(items=1000, owner=owner, prefix="L")
    item = large.items.first()
    services.add_source(
        response=item.response,
        user=owner,
        source=services.NewSource(title="Act", url="https://example.org/act", upload=None),
    )
    small_count = queries_for_checklist(client, small)
    large_count = queries_for_checklist(client, large)
    assert small_count == large_count == queries_for_checklist(client, large, "?all=1")
    # Session, user, the organisations' two-factor policy, access, the assessment, its
    # instruments, the filters' choices, the rows shown per instrument, then the rows and
    # their themes, sources, comments, actions (follow-up's row badges) and the progress count.
    assert large_count <= 14


def test_row_urls_equal_reverse_for_every_route_a_row_links_to(login, team, media):
    item = team.items[0]
    source = services.add_source(
        response=item.response,
        user=team.editor,
        source=services.NewSource(
            title="Act", url="", upload=SimpleUploadedFile("act.txt", b"The act.")
        ),
    )
    pk = team.assessment.pk
    urls = RowUrls(pk)
    assert urls.checklist == reverse("assessments:checklist", args=[pk])
    for name, route in ITEM_ROUTES.items():
        assert getattr(urls, name)(item.pk) == reverse(route, args=[pk, item.pk])
    for name, route in SOURCE_ROUTES.items():
        assert getattr(urls, name)(source.pk) == reverse(route, args=[pk, source.pk])
    # Every link and form of a row (a writer's, a reviewer's) is one of those routes.
    Assessment.objects.filter(pk=pk).update(review_state=Assessment.ReviewState.IN_REVIEW)
    linked = set()
    for person in (team.owner, team.reviewer):
        row = login(person).get(reverse("assessments:item", args=[pk, item.pk]), headers=HTMX)
        for url in re.findall(
            r'(?:href|action|hx-get|hx-post)="(/assessments/[^"#?]*)', row.content.decode()
        ):
            linked.add(resolve(url).view_name)
    # And the link follow-up adds to every row (assessments.signals.row_badges).
    badges = {"followup:item_actions"}
    assert linked == set(ITEM_ROUTES.values()) | set(SOURCE_ROUTES.values()) | badges
