"""`make load`: 20 editors saving findings at once through gunicorn, on PostgreSQL and SQLite.

Run as ``python -m load``; ``LOAD_SECONDS`` sets how long each run lasts (default 60).
"""
