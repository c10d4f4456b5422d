#!/bin/sh
# Start one app server: migrate, collect static files, then gunicorn in the foreground.
# Used as is by the systemd unit, the Docker image, `make serve` and the deployment test.
#   PYTHON                  the interpreter of the app's virtualenv (default: python3)
#   CHECKLIST_COLLECTSTATIC 0 skips collectstatic when STATIC_ROOT is already current
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"

"$PYTHON" manage.py migrate --noinput
if [ "${CHECKLIST_COLLECTSTATIC:-1}" != 0 ]; then
  # Without it every page is a 500: pages link static files through the manifest it writes.
  "$PYTHON" manage.py collectstatic --noinput --verbosity 0
fi
exec "$PYTHON" -m gunicorn --config deploy/gunicorn.conf.py checklist.wsgi
