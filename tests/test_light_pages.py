"""Light pages at 1,000 items: compressed HTML, and a checklist that sends its first rows
and loads the rest as they come into view."""

import gzip
import re
from html import unescape

import pytest

from checklist.assessments.models import Finding, Response
from checklist.assessments.rows import CHUNK, FIRST
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
    return [unescape(url) for url in re.findall(r'hx-get="([^"]+)" hx-trigger="revealed"', html)]


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
