"""gunicorn settings for the app behind nginx (deploy/nginx/checklist.conf).

GUNICORN_BIND and WEB_CONCURRENCY override the address and the number of workers;
gunicorn itself reads FORWARDED_ALLOW_IPS (default 127.0.0.1, nginx on the same machine).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Sync workers: each request holds one. A PDF report renders in a few seconds of CPU, so
# more workers than cores only queue inside the machine.
workers = int(os.environ.get("WEB_CONCURRENCY", min(2 * multiprocessing.cpu_count() + 1, 9)))
worker_class = "sync"
# Long enough for the PDF of a 1,000-item assessment; nginx waits as long (proxy_read_timeout).
timeout = 120
graceful_timeout = 30
# Recycle workers now and then, so a slow leak in a library never grows without bound.
max_requests = 2000
max_requests_jitter = 200
# The app logs one line per request with its request id; gunicorn's own access log would
# only repeat it.
accesslog = None
errorlog = "-"
loglevel = "info"
