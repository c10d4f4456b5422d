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


def pytest_unconfigure(config):
    if OWN_STATIC_ROOT:
        shutil.rmtree(OWN_STATIC_ROOT, ignore_errors=True)
