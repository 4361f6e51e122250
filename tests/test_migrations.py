"""The migrations build the schema the models describe, and undo it, on both engines."""

from sqlalchemy import create_engine, inspect

from api.db import sync_url
from api.migrate import check, downgrade, upgrade
from api.models import Base


def tables(url: str) -> set[str]:
    engine = create_engine(sync_url(url))
    try:
        return set(inspect(engine).get_table_names()) - {"alembic_version"}
    finally:
        engine.dispose()


class TestMigrations:
    def test_upgrade_downgrade_upgrade_without_drift(self, empty_db_url: str) -> None:
        upgrade(empty_db_url)
        assert tables(empty_db_url) == set(Base.metadata.tables)
        downgrade(empty_db_url, "base")
        assert tables(empty_db_url) == set()
        upgrade(empty_db_url)
        check(empty_db_url)  # raises when the models and the schema differ
        assert tables(empty_db_url) == set(Base.metadata.tables)
