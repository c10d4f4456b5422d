"""Light pages at 1,000 items: compressed HTML, and a checklist that sends its first rows
and loads the rest as they come into view."""

import gzip


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
