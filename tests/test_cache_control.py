"""Signed-in pages are not stored by browsers or proxies; public pages and static files are
left to their own caching."""


def test_signed_in_pages_are_private_and_not_stored(login, team):
    client = login(team.viewer)
    for path in ["/", f"/assessments/{team.assessment.pk}/", "/instruments/"]:
        cache_control = client.get(path)["Cache-Control"]
        assert "private" in cache_control and "no-store" in cache_control, path


def test_public_pages_and_static_files_are_left_alone(client, login, team):
    # Anonymous answers (here the redirect to sign in) are left to their own headers.
    assert "no-store" not in client.get("/").get("Cache-Control", "")
    static = login(team.viewer).get("/static/css/app.css")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")
