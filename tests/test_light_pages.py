"""Light pages at 1,000 items: compressed HTML, and a checklist that sends its first rows
and loads the rest as they come into view."""

import gzip
import re
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checklist.assessments import selectors
from checklist.assessments.models import Comment, Finding, Item, ItemReview, Response
from checklist.assessments.rows import CHUNK, FIRST, Row
from checklist.instruments.models import AffectedGroup, SdgTarget, Theme
from checklist.synthetic import synthetic_assessment
from tests.factories import HTMX


def test_the_checklist_is_sent_compressed_to_a_browser_that_accepts_gzip(login, team):
    client = login(team.viewer)
    url = f"/assessments/{team.assessment.pk}/"
    plain = client.get(url)
    compressed = client.get(url, headers={"accept-encoding": "gzip, deflate"})
    assert "Content-Encoding" not in plain
    assert compressed["Content-Encoding"] == "gzip"
    page = gzip.decompress(compressed.content).decode()
    assert "Showing 10 of 10 items." in page
    assert page.count('id="item-') == plain.content.decode().count('id="item-')


def numbers(html: str) -> list[int]:
    return [int(number) for number in re.findall(r'id="item-\d+-title">§(\d+)', html)]


def placeholders(html: str) -> list[str]:
    """The chunk URLs of the page's placeholders, in page order."""
    found = re.findall(r'hx-get="([^"]+)" hx-trigger="intersect once"', html)
    return [unescape(url) for url in found]


@pytest.fixture
def thousand(client, django_user_model):
    """A 1,000-item assessment over two instruments of 500; every third item not compliant."""
    owner = django_user_model.objects.create_user("owner", password="a-long-password-1")
    client.force_login(owner)
    assessment = synthetic_assessment(items=1000, owner=owner)
    every_third = [item.pk for item in assessment.items.all() if int(item.number) % 3 == 0]
    Response.objects.filter(item__in=every_third).update(finding=Finding.NOT_COMPLIANT)
    return assessment


def test_the_first_response_holds_the_first_chunk_and_the_counts_of_every_row(client, thousand):
    page = client.get(f"/assessments/{thousand.pk}/").content.decode()
    assert numbers(page) == list(range(1, FIRST + 1))
    assert "Showing 1000 of 1000 items." in page
    assert placeholders(page) == [f"/assessments/{thousand.pk}/rows/?offset={FIRST}"]
    first = thousand.instruments.order_by("symbol").first()
    assert f'href="/assessments/{thousand.pk}/?all=1"' in page
    assert f'href="/assessments/{thousand.pk}/?instrument={first.pk}&amp;all=1"' in page


def test_each_chunk_url_returns_the_next_filtered_rows_then_the_next_placeholder(client, thousand):
    page = client.get(f"/assessments/{thousand.pk}/?finding=not_compliant").content.decode()
    assert "Showing 332 of 1000 items." in page
    chunks = [numbers(page)]
    (url,) = placeholders(page)
    while url:
        assert "finding=not_compliant" in url
        chunk = client.get(url, headers=HTMX).content.decode()
        chunks.append(numbers(chunk))
        url = next(iter(placeholders(chunk)), None)
    assert [len(chunk) for chunk in chunks] == [FIRST, CHUNK, CHUNK, CHUNK, 332 - FIRST - 3 * CHUNK]
    every_third = list(range(3, 500, 3))
    assert [number for chunk in chunks for number in chunk] == every_third + every_third


def test_an_instrument_s_heading_comes_once_with_its_first_row(client, thousand):
    first, second = thousand.instruments.order_by("symbol")
    chunk = client.get(f"/assessments/{thousand.pk}/rows/?offset=450").content.decode()
    assert f'id="instrument-{first.pk}"' not in chunk
    assert f'aria-labelledby="instrument-{first.pk}"' in chunk
    assert chunk.count(f'id="instrument-{second.pk}"') == 1
    chunk = client.get(f"/assessments/{thousand.pk}/rows/?offset=550").content.decode()
    assert f'id="instrument-{second.pk}"' not in chunk
    assert f'aria-labelledby="instrument-{second.pk}"' in chunk


def test_the_full_page_holds_every_row_and_keeps_the_filters(client, thousand):
    page = client.get(f"/assessments/{thousand.pk}/?all=1").content.decode()
    assert numbers(page) == [*range(1, 501), *range(1, 501)]
    assert placeholders(page) == []
    page = client.get(f"/assessments/{thousand.pk}/?all=1&finding=not_compliant").content.decode()
    assert numbers(page) == [*range(3, 500, 3), *range(3, 500, 3)]
    assert '<input type="hidden" name="all" value="1">' in page


@pytest.mark.parametrize("query", ["", "offset=abc", "offset=-1", "offset=1000"])
def test_a_chunk_that_is_not_there_is_a_404(client, thousand, query):
    assert client.get(f"/assessments/{thousand.pk}/rows/?{query}").status_code == 404


