"""The review workflow: every transition for every role, per-item review, comments, emails,
the activity page, and the next round carried forward."""

import socket
import threading

import pytest
from django import db
from django.core import mail
from django.db import connection
from django.utils import timezone

from checklist.assessments import services, workflow
from checklist.assessments.models import (
    Assessment,
    Comment,
    Event,
    Finding,
    ItemReview,
    Response,
    Source,
)
from tests.factories import (
    HTMX,
    add_member,
    item_numbered,
    make_assessment,
    make_user,
    record_finding,
    set_finding,
)

State = Assessment.ReviewState


def assess_all(team, finding=Finding.COMPLIANT):
    for item in team.assessment.items.select_related("response"):
        record_finding(
            item.response, by=team.editor, finding=finding, evidence=f"Evidence for §{item.number}"
        )


def state_of(team) -> str:
    team.assessment.refresh_from_db()
    return team.assessment.review_state


def set_state(team, state):
    Assessment.objects.filter(pk=team.assessment.pk).update(review_state=state)
    team.assessment.refresh_from_db()


def accept_all(team):
    Response.objects.filter(item__assessment=team.assessment).update(review=ItemReview.ACCEPTED)


def seen_by(team, person) -> int:
    """What a page loaded now shows as of, for ``person`` (the approve form's ``seen``)."""
    return Event.objects.filter(assessment=team.assessment).not_by(person).last_pk()


def post(login, team, person, action, **data):
    data.setdefault("seen", seen_by(team, person))
    return login(person).post(f"/assessments/{team.assessment.pk}/{action}/", data)


def review(client, team, item, verdict, *, version=None, headers=None, **data):
    if version is None:
        version = Response.objects.get(item=item).version
    return client.post(
        f"/assessments/{team.assessment.pk}/items/{item.pk}/review/",
        {"verdict": verdict, "version": version, **data},
        headers=headers or {},
    )


# (action, starting state, role, expected status, state afterwards)
TRANSITIONS = [
    ("submit", State.DRAFT, "owner", 302, State.IN_REVIEW),
    ("submit", State.DRAFT, "editor", 302, State.IN_REVIEW),
    ("submit", State.DRAFT, "reviewer", 403, State.DRAFT),
    ("submit", State.DRAFT, "viewer", 403, State.DRAFT),
    ("submit", State.DRAFT, "outsider", 404, State.DRAFT),
    ("submit", State.CHANGES_REQUESTED, "editor", 302, State.IN_REVIEW),
    ("submit", State.IN_REVIEW, "editor", 302, State.IN_REVIEW),
    ("submit", State.APPROVED, "owner", 302, State.APPROVED),
    ("request-changes", State.IN_REVIEW, "reviewer", 302, State.CHANGES_REQUESTED),
    ("request-changes", State.IN_REVIEW, "owner", 403, State.IN_REVIEW),
    ("request-changes", State.IN_REVIEW, "editor", 403, State.IN_REVIEW),
    ("request-changes", State.IN_REVIEW, "viewer", 403, State.IN_REVIEW),
    ("request-changes", State.DRAFT, "reviewer", 302, State.DRAFT),
    ("approve", State.IN_REVIEW, "reviewer", 302, State.APPROVED),
    ("approve", State.IN_REVIEW, "owner", 403, State.IN_REVIEW),
    ("approve", State.IN_REVIEW, "editor", 403, State.IN_REVIEW),
    ("approve", State.IN_REVIEW, "viewer", 403, State.IN_REVIEW),
    ("approve", State.IN_REVIEW, "outsider", 404, State.IN_REVIEW),
    ("approve", State.DRAFT, "reviewer", 302, State.DRAFT),
    ("approve", State.CHANGES_REQUESTED, "reviewer", 302, State.CHANGES_REQUESTED),
    ("reopen", State.APPROVED, "owner", 302, State.DRAFT),
    ("reopen", State.APPROVED, "editor", 403, State.APPROVED),
    ("reopen", State.APPROVED, "reviewer", 403, State.APPROVED),
    ("reopen", State.APPROVED, "viewer", 403, State.APPROVED),
    ("reopen", State.IN_REVIEW, "owner", 302, State.IN_REVIEW),
]


