"""A PostgREST-style stand-in for bench/api_bench.py: the database builds the JSON, the app
passes it on.

Each route runs one SQL statement whose result is the whole response body, built with
PostgreSQL's ``json_agg`` / ``json_build_object``, and returns that text as it is (no models, no
validation, no compression, no cache): about the least work a Python process can do per request
and still answer from the database. It is what the issue compares the read models with; it is
not part of the product. Served like the service (same workers, uvloop + httptools) on asyncpg,
a pool of ``SP_DB_POOL_SIZE`` (16) connections per process.

    SP_DATABASE_URL=postgresql://… uvicorn --app-dir bench postgrest_app:app
"""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date

import asyncpg
from fastapi import FastAPI, Request, Response
from sqlalchemy.engine import make_url

JSON = "application/json"

# A team's milestone page, as the service's list returns it (same fields, same order).
MILESTONES = """
SELECT json_build_object('items', coalesce(json_agg(json_build_object(
    'id', m.id, 'ref', m.ref, 'programme_id', m.programme_id, 'team_id', m.team_id,
    'title', m.title, 'description', m.description, 'kind', m.kind, 'due_date', m.due_date,
    'completed_date', m.completed_date, 'status', m.status,
    'depends_on_ids', coalesce((SELECT json_agg(d.depends_on_id ORDER BY d.depends_on_id)
                                FROM milestone_dependencies d WHERE d.milestone_id = m.id), '[]'),
    'created_at', m.created_at, 'updated_at', m.updated_at, 'version', m.version
  ) ORDER BY m.due_date, m.id), '[]'), 'next_cursor', null)::text
FROM (SELECT * FROM milestones WHERE team_id = $1 ORDER BY due_date, id LIMIT $2) m
"""

