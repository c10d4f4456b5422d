#!/bin/sh
# `make serve`: the production stack on this machine (migrate, collectstatic, gunicorn with
# DEBUG off) at http://127.0.0.1:8000/, on SQLite in var/ unless DATABASE_URL is set.
# Without DJANGO_SECRET_KEY, one is generated once into var/secret_key (for a local try).
# Plain HTTP here, so secure cookies are off unless DJANGO_SECURE_COOKIES says otherwise;
# for real use put nginx with TLS in front (docs/deploy.md).
set -eu
cd "$(dirname "$0")/.."
mkdir -p var
if [ -z "${DJANGO_SECRET_KEY:-}" ]; then
  if [ ! -s var/secret_key ]; then
    (umask 077 && "${PYTHON:-python3}" -c "import secrets; print(secrets.token_urlsafe(50))" \
      > var/secret_key)
  fi
  DJANGO_SECRET_KEY=$(cat var/secret_key)
  export DJANGO_SECRET_KEY
fi
export DJANGO_SECURE_COOKIES="${DJANGO_SECURE_COOKIES:-0}"
echo "Serving with production settings at http://${GUNICORN_BIND:-127.0.0.1:8000}/"
exec deploy/entrypoint.sh