@pytest.mark.parametrize(("action", "start", "role", "status", "after"), TRANSITIONS)
def test_transition_by_role_and_state(login, team, action, start, role, status, after):
    assess_all(team)
    accept_all(team)
    set_state(team, start)
    answer = post(login, team, getattr(team, role), action, reason="A typo in §16")
    assert answer.status_code == status
    assert state_of(team) == after
    moved = Event.objects.filter(kind=Event.Kind.TRANSITION).count()
    assert moved == (1 if after != start else 0)


def test_submitting_with_unassessed_items_lists_them_and_needs_confirmation(login, team):
    set_finding(team, "16", "compliant")
    answer = post(login, team, team.editor, "submit")
    assert answer.status_code == 409
    page = answer.content.decode()
    assert "9 items still not assessed" in page
    assert "§15 A/RES/52/132" in page
    assert state_of(team) == State.DRAFT
    answer = post(login, team, team.editor, "submit", confirm="yes")
    assert answer.status_code == 302
    assert state_of(team) == State.IN_REVIEW
    assert "9 items not assessed" in Event.objects.get(kind=Event.Kind.TRANSITION).summary


def test_approval_needs_every_item_accepted_and_no_open_comment(login, team):
    assess_all(team)
    set_state(team, State.IN_REVIEW)
    client = login(team.reviewer)
    url = f"/assessments/{team.assessment.pk}/approve/"
    answer = client.post(url, {"seen": seen_by(team, team.reviewer)}, follow=True)
    assert "Cannot approve: 10 items are not accepted yet." in answer.content.decode()
    accept_all(team)
    comment = workflow.add_comment(item=team.items[0], user=team.viewer and team.editor, text="?")
    answer = client.post(url, {"seen": seen_by(team, team.reviewer)}, follow=True)
    assert "1 comment is still open" in answer.content.decode()
    assert state_of(team) == State.IN_REVIEW
    workflow.set_comment_resolved(comment=comment, user=team.reviewer, resolved=True)
    client.post(url, {"seen": seen_by(team, team.reviewer)})
    assert state_of(team) == State.APPROVED
    assert team.assessment.approved_by == team.reviewer


def test_two_reviewers_approving_at_once_make_one_approval(team):
    second = make_user("second_reviewer")
    add_member(team.assessment, second, "reviewer")
    assess_all(team)
    accept_all(team)
    set_state(team, State.IN_REVIEW)
    # Both read the assessment "in review"; the second write must find it already approved.
    first_view = Assessment.objects.get(pk=team.assessment.pk)
    second_view = Assessment.objects.get(pk=team.assessment.pk)
    workflow.approve(assessment=first_view, user=team.reviewer)
    with pytest.raises(workflow.TransitionRefused):
        workflow._move(
            second_view,
            user=second,
            allowed_from={State.IN_REVIEW},
            to=State.APPROVED,
            note="",
        )
    assert Event.objects.filter(kind=Event.Kind.TRANSITION, to_state=State.APPROVED).count() == 1
    assert state_of(team) == State.APPROVED
    assert team.assessment.approved_by == team.reviewer


def test_an_approved_assessment_is_read_only(login, team):
    assess_all(team)
    set_state(team, State.APPROVED)
    item = team.items[0]
    base = f"/assessments/{team.assessment.pk}/items/{item.pk}"
    before = Response.objects.get(item=item).version
    save = login(team.editor).post(
        f"{base}/", {"finding": "not_compliant", "evidence": "", "notes": "", "version": before}
    )
    assert save.status_code == 403
    assert (
        login(team.owner)
        .post(f"{base}/sources/", {"title": "A", "url": "https://a.org"})
        .status_code
        == 403
    )
    comment = login(team.reviewer).post(f"{base}/comments/", {"text": "Late remark"})
    assert comment.status_code == 400
    assert Response.objects.get(item=item).version == before
    assert not Source.objects.exists() and not Comment.objects.exists()
    page = login(team.editor).get(f"/assessments/{team.assessment.pk}/").content.decode()
    assert 'class="response-form"' not in page


