"""The PDF report and its print view: content, draft marking, the stored approved file and
its fingerprint, the URL fetcher's refusals, and who may read them."""

import hashlib
import io
import threading
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.utils import timezone
from pypdf import PdfReader

from checklist.assessments.models import (
    ApprovedReport,
    Comment,
    Finding,
    ItemReview,
    ReportRender,
    Response,
    Role,
)
from checklist.reports import cached, fetcher, pdf
from checklist.synthetic import synthetic_assessment
from tests.factories import add_member, client_of, make_user, record_finding
from tests.factories import approve_directly as approve
from tests.factories import download_pdf as download

INJECTION = '<img src="http://127.0.0.1:9/x"> <link rel="attachment" href="file:///etc/passwd">'


@pytest.fixture
def people(db):
    return {
        name: make_user(name, first_name=name.title(), last_name="Tester")
        for name in ("owner", "editor", "reviewer", "viewer", "outsider")
    }


def build(people, *, items: int = 6):
    assessment = synthetic_assessment(items=items, owner=people["owner"])
    for role in (Role.EDITOR, Role.REVIEWER, Role.VIEWER):
        add_member(assessment, people[role], role)
    return assessment


def answer(assessment, position: int, *, finding: str, evidence: str = "", notes: str = ""):
    response = Response.objects.select_related("item__assessment").get(
        item__assessment=assessment, item__position=position
    )
    return record_finding(
        response, by=assessment.created_by, finding=finding, evidence=evidence, notes=notes
    )


def pages_of(data: bytes) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_pdf_prints_state_items_findings_and_metadata(people):
    assessment = build(people)
    answer(assessment, 1, finding=Finding.COMPLIANT, evidence="Law 12/2024 in force.")
    answer(assessment, 2, finding=Finding.NOT_COMPLIANT, notes="Team-only remark, not printed")
    text = " ".join(pages_of(download(client_of(people["viewer"]), assessment)))
    assert "Norway (NO)" in text
    for item in assessment.items.select_related("response"):
        assert f"§{item.number} Calls upon" in text
    assert "Finding: Compliant" in text
    assert "Finding: Not compliant" in text
    assert text.count("Finding: Not assessed") == 4
    assert "Law 12/2024 in force." in text
    assert "Team-only remark" not in text
    assert "Owner Tester, Editor Tester" in text  # prepared by
    assert "Page 1 of" in text
    reader = PdfReader(io.BytesIO(download(client_of(people["viewer"]), assessment)))
    assert reader.metadata.title == f"Norway: {assessment.title}"
    assert reader.metadata.author == "Owner Tester, Editor Tester"
    assert "Compliance report, revision 1" in reader.metadata.subject
    assert "/StructTreeRoot" in reader.trailer["/Root"]


def test_page_count_grows_with_items(people):
    small = build(people, items=4)
    large = synthetic_assessment(items=60, owner=people["owner"], prefix="BIG")
    owner = client_of(people["owner"])
    assert len(pages_of(download(owner, large))) > len(pages_of(download(owner, small)))


def test_draft_on_every_page_until_approved(people, media):
    assessment = build(people)
    owner = client_of(people["owner"])
    draft = pages_of(download(owner, assessment))
    assert all("DRAFT" in page for page in draft)
    approve(assessment, people["reviewer"])
    approved = pages_of(download(owner, assessment))
    assert not any("DRAFT" in page for page in approved)
    assert "Reviewer Tester" in approved[0]


def test_reviewer_signoff_is_printed(people):
    assessment = build(people)
    Response.objects.filter(item__assessment=assessment, item__position=3).update(
        review=ItemReview.ACCEPTED, reviewed_by=people["reviewer"], reviewed_at=timezone.now()
    )
    text = " ".join(pages_of(download(client_of(people["owner"]), assessment)))
    assert text.count("Reviewed and accepted by Reviewer Tester") == 1


def test_comments_only_when_asked(people):
    assessment = build(people)
    Comment.objects.create(
        item=assessment.items.first(), author=people["reviewer"], text="Check the 2025 law"
    )
    owner = client_of(people["owner"])
    assert "Check the 2025 law" not in " ".join(pages_of(download(owner, assessment)))
    with_comments = " ".join(pages_of(download(owner, assessment, "?comments=1")))
    assert "Check the 2025 law" in with_comments
    assert "Created with 6 items" in with_comments  # the audit trail


def test_user_markup_is_printed_as_text_and_nothing_is_fetched(people, monkeypatch):
    asked = []
    original = fetcher.StaticOnlyFetcher.fetch

    def recording(self, url, headers=None):
        asked.append(url)
        return original(self, url, headers)

    monkeypatch.setattr(fetcher.StaticOnlyFetcher, "fetch", recording)
    assessment = build(people)
    answer(assessment, 1, finding=Finding.COMPLIANT, evidence=INJECTION)
    data = download(client_of(people["owner"]), assessment)
    text = "".join(" ".join(pages_of(data)).split())
    assert "<imgsrc=" in text and "127.0.0.1:9/x" in text
    assert 'href="file:///etc/passwd">' in text
    assert b"/EmbeddedFiles" not in data and b"/EmbeddedFile" not in data
    assert asked  # the report's own stylesheet
    assert all(url.startswith(fetcher.BASE_URL + "static/") for url in asked)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:9/x",
        "file:///etc/passwd",
        "https://report.invalid/static/../../etc/passwd",
        "https://report.invalid/etc/passwd",
    ],
)
def test_fetcher_refuses_anything_but_static_files(url):
    with pytest.raises(fetcher.RefusedURL):
        fetcher.StaticOnlyFetcher()(url)


