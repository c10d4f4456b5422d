"""Loaded by pytest before Django (`-p tests.testenv` in pyproject.toml): the environment
the suite runs in. Settings refuse to start without a SECRET_KEY outside DEBUG, as in
production, so the suite gives one of its own."""

import os
import tempfile

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-for-the-suite")
# A variable missing from a template's context shows up in the page under test.
os.environ.setdefault("DJANGO_TEMPLATE_STRING_IF_INVALID", "INVALID-TEMPLATE-VARIABLE[%s]")
# Static files are collected once per run (see conftest.py), into a folder of the run's own,
# so pages render through the same manifest storage as in production.
os.environ.setdefault("DJANGO_STATIC_ROOT", tempfile.mkdtemp(prefix="checklist-static-"))
# Files the app stores (uploads, reports rendered once and kept) go to a folder of the run's
# own, never into var/ of the working copy; tests that look at them use a tmp_path of theirs.
os.environ.setdefault("DJANGO_MEDIA_ROOT", tempfile.mkdtemp(prefix="checklist-media-"))