def test_reopening_starts_a_new_revision_and_is_recorded(login, team):
    assess_all(team)
    accept_all(team)
    set_state(team, State.APPROVED)
    answer = post(login, team, team.owner, "reopen", reason="New law adopted")
    assert answer.status_code == 302
    team.assessment.refresh_from_db()
    assert (team.assessment.review_state, team.assessment.revision) == (State.DRAFT, 2)
    assert team.assessment.approved_by is None
    assert set(Response.objects.values_list("review", flat=True)) == {ItemReview.PENDING}
    event = Event.objects.get(kind=Event.Kind.TRANSITION)
    assert "reopened as revision 2: New law adopted" in event.summary
    assert post(login, team, team.owner, "reopen", reason="").status_code == 302


def test_reviewer_accepts_or_returns_items_and_the_editor_sees_it(login, team):
    assess_all(team)
    set_state(team, State.IN_REVIEW)
    first, second = team.items[0], team.items[1]
    client = login(team.reviewer)
    review(client, team, first, "accepted")
    refused = client.get(review(client, team, second, "returned")["Location"])
    assert "Say what should change" in refused.content.decode()
    review(client, team, second, "returned", comment="Cite the law")
    assert Response.objects.get(item=first).review == ItemReview.ACCEPTED
    assert Response.objects.get(item=second).review == ItemReview.RETURNED
    assert Comment.objects.get(item=second).text == "Cite the law"
    dashboard = login(team.editor).get("/").content.decode()
    assert "was returned to you" in dashboard
    returned = login(team.editor).get(f"/assessments/{team.assessment.pk}/?returned=1")
    assert returned.content.decode().count('class="item-row') == 1
    assert review(login(team.editor), team, first, "accepted").status_code == 403
    assert "waiting for your review" in login(team.reviewer).get("/").content.decode()


def test_editing_an_accepted_item_sends_it_back_to_review(team):
    assess_all(team)
    set_state(team, State.IN_REVIEW)
    item = team.items[0]
    Response.objects.filter(item=item).update(review=ItemReview.ACCEPTED)
    response = Response.objects.get(item=item)
    record_finding(response, by=team.editor, finding="not_compliant", evidence="Changed")
    assert Response.objects.get(item=item).review == ItemReview.PENDING


def test_comments_thread_resolve_reopen_and_open_count(login, team):
    item = team.items[0]
    base = f"/assessments/{team.assessment.pk}"
    client = login(team.reviewer)
    assert (
        client.post(f"{base}/items/{item.pk}/comments/", {"text": "Which law?"}).status_code == 302
    )
    assert client.post(f"{base}/items/{item.pk}/comments/", {"text": "  "}).status_code == 400
    assert (
        login(team.viewer).post(f"{base}/items/{item.pk}/comments/", {"text": "Hi"}).status_code
        == 403
    )
    comment = Comment.objects.get()
    assert (comment.author, comment.is_open) == (team.reviewer, True)
    page = login(team.viewer).get(f"{base}/?open_comments=1").content.decode()
    assert page.count('class="item-row') == 1
    assert "1 open" in page
    login(team.editor).post(f"{base}/comments/{comment.pk}/resolve/", {"resolved": "yes"})
    comment.refresh_from_db()
    assert comment.resolved_by == team.editor and not comment.is_open
    login(team.editor).post(f"{base}/comments/{comment.pk}/resolve/", {"resolved": "no"})
    comment.refresh_from_db()
    assert comment.is_open
    thread = login(team.viewer).get(f"{base}/items/{item.pk}/comments/", headers=HTMX)
    assert "Which law?" in thread.content.decode()
    assert "Resolve" not in thread.content.decode()