def test_fetcher_serves_static_files_and_data_urls():
    css = fetcher.StaticOnlyFetcher()(fetcher.BASE_URL + "static/reports/report.css")
    assert b"@page" in css.read()
    assert fetcher.StaticOnlyFetcher()("data:text/plain,hello").read() == b"hello"


def test_approved_report_is_stored_once_and_served_byte_for_byte(people, media):
    assessment = build(people)
    approve(assessment, people["reviewer"])
    viewer = client_of(people["viewer"])
    first = download(viewer, assessment)
    second = download(client_of(people["editor"]), assessment)
    assert first == second
    stored = ApprovedReport.objects.get(assessment=assessment)
    assert stored.revision == 1
    assert stored.file.name.startswith("reports/")
    assert stored.sha256 == hashlib.sha256(first).hexdigest()

    # The last page prints the SHA-256 of the file's first N bytes: the report before it.
    last = pages_of(first)[-1]
    printed_length = int(last.split("the file’s first ")[1].split(" bytes")[0])
    printed = last.split("bytes):")[1].split()[0]
    assert hashlib.sha256(first[:printed_length]).hexdigest() == printed
    assert len(PdfReader(io.BytesIO(first[:printed_length])).pages) == len(pages_of(first)) - 1

    page = viewer.get(f"/assessments/{assessment.pk}/report/").content.decode()
    assert stored.sha256 in page
    assert printed in page
    assert "matches the stored file" in page


def test_racing_first_downloads_leave_one_stored_report(people, media, monkeypatch):
    assessment = build(people)
    approve(assessment, people["reviewer"])
    render = pdf.report_pdf
    theirs = render(assessment, language="en")

    def render_while_another_request_stores(assessment, **options):
        data = render(assessment, **options)
        # The other first download stores its file while this one renders.
        winner = ApprovedReport(
            assessment=assessment,
            revision=1,
            sha256=hashlib.sha256(theirs).hexdigest(),
            language="en",
        )
        winner.file.save("winner.pdf", ContentFile(theirs))
        return data

    monkeypatch.setattr(pdf, "report_pdf", render_while_another_request_stores)
    served = download(client_of(people["owner"]), assessment)
    stored = ApprovedReport.objects.get(assessment=assessment)
    assert served == theirs == stored.file.open("rb").read()
    assert [path.name for path in media.rglob("*.pdf")] == [stored.file.name.split("/")[-1]]


