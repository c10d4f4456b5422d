"""Issue 12's figures: the largest reports a worker renders, against gunicorn's 30 s timeout.
The draft PDF of 2,000 items rendered once and then served from storage, and the PDF with
1,500 comments; both through the view, as a member downloads them."""

import time

from django.contrib.auth import get_user_model
from django.test import Client

from bench.data import synthetic_assessment
from bench.reports import with_findings
from checklist.assessments.models import Comment, Item

DRAFT_ITEMS = 2000
COMMENTED_ITEMS = 500
COMMENTS = 1500
COMMENT_TEXT = (
    "Please cite the regulation that puts this into effect, and say whether the courts "
    "have applied it since the law came into force; the evidence names only the act."
)


def timed_download(client: Client, url: str) -> float:
    start = time.perf_counter()
    answer = client.get(url)
    assert answer.status_code == 200, answer.status_code
    b"".join(answer.streaming_content) if answer.streaming else answer.content
    return time.perf_counter() - start


def run() -> None:
    owner = get_user_model().objects.create_user("bench-large", password="bench-password-1")
    client = Client()
    client.force_login(owner)
    draft = synthetic_assessment(items=DRAFT_ITEMS, owner=owner, prefix="BIG")
    with_findings(draft)
    url = f"/assessments/{draft.pk}/report/pdf/"
    first, again = timed_download(client, url), timed_download(client, url)

    commented = synthetic_assessment(items=COMMENTED_ITEMS, owner=owner, prefix="CMT")
    with_findings(commented)
    items = list(Item.objects.filter(assessment=commented).order_by("position"))
    Comment.objects.bulk_create(
        Comment(item=items[i % len(items)], author=owner, text=f"{COMMENT_TEXT} ({i + 1})")
        for i in range(COMMENTS)
    )
    with_comments = timed_download(client, f"/assessments/{commented.pk}/report/pdf/?comments=1")

    print("Largest reports (one run each; gunicorn kills a worker at 30 s)")
    print(f"  draft PDF, {DRAFT_ITEMS} items, first download   {first:6.1f} s")
    print(f"  same, second download (stored)       {again:6.1f} s")
    print(f"  PDF with {COMMENTS} comments ({COMMENTED_ITEMS} items)  {with_comments:6.1f} s")