def test_every_transition_emails_the_people_involved(
    login, team, django_capture_on_commit_callbacks
):
    assess_all(team)
    with django_capture_on_commit_callbacks(execute=True):
        post(login, team, team.editor, "submit")
    assert {tuple(m.to) for m in mail.outbox} == {("reviewer@example.org",), ("owner@example.org",)}
    assert "was submitted for review" in mail.outbox[0].subject
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        post(login, team, team.reviewer, "request-changes", note="More evidence")
    assert {tuple(m.to) for m in mail.outbox} == {("editor@example.org",), ("owner@example.org",)}


def test_activity_lists_changes_comments_and_transitions_newest_first(login, team):
    assess_all(team)
    workflow.add_comment(item=team.items[0], user=team.reviewer, text="Looks fine")
    post(login, team, team.editor, "submit")
    page = login(team.viewer).get(f"/assessments/{team.assessment.pk}/activity/").content.decode()
    assert page.index("Draft → In review") < page.index("Looks fine") < page.index("Created with")
    only_comments = (
        login(team.viewer)
        .get(f"/assessments/{team.assessment.pk}/activity/?kind=comment")
        .content.decode()
    )
    assert "Looks fine" in only_comments and "Draft → In review" not in only_comments
    by_reviewer = (
        login(team.viewer)
        .get(f"/assessments/{team.assessment.pk}/activity/?person={team.reviewer.pk}")
        .content.decode()
    )
    assert "Looks fine" in by_reviewer and "Created with" not in by_reviewer