def test_the_first_chunk_reads_only_its_own_rows_and_the_one_after(client, thousand, monkeypatch):
    built = []

    def counted(**values):
        built.append(values["pk"])
        return Row(**values)

    monkeypatch.setattr(selectors, "Row", counted)
    page = client.get(f"/assessments/{thousand.pk}/?finding=not_compliant").content.decode()
    assert "Showing 332 of 1000 items." in page
    assert len(built) == FIRST + 1
    built.clear()
    client.get(f"/assessments/{thousand.pk}/rows/?offset=900", headers=HTMX)
    assert len(built) == CHUNK


def queries_for(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, headers=HTMX).status_code == 200
    return len(queries)


def test_a_chunk_runs_as_many_queries_at_300_items_as_at_30(
    client, django_user_model, django_assert_num_queries
):
    owner = django_user_model.objects.create_user("owner", password="a-long-password-1")
    client.force_login(owner)
    small = synthetic_assessment(items=30, owner=owner, prefix="S")
    large = synthetic_assessment(items=300, owner=owner, prefix="L")
    for query in ["", "?finding=not_assessed&theme=non-refoulement", "rows/?offset=25"]:
        expected = queries_for(client, f"/assessments/{small.pk}/{query}")
        with django_assert_num_queries(expected):
            client.get(f"/assessments/{large.pk}/{query}", headers=HTMX)


@pytest.fixture
def marked(thousand):
    """Some of the 1,000 items with open comments, resolved ones, returned by a reviewer,
    and tagged with one more theme, an affected group or an SDG target."""
    items = list(thousand.items.order_by("position"))
    Comment.objects.bulk_create(Comment(item=item, text="Why?") for item in items[::7])
    Comment.objects.bulk_create(
        Comment(item=item, text="Done.", resolved_at=timezone.now()) for item in items[::5]
    )
    Response.objects.filter(item__in=items[::4]).update(review=ItemReview.RETURNED)
    used = Item.themes.through.objects.filter(item__assessment=thousand).values("theme_id")
    extra_theme = Theme.objects.exclude(pk__in=used).order_by("pk").first()
    minorities = AffectedGroup.objects.get(slug="minorities")
    for through, tag, tagged in [
        (Item.themes.through, {"theme": extra_theme}, items[::6]),
        (Item.groups.through, {"affectedgroup": minorities}, items[1::3]),
        (Item.sdg_targets.through, {"sdgtarget": SdgTarget.objects.get(code="16.3")}, items[::9]),
    ]:
        through.objects.bulk_create(through(item=item, **tag) for item in tagged)
    return thousand, extra_theme


FILTERS = [
    {"finding": Finding.NOT_COMPLIANT},
    {"open_comments": "1"},
    {"returned": "1", "finding": Finding.NOT_ASSESSED},
    {"theme": "the extra theme"},
    {"group": "minorities", "open_comments": "1"},
    {"sdg": "16.3", "returned": "1"},
]


def expected_rows(assessment, chosen: dict) -> list[int]:
    """Item pks the filters let through, worked out in Python on every row."""
    keep = []
    for row in selectors.load_rows(assessment.pk):
        tags = {
            "theme": [key for key, _ in row.themes],
            "group": [key for key, _ in row.groups],
            "sdg": [key for key, _ in row.sdg_targets],
        }
        if (
            chosen.get("finding", row.finding) == row.finding
            and (not chosen.get("open_comments") or row.open_comments)
            and (not chosen.get("returned") or row.review == ItemReview.RETURNED)
            and all(chosen[name] in tags[name] for name in tags if name in chosen)
        ):
            keep.append(row.pk)
    return keep


@pytest.mark.parametrize("chosen", FILTERS)
def test_counts_and_rows_are_exact_under_each_filter(client, marked, chosen):
    assessment, extra_theme = marked
    chosen = {**chosen, "theme": extra_theme.slug} if "theme" in chosen else chosen
    expected = expected_rows(assessment, chosen)
    assert 0 < len(expected) < 1000
    page = client.get(f"/assessments/{assessment.pk}/", chosen).content.decode()
    assert f"Showing {len(expected)} of 1000 items." in page
    shown = [int(pk) for pk in re.findall(r'<article [^>]*id="item-(\d+)"', page)]
    url = next(iter(placeholders(page)), None)
    while url:
        chunk = client.get(url, headers=HTMX).content.decode()
        shown += [int(pk) for pk in re.findall(r'<article [^>]*id="item-(\d+)"', chunk)]
        url = next(iter(placeholders(chunk)), None)
    assert shown == expected


def test_no_script_holds_up_domcontentloaded_but_htmx_which_must_not_start_late(client, team):
    """Scripts are async so that DOMContentLoaded does not wait for them, except htmx: loaded
    after DOMContentLoaded while the page is still "interactive", htmx 2 never starts, and the
    checklist's further rows never load (which a fast static server made happen)."""
    client.force_login(team.owner)
    page = client.get(f"/assessments/{team.assessment.pk}/").content.decode()
    scripts = re.findall(r"<script\b[^>]*\bsrc=\"([^\"]+)\"([^>]*)>", page)
    loading = {
        re.sub(r"\.[0-9a-f]{12}\.js$", ".js", src).rsplit("/", 1)[-1]: attributes.split()
        for src, attributes in scripts
    }
    assert loading.pop("htmx.min.js") == ["defer"]
    assert loading and all(attributes == ["async"] for attributes in loading.values())
