"""Loaded by pytest before Django (`-p tests.testenv` in pyproject.toml): the environment
the suite runs in. Settings refuse to start without a SECRET_KEY outside DEBUG, as in
production, so the suite gives one of its own."""

import os
import shutil
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-for-the-suite")
# A variable missing from a template's context shows up in the page under test.
os.environ.setdefault("DJANGO_TEMPLATE_STRING_IF_INVALID", "INVALID-TEMPLATE-VARIABLE[%s]")
# Static files are collected with the test database (see conftest.py), into a folder of the
# run's own unless one is given; the run's own is removed when the run ends.
OWN_STATIC_ROOT = None
if "DJANGO_STATIC_ROOT" not in os.environ:
    OWN_STATIC_ROOT = tempfile.mkdtemp(prefix="checklist-static-")
    os.environ["DJANGO_STATIC_ROOT"] = OWN_STATIC_ROOT
# Files the app stores (uploads, reports rendered once and kept) go to a folder of the run's
# own, never into var/ of the working copy; tests that look at them use a tmp_path of theirs.
OWN_MEDIA_ROOT = None
if "DJANGO_MEDIA_ROOT" not in os.environ:
    OWN_MEDIA_ROOT = tempfile.mkdtemp(prefix="checklist-media-")
    os.environ["DJANGO_MEDIA_ROOT"] = OWN_MEDIA_ROOT


def pytest_unconfigure(config):
    for folder in (OWN_STATIC_ROOT, OWN_MEDIA_ROOT):
        if folder:
            shutil.rmtree(folder, ignore_errors=True)
