"""/healthz: no login, checks the database and the media storage, says which failed."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import OperationalError
from django.test import Client


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def test_healthy_answers_200_without_login_and_leaves_no_probe(db, media):
    for url in ("/healthz", "/healthz/"):
        response = Client().get(url)
        assert response.status_code == 200
        assert response.json() == {
            "status": "ok",
            "checks": {"database": "ok", "storage": "ok"},
        }
    assert [path for path in media.rglob("*") if path.is_file()] == []


def test_a_storage_that_cannot_write_is_named(db, media, monkeypatch):
    def refuse(*args, **kwargs):
        raise PermissionError("read-only file system")

    monkeypatch.setattr(default_storage, "save", refuse)
    response = Client().get("/healthz/")
    assert response.status_code == 503
    assert response.json() == {
        "status": "failing",
        "checks": {"database": "ok", "storage": "failed: PermissionError"},
    }


def test_a_storage_that_returns_other_bytes_is_named(db, media, monkeypatch):
    monkeypatch.setattr(
        default_storage, "open", lambda name, mode="rb": ContentFile(b"something else")
    )
    response = Client().get("/healthz/")
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == "failed: OSError"


def test_a_database_that_does_not_answer_is_named(db, media, monkeypatch):
    from checklist.ops import views

    def down():
        raise OperationalError("connection refused")

    monkeypatch.setattr(views, "_database", down)
    response = Client().get("/healthz/")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "failed: OperationalError",
        "storage": "ok",
    }


def test_health_check_is_not_redirected_to_https(db, media, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert Client().get("/healthz/").status_code == 200
    assert Client().get("/accounts/login/").status_code == 301
