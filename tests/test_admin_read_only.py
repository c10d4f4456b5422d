"""Django admin shows assessments read-only: its forms would bypass versions, history, the
audit trail and the approval lock."""

import pytest

from checklist.assessments.models import Assessment, Response


@pytest.fixture
def response(team):
    return team.items[0].response


MODELS = ["assessment", "item", "response", "source", "responsechange"]


def test_staff_can_read_responses_but_not_change_them(login, staff, response):
    client = login(staff)
    url = f"/admin/assessments/response/{response.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Save" not in page.content.decode()
    answer = client.post(url, {"item": response.item_id, "finding": "compliant", "evidence": "x"})
    assert answer.status_code == 403
    response.refresh_from_db()
    assert (response.finding, response.evidence, response.version) == ("not_assessed", "", 0)


@pytest.mark.parametrize("model", MODELS)
def test_nothing_in_an_assessment_can_be_added_or_deleted_in_admin(login, staff, team, model):
    client = login(staff)
    assert client.get(f"/admin/assessments/{model}/add/").status_code == 403
    assessment = team.assessment
    assert client.post(f"/admin/assessments/assessment/{assessment.pk}/delete/").status_code == 403
    assert Assessment.objects.filter(pk=assessment.pk).exists()
    assert Response.objects.filter(item__assessment=assessment).count() == len(team.items)
