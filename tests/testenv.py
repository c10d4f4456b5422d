"""Loaded by pytest before Django (`-p tests.testenv` in pyproject.toml): the environment
the suite runs in. Settings refuse to start without a SECRET_KEY outside DEBUG, as in
production, so the suite gives one of its own."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "test-only-secret-key-for-the-suite")
# A variable missing from a template's context shows up in the page under test.
os.environ.setdefault("DJANGO_TEMPLATE_STRING_IF_INVALID", "INVALID-TEMPLATE-VARIABLE[%s]")
