"""Issue 12's figures: the largest reports, against gunicorn's 30 s worker timeout. The
render of a draft of 2,000 items and of a PDF with 1,500 comments (they run in a thread of
their own, see reports.cached), and the download of the draft once it is stored."""

import time

from django.contrib.auth import get_user_model
from django.test import Client

from bench.data import synthetic_assessment
from bench.reports import with_findings
from checklist.assessments.models import Comment, Item
from checklist.reports import cached, pdf

DRAFT_ITEMS = 2000
COMMENTED_ITEMS = 500
COMMENTS = 1500
COMMENT_TEXT = (
    "Please cite the regulation that puts this into effect, and say whether the courts "
    "have applied it since the law came into force; the evidence names only the act."
)


def seconds(action) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def download(client: Client, url: str) -> None:
    answer = client.get(url)
    assert answer.status_code == 200, answer.status_code
    b"".join(answer.streaming_content)


def run() -> None:
    owner = get_user_model().objects.create_user("bench-large", password="bench-password-1")
    client = Client()
    client.force_login(owner)
    draft = synthetic_assessment(items=DRAFT_ITEMS, owner=owner, prefix="BIG")
    with_findings(draft)
    render = seconds(lambda: pdf.report_pdf(draft))
    # The first download renders and stores the file (waiting for it); the next one reads it.
    cached.WAIT_SECONDS = 120
    first = seconds(lambda: download(client, f"/assessments/{draft.pk}/report/pdf/"))
    again = seconds(lambda: download(client, f"/assessments/{draft.pk}/report/pdf/"))

    commented = synthetic_assessment(items=COMMENTED_ITEMS, owner=owner, prefix="CMT")
    with_findings(commented)
    items = list(Item.objects.filter(assessment=commented).order_by("position"))
    Comment.objects.bulk_create(
        Comment(item=items[i % len(items)], author=owner, text=f"{COMMENT_TEXT} ({i + 1})")
        for i in range(COMMENTS)
    )
    with_comments = seconds(lambda: pdf.report_pdf(commented, with_comments=True))

    print("Largest reports (one run each; gunicorn kills a request's worker at 30 s)")
    print(f"  draft of {DRAFT_ITEMS} items: render                {render:6.1f} s")
    print(f"  same, first download (render, store)    {first:6.1f} s")
    print(f"  same, next download (stored file)       {again:6.2f} s")
    print(f"  {COMMENTS} comments on {COMMENTED_ITEMS} items: render       {with_comments:6.1f} s")
    print("  a request waits for a render at most cached.WAIT_SECONDS (20 s), then answers 503")
