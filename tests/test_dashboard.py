"""The dashboard after login: my assessments, their State, progress and last change."""

from tests.factories import set_finding


def test_lists_my_assessments_with_state_role_and_progress(login, team):
    set_finding(team, "16", "compliant")
    page = login(team.reviewer).get("/").content.decode()
    assert "Kenya" in page and "KE" in page
    assert f'href="/assessments/{team.assessment.pk}/">Review 2026</a>' in page
    assert "Reviewer" in page
    assert "1 of 10 items" in page
    assert "just now" in page


def test_outsiders_do_not_see_the_assessment(login, team):
    page = login(team.outsider).get("/").content.decode()
    assert "Review 2026" not in page
    assert "You are not a member of any organisation or assessment yet." in page


def test_login_lands_on_the_dashboard(client, team):
    from tests.factories import PASSWORD

    answer = client.post("/accounts/login/", {"username": "viewer", "password": PASSWORD})
    assert answer.status_code == 302
    assert answer["Location"] == "/"