def test_print_view_is_the_report_as_a_page(people):
    assessment = build(people)
    answer(assessment, 1, finding=Finding.PARTIALLY_COMPLIANT, evidence=INJECTION)
    page = client_of(people["viewer"]).get(f"/assessments/{assessment.pk}/report/print/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "&lt;img src=&quot;http://127.0.0.1:9/x&quot;&gt;" in html
    assert "<svg" in html and "Partially compliant" in html
    assert "DRAFT" in html


REPORT_PATHS = [
    "report/",
    "report/pdf/",
    "report/print/",
    "report/responses.csv",
    "report/responses.xlsx",
]


@pytest.mark.parametrize("path", REPORT_PATHS)
def test_outsider_gets_404_and_every_member_may_read(people, path, media):
    assessment = build(people, items=2)
    url = f"/assessments/{assessment.pk}/{path}"
    assert client_of(people["outsider"]).get(url).status_code == 404
    for role in ("viewer", "reviewer", "editor", "owner"):
        assert client_of(people[role]).get(url).status_code == 200
    anonymous = Client().get(url)
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/?next=")
    assert client_of(people["owner"]).post(url).status_code == 405


def test_assessment_header_links_every_report(people):
    assessment = build(people, items=2)
    page = client_of(people["viewer"]).get(f"/assessments/{assessment.pk}/").content.decode()
    for path in REPORT_PATHS:
        assert f'href="/assessments/{assessment.pk}/{path}' in page


def test_a_stored_report_missing_from_storage_is_explained_not_a_500(people, media):
    assessment = build(people)
    approve(assessment, people["reviewer"])
    viewer = client_of(people["viewer"])
    download(viewer, assessment)
    stored = ApprovedReport.objects.get(assessment=assessment)
    stored.file.storage.delete(stored.file.name)
    url = f"/assessments/{assessment.pk}/report/"
    assert viewer.get(f"{url}pdf/").status_code == 503
    page = viewer.get(url)
    assert page.status_code == 200
    assert "missing from the file storage" in page.content.decode()
    assert stored.sha256 in page.content.decode()


@pytest.fixture
def renders(monkeypatch) -> list:
    """Every PDF rendering of a report, as (assessment pk, with comments)."""
    done = []
    render = pdf.report_pdf

    def counted(assessment, *, with_comments=False, **options):
        done.append((assessment.pk, with_comments))
        return render(assessment, with_comments=with_comments, **options)

    monkeypatch.setattr(pdf, "report_pdf", counted)
    return done


def test_a_draft_is_rendered_once_per_state_and_served_again(people, media, renders):
    assessment = build(people)
    first = download(client_of(people["viewer"]), assessment)
    again = download(client_of(people["editor"]), assessment)
    assert again == first and len(renders) == 1
    assert [path.parent.name for path in media.rglob("*.pdf")] == [str(assessment.pk)]

    answer(assessment, 2, finding=Finding.NOT_COMPLIANT, evidence="New law repealed.")
    changed = download(client_of(people["viewer"]), assessment)
    assert len(renders) == 2 and "New law repealed." in " ".join(pages_of(changed))
    assert download(client_of(people["owner"]), assessment) == changed and len(renders) == 2
    # The file of the earlier state is gone: nothing will ask for it again.
    assert len(list(media.rglob("*.pdf"))) == 1


def test_comments_and_sign_offs_change_the_state_too(people, media, renders):
    assessment = build(people)
    owner = client_of(people["owner"])
    download(owner, assessment, "?comments=1")
    download(owner, assessment)
    assert renders == [(assessment.pk, True), (assessment.pk, False)]
    from checklist.assessments import workflow

    workflow.add_comment(item=assessment.items.first(), user=people["reviewer"], text="Which law?")
    assert "Which law?" in " ".join(pages_of(download(owner, assessment, "?comments=1")))
    Response.objects.filter(item__assessment=assessment, item__position=1).update(
        review=ItemReview.ACCEPTED, reviewed_by=people["reviewer"], reviewed_at=timezone.now()
    )
    assert "Reviewed and accepted by" in " ".join(pages_of(download(owner, assessment)))
    assert len(renders) == 4


def test_while_another_request_renders_others_are_told_to_wait(people, media, renders, monkeypatch):
    assessment = build(people, items=2)
    monkeypatch.setattr(cached, "WAIT_SECONDS", 0)
    ReportRender.objects.create(assessment=assessment, started_at=timezone.now())
    answer = client_of(people["viewer"]).get(f"/assessments/{assessment.pk}/report/pdf/")
    assert answer.status_code == 503
    assert answer["Retry-After"] == "5"
    page = answer.content.decode()
    assert "The report is being prepared" in page
    assert '<meta http-equiv="refresh" content="5">' in page
    assert renders == [] and not list(media.rglob("*.pdf"))


def test_a_waiting_request_serves_the_file_the_other_render_stored(people, media, renders):
    assessment = build(people, items=2)
    stored_by_the_other = pdf.report_pdf(assessment, language="en")
    ReportRender.objects.create(assessment=assessment, started_at=timezone.now())
    stamp = cached.fingerprint(assessment, with_comments=False, language="en")
    default_storage.save(
        f"reports/cache/{assessment.pk}/plain-en-{stamp}.pdf", ContentFile(stored_by_the_other)
    )
    assert download(client_of(people["viewer"]), assessment) == stored_by_the_other
    assert len(renders) == 1  # only the "other" request's


def test_a_claim_left_by_a_killed_worker_is_taken_over(people, media, renders):
    assessment = build(people, items=2)
    abandoned = timezone.now() - timedelta(minutes=10)
    ReportRender.objects.create(assessment=assessment, started_at=abandoned)
    download(client_of(people["viewer"]), assessment)
    assert len(renders) == 1
    assert not ReportRender.objects.exists()


def test_a_render_runs_in_a_thread_that_outlives_the_request(
    people, transactional_db, media, renders, monkeypatch
):
    """Outside a transaction the render runs in a thread of its own: a request that waited
    long enough serves its file; one that could not is told to come back, and the render
    goes on and stores the file for the next request."""
    assessment = build(people, items=2)
    threads = []
    counted = pdf.report_pdf
    release = threading.Event()

    def slow(assessment, **options):
        threads.append(threading.current_thread())
        release.wait(10)
        return counted(assessment, **options)

    monkeypatch.setattr(pdf, "report_pdf", slow)
    monkeypatch.setattr(cached, "WAIT_SECONDS", 0.5)
    viewer = client_of(people["viewer"])
    url = f"/assessments/{assessment.pk}/report/pdf/"
    assert viewer.get(url).status_code == 503
    assert viewer.get(url).status_code == 503  # the same render, not a second one
    release.set()
    threads[0].join(10)
    assert threads[0] is not threading.current_thread() and len(threads) == 1
    assert not ReportRender.objects.exists()
    monkeypatch.setattr(cached, "WAIT_SECONDS", 5)
    assert "DRAFT" in " ".join(pages_of(download(viewer, assessment)))
    assert len(renders) == 1