# The programme summary's figures on $2, by the replay rules of api/dashboard/replay.py, with the
# bounded aggregates of the new summary (months, distributions, the ten most late teams).
SUMMARY = """
WITH
prog AS (SELECT id, code, title, start_date, end_date, currency, award_cap_pence, max_teams
         FROM programmes WHERE id = $1),
t AS (SELECT id, name, provenance FROM teams WHERE programme_id = $1),
a AS (SELECT aw.id, aw.team_id, aw.amount_pence
      FROM awards aw JOIN t ON t.id = aw.team_id WHERE aw.award_date <= $2),
p AS (SELECT a.team_id, pm.amount_pence,
        CASE WHEN pm.status = 'paid' AND pm.paid_date <= $2 THEN 'paid'
             WHEN pm.status = 'paid' THEN 'scheduled' ELSE pm.status END AS st,
        CASE WHEN pm.status = 'paid' AND pm.paid_date <= $2 THEN pm.paid_date
             ELSE pm.scheduled_date END AS day
      FROM payments pm JOIN a ON a.id = pm.award_id),
m AS (SELECT team_id, due_date,
        CASE WHEN status = 'achieved' AND completed_date <= $2 THEN 'achieved'
             WHEN status IN ('cancelled', 'deferred') THEN status
             WHEN due_date < $2 THEN 'late'
             WHEN status = 'in_progress' THEN 'in_progress' ELSE 'planned' END AS st
      FROM milestones WHERE programme_id = $1),
awarded AS (SELECT team_id, sum(amount_pence) AS awarded FROM a GROUP BY team_id),
paid AS (SELECT team_id, sum(amount_pence) FILTER (WHERE st = 'paid') AS paid
         FROM p GROUP BY team_id),
late AS (SELECT team_id, count(*) AS late FROM m
         WHERE st = 'late' AND team_id IS NOT NULL GROUP BY team_id),
per_team AS (SELECT t.id, t.name, awarded.awarded, coalesce(paid.paid, 0) AS paid,
               coalesce(late.late, 0) AS late
             FROM t LEFT JOIN awarded ON awarded.team_id = t.id
               LEFT JOIN paid ON paid.team_id = t.id LEFT JOIN late ON late.team_id = t.id),
ranked AS (SELECT id, name, late, row_number() OVER (ORDER BY late DESC, name, id) AS rank
           FROM per_team WHERE late > 0),
by_month AS (SELECT to_char(due_date, 'YYYY-MM') AS month,
               count(*) FILTER (WHERE st = 'planned') AS planned,
               count(*) FILTER (WHERE st = 'in_progress') AS in_progress,
               count(*) FILTER (WHERE st = 'achieved') AS achieved,
               count(*) FILTER (WHERE st = 'late') AS late,
               count(*) FILTER (WHERE st = 'deferred') AS deferred,
               count(*) FILTER (WHERE st = 'cancelled') AS cancelled,
               count(*) AS total
             FROM m GROUP BY 1),
money AS (SELECT (SELECT count(*) FROM a) AS awards,
                 (SELECT coalesce(sum(amount_pence), 0) FROM a) AS awarded,
                 coalesce(sum(amount_pence) FILTER (WHERE st = 'paid'), 0) AS paid,
                 coalesce(sum(amount_pence) FILTER (WHERE st IN ('scheduled', 'approved')), 0)
                   AS unpaid
          FROM p)
SELECT json_build_object(
  'as_of', $2::date,
  'programme', (SELECT row_to_json(prog) FROM prog),
  'teams', (SELECT json_build_object('total', count(*),
              'sourced', count(*) FILTER (WHERE provenance = 'sourced'),
              'synthetic', count(*) FILTER (WHERE provenance = 'synthetic')) FROM t),
  'funding', (SELECT json_build_object('currency', (SELECT currency FROM prog),
                'awards', awards, 'awarded_pence', awarded, 'paid_pence', paid,
                'scheduled_unpaid_pence', unpaid, 'remaining_pence', awarded - paid)
              FROM money),
  'milestones', (SELECT json_build_object('planned', coalesce(sum(planned), 0),
                   'in_progress', coalesce(sum(in_progress), 0),
                   'achieved', coalesce(sum(achieved), 0), 'late', coalesce(sum(late), 0),
                   'deferred', coalesce(sum(deferred), 0),
                   'cancelled', coalesce(sum(cancelled), 0), 'total', coalesce(sum(total), 0))
                 FROM by_month),
  'support', (SELECT coalesce(json_agg(json_build_object('type', type, 'activities', n,
                'hours', h) ORDER BY type), '[]')
              FROM (SELECT type, count(*) AS n, coalesce(sum(hours), 0) AS h
                    FROM support_activities WHERE programme_id = $1
                      AND status = 'delivered' AND end_date <= $2 GROUP BY type) s),
  'evidence', (SELECT json_build_object('total', count(*),
                 'exemplars', count(*) FILTER (WHERE is_exemplar))
               FROM evidence WHERE programme_id = $1 AND published_on <= $2),
  'funding_by_month', (SELECT coalesce(json_agg(json_build_object('month', month,
                         'paid_pence', paid, 'scheduled_unpaid_pence', unpaid) ORDER BY month),
                         '[]')
                       FROM (SELECT to_char(day, 'YYYY-MM') AS month,
                               coalesce(sum(amount_pence) FILTER (WHERE st = 'paid'), 0) AS paid,
                               coalesce(sum(amount_pence) FILTER (WHERE st <> 'paid'), 0)
                                 AS unpaid
                             FROM p WHERE st <> 'cancelled' GROUP BY 1) f),
  'milestones_by_month', (SELECT coalesce(json_agg(json_build_object('month', month,
                            'planned', planned, 'in_progress', in_progress,
                            'achieved', achieved, 'late', late, 'deferred', deferred,
                            'cancelled', cancelled, 'total', total) ORDER BY month), '[]')
                          FROM by_month),
  'team_distributions', json_build_object(
    'paid_share', (SELECT json_agg(json_build_object('from_percent', b * 10,
                     'to_percent', b * 10 + 10, 'teams', coalesce(n, 0)) ORDER BY b)
                   FROM generate_series(0, 9) b
                   LEFT JOIN (SELECT least(floor(paid * 10.0 / awarded), 9)::int AS band,
                                count(*) AS n
                              FROM per_team WHERE awarded > 0 GROUP BY 1) d ON d.band = b),
    'not_awarded', (SELECT count(*) FROM per_team WHERE awarded IS NULL),
    'late_milestones', (SELECT json_agg(json_build_object('late', l, 'teams', coalesce(n, 0))
                          ORDER BY l)
                        FROM generate_series(0, 3) l
                        LEFT JOIN (SELECT least(late, 3) AS band, count(*) AS n
                                   FROM per_team GROUP BY 1) d ON d.band = l)),
  'most_late', json_build_object(
    'teams', (SELECT coalesce(json_agg(json_build_object('id', id, 'name', name, 'late', late)
                ORDER BY rank), '[]') FROM ranked WHERE rank <= 10),
    'others_teams', (SELECT count(*) FROM ranked WHERE rank > 10),
    'others_late', (SELECT coalesce(sum(late), 0) FROM ranked WHERE rank > 10))
)::text
"""


@asynccontextmanager
async def lifespan(app: FastAPI) -> AsyncIterator[None]:
    url = make_url(os.environ["SP_DATABASE_URL"]).set(drivername="postgresql")
    size = int(os.environ.get("SP_DB_POOL_SIZE", "16"))
    dsn = url.render_as_string(hide_password=False)
    app.state.pool = await asyncpg.create_pool(dsn, min_size=size, max_size=size)
    yield
    await app.state.pool.close()


app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None, lifespan=lifespan)


@app.get("/healthz")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@app.get("/milestones")
async def milestones(request: Request, team_id: str, limit: int = 50) -> Response:
    """A team's milestones, ``limit`` of them by due date, the JSON built by PostgreSQL."""
    body = await request.app.state.pool.fetchval(MILESTONES, team_id, limit)
    return Response(body, media_type=JSON)


@app.get("/programmes/{programme_id}/summary")
async def summary(request: Request, programme_id: str, as_of: date | None = None) -> Response:
    """The summary's figures on ``as_of`` (default today), the JSON built by PostgreSQL."""
    day = as_of or date.today()
    body = await request.app.state.pool.fetchval(SUMMARY, programme_id, day)
    if body is None:
        return Response(status_code=404)
    return Response(body, media_type=JSON)
