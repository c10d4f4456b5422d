"""How people are named on every page, the report and the exports: their full name, else
their username, and one placeholder for an account that was deleted (checklist.people)."""

from checklist.assessments import workflow
from checklist.assessments.models import Assessment, Finding, ItemReview
from tests.factories import HTMX, add_member, make_user, record_finding

REMOVED = "a removed account"


def test_a_removed_account_and_a_full_name_read_the_same_everywhere(login, team):
    leaver = make_user("leaver")
    add_member(team.assessment, leaver, "editor")
    first, second = team.items[0], team.items[1]
    record_finding(first.response, by=leaver, finding=Finding.COMPLIANT)
    workflow.add_comment(item=first, user=leaver, text="Checked the act.")
    leaver.delete()
    team.reviewer.first_name, team.reviewer.last_name = "Rita", "Reviewer"
    team.reviewer.save()
    Assessment.objects.filter(pk=team.assessment.pk).update(
        review_state=Assessment.ReviewState.IN_REVIEW
    )
    second.response.refresh_from_db()
    workflow.review_item(
        response=second.response,
        user=team.reviewer,
        verdict=ItemReview.ACCEPTED,
        version=second.response.version,
    )
    client = login(team.owner)
    base = f"/assessments/{team.assessment.pk}"

    def page(path: str, **options) -> str:
        answer = client.get(f"{base}/{path}", **options)
        assert answer.status_code == 200
        return answer.content.decode()

    checklist = page("")
    assert f"Last changed by <bdi>{REMOVED}</bdi>" in checklist
    assert "Accepted</span> by <bdi>Rita Reviewer</bdi>" in checklist
    assert REMOVED in page(f"items/{first.pk}/history/", headers=HTMX)
    assert f"<strong>{REMOVED}</strong>" in page(f"items/{first.pk}/comments/", headers=HTMX)
    activity = page("activity/")
    assert f"<td>{REMOVED}</td>" in activity and "<td>Rita Reviewer</td>" in activity
    report = page("report/print/")
    assert f"<td>{REMOVED}</td>" in report
    assert 'Reviewed and accepted by <bdi dir="ltr">Rita Reviewer</bdi>' in report
