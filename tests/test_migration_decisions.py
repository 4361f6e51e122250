"""The dated-decisions migration dates existing rows by the rules in its docstring, and its
downgrade puts each team's latest check-in back into ``sustainability_status``."""

from sqlalchemy import create_engine, text

from api.db import sync_url
from api.migrate import downgrade, upgrade

BEFORE, AFTER = "f089fd7942af", "c448221236e3"
NOW = "2026-01-01 00:00:00+00:00"
COMMON = "ref, created_at, updated_at, version"


def rows(url: str, sql: str) -> list[tuple[object, ...]]:
    engine = create_engine(sync_url(url))
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql))]
    finally:
        engine.dispose()


def run(url: str, *statements: str) -> None:
    engine = create_engine(sync_url(url))
    try:
        with engine.begin() as conn:
            for sql in statements:
                conn.execute(text(sql), {"now": NOW})
    finally:
        engine.dispose()


def meta(ref: str) -> str:
    """The values of ``COMMON`` for a row whose ref is ``ref``."""
    return f"'{ref}', :now, :now, 1"


def old_rows(url: str) -> None:
    """A programme as it stood before decisions were dated."""
    run(
        url,
        f"INSERT INTO organisations (id, name, org_identifier, kind, {COMMON}) "
        f"VALUES ('o', 'Org', 'GB-X', 'funder', {meta('o')})",
        f"INSERT INTO programmes (id, code, title, funder_id, start_date, end_date, currency, "
        f"aims, description, {COMMON}) VALUES ('p', 'P', 'P', 'o', '2012-06-01', '2015-12-31', "
        f"'GBP', '[]', '', {meta('p')})",
        *(
            f"INSERT INTO teams (id, programme_id, lead_organisation_id, name, project_title, "
            f"summary, status, provenance, sustainability_status, {COMMON}) VALUES ('{t}', 'p', "
            f"'o', '{t}', '{t}', '', '{status}', 'synthetic', '{sustained}', {meta(t)})"
            for t, status, sustained in (
                ("done", "completed", "continuing"),
                ("gone", "withdrawn", "not_assessed"),
            )
        ),
        *(
            f"INSERT INTO awards (id, team_id, identifier, amount_pence, currency, award_date, "
            f"planned_start_date, planned_end_date, actual_start_date, actual_end_date, status, "
            f"{COMMON}) VALUES ('{a}', '{t}', '360G-X-{a}', 1, 'GBP', '2012-06-29', "
            f"'2012-09-01', '2015-11-30', '2012-09-03', {end}, '{status}', {meta(a)})"
            for a, t, end, status in (
                ("a1", "done", "'2015-12-18'", "closed"),
                ("a2", "gone", "NULL", "withdrawn"),
            )
        ),
        *(
            f"INSERT INTO milestones (id, programme_id, team_id, title, description, kind, "
            f"due_date, status, {COMMON}) VALUES ('{m}', 'p', 'done', '{m}', '', 'project', "
            f"'2014-03-31', '{m}', {meta(m)})"
            for m in ("missed", "deferred", "planned")
        ),
    )


class TestDatingExistingRows:
    def test_upgrade_dates_what_it_can_and_downgrade_restores(self, empty_db_url: str) -> None:
        upgrade(empty_db_url, BEFORE)
        old_rows(empty_db_url)
        upgrade(empty_db_url, AFTER)

        decided = rows(empty_db_url, "SELECT id, decided_on, decision_reason FROM milestones")
        assert {(m, str(d) if d else None, r) for m, d, r in decided} == {
            ("missed", "2014-03-31", ""),
            ("deferred", None, ""),
            ("planned", None, ""),
        }
        awards = rows(empty_db_url, "SELECT id, activated_on, closed_on FROM awards ORDER BY id")
        assert [(a, str(s), str(c) if c else None) for a, s, c in awards] == [
            ("a1", "2012-09-03", "2015-12-18"),
            ("a2", "2012-09-03", None),
        ]
        teams = rows(empty_db_url, "SELECT id, status_changed_on FROM teams ORDER BY id")
        assert [(t, str(d) if d else None) for t, d in teams] == [
            ("done", "2015-12-18"),
            ("gone", None),
        ]
        checkins = rows(
            empty_db_url, "SELECT team_id, checked_on, status FROM sustainability_checkins"
        )
        assert [(t, str(d), s) for t, d, s in checkins] == [("done", "2015-12-31", "continuing")]

        downgrade(empty_db_url, BEFORE)
        back = rows(empty_db_url, "SELECT id, sustainability_status FROM teams ORDER BY id")
        assert back == [("done", "continuing"), ("gone", "not_assessed")]
