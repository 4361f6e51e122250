#!/bin/sh
# The image's entrypoint. With arguments, run them instead (`docker run IMAGE shared-purpose seed`);
# with none, migrate (unless MIGRATE=0, e.g. when a release job migrates once for many replicas),
# then serve. `exec` makes the server PID 1, so `docker stop` (SIGTERM) reaches it.
set -eu
if [ "$#" -gt 0 ]; then exec "$@"; fi
: "${SP_DATABASE_URL:?set SP_DATABASE_URL to the PostgreSQL URL, postgresql+psycopg://...}"
if [ "${MIGRATE:-1}" != 0 ]; then shared-purpose migrate; fi
exec shared-purpose serve --host "${HOST:-0.0.0.0}" --port "${PORT:-8000}" --workers "${WORKERS:-2}"
