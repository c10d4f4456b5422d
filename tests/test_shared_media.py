"""Uploads and approved reports in S3-compatible storage (moto's standalone server, started
here on a free port): stored in the bucket, never on the app server's disk, served only
through the app's access checks, and saved by the backup."""

import hashlib
import json
import socket
import subprocess
import sys
import tarfile
import time
from io import StringIO

import pytest
import requests
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from checklist.assessments.models import ApprovedReport, Assessment, Source
from checklist.ops.storage import media_storage
from checklist.reports import pdf
from tests.factories import item_numbered
from tests.pdfs import text_pdf

boto3 = pytest.importorskip("boto3")
pytest.importorskip("moto.server", reason="moto[server] is not installed")
pytest.importorskip("storages.backends.s3", reason="django-storages is not installed")

BUCKET = "checklist-media"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_server():
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(url, timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        else:
            pytest.fail("moto's S3 server did not start")
        yield url
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture
def bucket(s3_server, settings, monkeypatch, tmp_path):
    """The app configured as the README says, through the S3_* variables."""
    for name, value in {
        "S3_BUCKET": BUCKET,
        "S3_ENDPOINT_URL": s3_server,
        "S3_REGION": "us-east-1",
        "S3_ACCESS_KEY_ID": "test-key",
        "S3_SECRET_ACCESS_KEY": "test-secret",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_server,
        region_name="us-east-1",
        aws_access_key_id="test-key",
        aws_secret_access_key="test-secret",
    )
    client.create_bucket(Bucket=BUCKET)
    settings.MEDIA_ROOT = tmp_path / "local-media"
    settings.STORAGES = {**settings.STORAGES, "default": media_storage()}
    yield client
    for stored in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=stored["Key"])
    client.delete_bucket(Bucket=BUCKET)


def keys(client) -> list[str]:
    return sorted(item["Key"] for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []))


def signed_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_an_upload_goes_to_the_bucket_and_comes_back_through_the_view(
    transactional_db, team, bucket, settings
):
    item = item_numbered(team.assessment, "A/RES/52/132", "16")
    document = text_pdf([["Refugee Act 2021"]])
    answer = signed_in(team.editor).post(
        f"/assessments/{team.assessment.pk}/items/{item.pk}/sources/",
        {"title": "Refugee Act", "url": "", "file": SimpleUploadedFile("act.pdf", document)},
    )
    assert answer.status_code == 302
    source = Source.objects.get()
    assert keys(bucket) == [source.file.name]
    assert bucket.get_object(Bucket=BUCKET, Key=source.file.name)["Body"].read() == document
    assert not settings.MEDIA_ROOT.exists()

    url = f"/assessments/{team.assessment.pk}/sources/{source.pk}/"
    downloaded = signed_in(team.viewer).get(url)
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == document
    assert signed_in(team.outsider).get(url).status_code == 404
    assert Client().get(url).status_code == 302  # to the login page, not to the bucket
    assert "Location" not in downloaded


def test_the_approved_report_is_stored_in_the_bucket_and_served_as_stored(
    transactional_db, team, bucket
):
    Assessment.objects.filter(pk=team.assessment.pk).update(
        review_state="approved", approved_by=team.reviewer, approved_at=timezone.now()
    )
    url = f"/assessments/{team.assessment.pk}/report/pdf/"
    first = b"".join(signed_in(team.viewer).get(url).streaming_content)
    stored = ApprovedReport.objects.get()
    assert keys(bucket) == [stored.file.name]
    assert hashlib.sha256(first).hexdigest() == stored.sha256
    again = b"".join(signed_in(team.owner).get(url).streaming_content)
    assert again == first
    assert pdf.fingerprint(stored).matches
    assert signed_in(team.outsider).get(url).status_code == 404


def test_the_backup_holds_the_bucket_files_and_health_checks_the_bucket(
    transactional_db, team, bucket, tmp_path
):
    Assessment.objects.filter(pk=team.assessment.pk).update(
        review_state="approved", approved_by=team.reviewer, approved_at=timezone.now()
    )
    stored = pdf.approved_report(team.assessment)
    archive = tmp_path / "backup.tar.gz"
    call_command("backup", str(archive), stdout=StringIO())
    with tarfile.open(archive, "r:gz") as opened:
        manifest = json.loads(opened.extractfile("manifest.json").read())
        saved = opened.extractfile(f"media/{stored.file.name}").read()
    assert [entry["name"] for entry in manifest["media"]] == [stored.file.name]
    assert hashlib.sha256(saved).hexdigest() == stored.sha256

    health = Client().get("/healthz/")
    assert health.json()["checks"]["storage"] == "ok"
    assert keys(bucket) == [stored.file.name]  # the probe cleaned up after itself