def test_next_round_carries_findings_evidence_and_sources_forward(login, team, media):
    assess_all(team, Finding.PARTIALLY_COMPLIANT)
    item = item_numbered(team.assessment, "A/RES/52/132", "16")
    services.add_source(
        response=item.response,
        user=team.editor,
        source=services.NewSource(title="Act", url="https://ex.org/act", upload=None),
    )
    answer = post(login, team, team.owner, "next-round", title="Review 2027", as_of="2027-06-30")
    assert answer.status_code == 302
    new = Assessment.objects.get(title="Review 2027")
    assert answer["Location"] == f"/assessments/{new.pk}/"
    assert (new.previous, new.country.code, new.review_state) == (
        team.assessment,
        "KE",
        State.DRAFT,
    )
    carried = item_numbered(new, "A/RES/52/132", "16").response
    assert (carried.finding, carried.evidence) == ("partially_compliant", "Evidence for §16")
    assert carried.carried_from == item.response
    assert carried.sources.get().url == "https://ex.org/act"
    record_finding(carried, by=team.owner, finding="compliant", evidence="Now in force")
    page = login(team.owner).get(f"/assessments/{new.pk}/").content.decode()
    assert page.count("Carried from the previous round") == 9
    assert page.count("Changed since the previous round") == 1
    assert "was: Partially compliant" in page
    assert (
        post(login, team, team.editor, "next-round", title="X", as_of="2027-01-01").status_code
        == 403
    )


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="threads need a server database; SQLite's IMMEDIATE transactions serialise anyway",
)
def test_two_reviewers_racing_in_threads_make_one_approval(transactional_db, seeded):
    """Two reviewers press Approve at the same moment, in two database sessions."""
    owner, first, second = make_user("owner"), make_user("first"), make_user("second")
    assessment = make_assessment(owner=owner, title="Race", instruments=[seeded["excom"]])
    for reviewer in (first, second):
        add_member(assessment, reviewer, "reviewer")
    Response.objects.filter(item__assessment=assessment).update(review=ItemReview.ACCEPTED)
    Assessment.objects.filter(pk=assessment.pk).update(review_state=State.IN_REVIEW)
    start = threading.Barrier(2)
    outcomes = []

    def press_approve(reviewer):
        view = Assessment.objects.get(pk=assessment.pk)
        start.wait()
        try:
            workflow.approve(assessment=view, user=reviewer)
            outcomes.append("approved")
        except workflow.TransitionRefused:
            outcomes.append("refused")
        finally:
            db.connection.close()

    threads = [threading.Thread(target=press_approve, args=(r,)) for r in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["approved", "refused"]
    approvals = Event.objects.filter(assessment=assessment, to_state=State.APPROVED)
    assert approvals.count() == 1
    assessment.refresh_from_db()
    assert assessment.approved_by == approvals.get().actor


def closed_port() -> int:
    """A local port nothing listens on: connecting to it is refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_an_unreachable_mail_server_leaves_the_transition_saved_and_says_so(
    transactional_db, login, team, settings, caplog
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", closed_port()
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 5
    assess_all(team)
    answer = post(login, team, team.editor, "submit")
    assert answer.status_code == 302
    assert state_of(team) == State.IN_REVIEW
    assert Event.objects.filter(kind=Event.Kind.TRANSITION, to_state=State.IN_REVIEW).exists()
    page = login(team.editor).get(answer["Location"]).content.decode()
    assert "Submitted for review." in page
    assert "Saved. The e-mail to owner, reviewer could not be sent" in page
    assert "have been told by email" not in page
    failure = next(r for r in caplog.records if r.name == "checklist.assessments.workflow")
    assert f"assessment {team.assessment.pk} was submitted for review" in failure.getMessage()
    assert failure.exc_info is not None

    answer = login(team.reviewer).post(
        f"/assessments/{team.assessment.pk}/request-changes/", {"note": "More"}, follow=True
    )
    assert answer.status_code == 200
    assert state_of(team) == State.CHANGES_REQUESTED
    assert "Changes requested." in answer.content.decode()
    assert "could not be sent" in answer.content.decode()


def test_a_title_with_line_breaks_still_moves_and_mails_on_one_line(transactional_db, login, team):
    Assessment.objects.filter(pk=team.assessment.pk).update(title="Review\r\nBcc: x@evil.test")
    assess_all(team)
    answer = post(login, team, team.editor, "submit")
    assert answer.status_code == 302
    assert state_of(team) == State.IN_REVIEW
    assert len(mail.outbox) == 2
    for message in mail.outbox:
        assert "\r" not in message.subject and "\n" not in message.subject
        assert message.subject == "Kenya: Review Bcc: x@evil.test was submitted for review"
        assert message.to in (["reviewer@example.org"], ["owner@example.org"])


def edit_after_the_reviewer_read(team, item) -> int:
    """The reviewer reads the item at its current version; the editor then rewrites it.
    Returns the version the reviewer read."""
    read = Response.objects.get(item=item).version
    response = Response.objects.select_related("item__assessment").get(item=item)
    services.save_response(
        response=response,
        user=team.editor,
        version=read,
        finding=Finding.NOT_COMPLIANT,
        evidence="Rewritten after the review started.",
        notes="",
    )
    return read


@pytest.fixture
def in_review(team):
    assess_all(team)
    set_state(team, State.IN_REVIEW)
    return team


def test_accepting_a_version_that_changed_is_refused_and_shows_what_changed(login, in_review):
    team, item = in_review, in_review.items[0]
    reviewer = login(team.reviewer)
    page = reviewer.get(f"/assessments/{team.assessment.pk}/").content.decode()
    read = edit_after_the_reviewer_read(team, item)
    assert f'name="version" value="{read}"' in page
    events = Event.objects.count()
    answer = review(reviewer, team, item, "accepted", version=read, comment="Fine as it is")
    assert answer.status_code == 409
    assert Response.objects.get(item=item).review == ItemReview.PENDING
    assert Event.objects.count() == events and not Comment.objects.exists()
    html = answer.content.decode()
    assert "Not recorded: This item changed after you opened it" in html
    assert "When you opened it" in html and f"Evidence for §{item.number}" in html
    assert "Rewritten after the review started." in html
    assert 'value="Fine as it is"' in html  # the comment typed is kept
    assert f'name="version" value="{read + 1}"' in html
    report = reviewer.get(f"/assessments/{team.assessment.pk}/report/print/").content.decode()
    assert "Reviewed and accepted by" not in report


def test_a_stale_review_through_htmx_is_a_409_row_and_keeps_the_comment(login, in_review):
    team, item = in_review, in_review.items[1]
    read = edit_after_the_reviewer_read(team, item)
    answer = review(
        login(team.reviewer),
        team,
        item,
        "returned",
        version=read,
        comment="Cite the law",
        headers=HTMX,
    )
    assert answer.status_code == 409
    html = answer.content.decode()
    assert html.startswith('<article class="item-row') and f'id="item-{item.pk}"' in html
    assert "Rewritten after the review started." in html and 'value="Cite the law"' in html
    assert Response.objects.get(item=item).review == ItemReview.PENDING
    assert not Comment.objects.exists()
    fresh = review(login(team.reviewer), team, item, "accepted", version=read + 1, headers=HTMX)
    assert fresh.status_code == 200
    assert "Accepted</span> by <bdi>reviewer</bdi>" in fresh.content.decode()
    assert Response.objects.get(item=item).review == ItemReview.ACCEPTED


def test_a_review_without_the_version_read_is_refused(login, in_review):
    team, item = in_review, in_review.items[0]
    answer = login(team.reviewer).post(
        f"/assessments/{team.assessment.pk}/items/{item.pk}/review/",
        {"verdict": "accepted"},
        headers=HTMX,
    )
    assert answer.status_code == 400
    assert "Reload the page and review the item again." in answer.content.decode()
    assert Response.objects.get(item=item).review == ItemReview.PENDING


def test_approving_a_page_older_than_a_change_is_refused(login, in_review):
    team = in_review
    accept_all(team)
    seen = seen_by(team, team.reviewer)
    workflow.add_comment(item=team.items[0], user=team.editor, text="Late addition")
    Comment.objects.update(resolved_at=timezone.now())
    answer = post(login, team, team.reviewer, "approve", seen=seen)
    assert answer.status_code == 302
    assert state_of(team) == State.IN_REVIEW
    page = login(team.reviewer).get(answer["Location"]).content.decode()
    assert "The assessment changed after you opened this page" in page
    assert post(login, team, team.reviewer, "approve", seen="x").status_code == 302
    assert state_of(team) == State.IN_REVIEW
    assert post(login, team, team.reviewer, "approve").status_code == 302
    assert state_of(team) == State.APPROVED


def test_the_reviewers_own_changes_do_not_make_their_page_stale(login, in_review):
    team = in_review
    client = login(team.reviewer)
    page = client.get(f"/assessments/{team.assessment.pk}/").content.decode()
    seen = int(page.split('name="seen" value="')[1].split('"')[0])
    for item in team.items:
        review(client, team, item, "accepted", headers=HTMX)
    workflow.add_comment(item=team.items[0], user=team.reviewer, text="Noted")
    Comment.objects.update(resolved_at=timezone.now())
    assert post(login, team, team.reviewer, "approve", seen=seen).status_code == 302
    assert state_of(team) == State.APPROVED


def test_a_comment_past_the_limit_is_refused_and_kept(login, team):
    item = team.items[0]
    too_long = "x" * 10_001
    answer = login(team.reviewer).post(
        f"/assessments/{team.assessment.pk}/items/{item.pk}/comments/",
        {"text": too_long},
        headers=HTMX,
    )
    assert answer.status_code == 400
    assert "at most 10,000 characters; this one has 10,001" in answer.content.decode()
    assert too_long in answer.content.decode()
    assert not Comment.objects.exists()
    with pytest.raises(workflow.TransitionRefused):
        workflow.add_comment(item=item, user=team.reviewer, text=too_long)
