# Shared Purpose Tracker: the API and the dashboard in one image; migrates the database, then
# serves both with uvicorn workers (the dashboard's files at /, as `make run` does).
#
#   docker build -t shared-purpose .
#   docker run --rm -p 8000:8000 \
#     -e SP_DATABASE_URL=postgresql+psycopg://user:password@db-host:5432/shared_purpose \
#     -e WORKERS=2 shared-purpose
#
# Run-time settings: SP_DATABASE_URL (required, PostgreSQL), WORKERS (uvicorn processes, default 2),
# MIGRATE=0 to skip `shared-purpose migrate` at start (e.g. when a release job migrates once for
# many replicas), HOST and PORT (default 0.0.0.0:8000), and any other SP_* setting (see README.md).
# The entrypoint is deploy/docker-entrypoint.sh (tested outside Docker: tests/ops/).
#
# The application runs from source in /app: api/migrate.py finds alembic.ini (and through it
# migrations/) beside the `api` package, so the three sit together there. The virtual environment
# holds only the third-party dependencies.

ARG PYTHON_IMAGE=python:3.11.14-slim-bookworm
ARG NODE_IMAGE=node:20.20-bookworm-slim

# ---- builder: the dependencies, in a virtual environment ---------------------------------------
FROM ${PYTHON_IMAGE} AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_NO_CACHE=1

# uv, at the version the Makefile pins, installs exactly what uv.lock says (versions and hashes).
RUN pip install uv==0.13.9
ENV PATH=/opt/venv/bin:$PATH

WORKDIR /app
# Only pyproject.toml and the lock first: this layer is rebuilt when the dependencies change, not
# the code. Every dependency ships manylinux wheels (psycopg[binary] bundles libpq), so no compiler
# is needed. `--locked` fails the build if the lock does not match pyproject.toml; the project
# itself is not installed (it runs from /app, below), nor are the dev extras.
COPY pyproject.toml uv.lock ./
RUN uv sync --locked --no-install-project --python /usr/local/bin/python

# The `shared-purpose` command, as pip would write it for [project.scripts], running /app's code
# (the __main__ guard matters: uvicorn's worker processes are spawned and re-import this script).
RUN printf '%s\n' \
      '#!/opt/venv/bin/python' \
      'import sys' \
      'from api.cli import app' \
      'if __name__ == "__main__":' \
      '    sys.exit(app(prog_name="shared-purpose"))' \
      > /opt/venv/bin/shared-purpose \
 && chmod 0755 /opt/venv/bin/shared-purpose

# ---- dashboard: the static files `make run` serves at / ---------------------------------------
FROM ${NODE_IMAGE} AS dashboard

WORKDIR /frontend
# The lock first, as above: `npm ci` installs exactly package-lock.json, and reruns only with it.
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
# The build reads the committed client (src/client/schema.d.ts, typed from openapi.json).
COPY frontend/ ./
RUN npm run build

# ---- runtime: slim, non-root -------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime

RUN groupadd --system --gid 10001 app \
 && useradd --system --uid 10001 --gid app --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin app

# Production: HSTS, no `*` CORS origin. Sessions are signed with SP_SECRET_KEY when given, else
# with a secret the installation makes once and keeps in its database (every replica shares it).
# Logs are JSON lines (one per request, with its request id); SIGTERM drains for up to
# SP_SHUTDOWN_TIMEOUT seconds (30 by default): give `docker stop` a longer --time.
ENV PATH=/opt/venv/bin:$PATH \
    SP_ENV=production \
    SP_LOG_FORMAT=json \
    PYTHONPATH=/app \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    WORKERS=2

COPY --from=builder /opt/venv /opt/venv

WORKDIR /app
COPY alembic.ini ./
COPY migrations ./migrations
COPY api ./api
COPY --from=dashboard /frontend/dist ./frontend/dist
COPY deploy/docker-entrypoint.sh /usr/local/bin/docker-entrypoint
# Byte-compile now: the code is root-owned and read-only to the app user. The spool of background
# uploads (SP_IMPORT_SPOOL_DIR, a volume shared by API and workers in deploy/compose.yaml) is its.
RUN python -m compileall -q api migrations \
    && install -d -o 10001 -g 10001 /var/spool/shared-purpose

USER 10001:10001
EXPOSE 8000

HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8000/healthz', timeout=4)"]

# `exec` in the entrypoint makes uvicorn PID 1, so `docker stop` (SIGTERM) shuts its workers down
# gracefully.
ENTRYPOINT ["/usr/local/bin/docker-entrypoint"]
CMD []
