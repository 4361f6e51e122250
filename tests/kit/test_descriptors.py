"""The resource descriptors (``api/<pkg>/resource.py``, listed in ``api/resources.py``) and what is
derived from them agree, and ``docs/resources.md``'s checklist holds: a model column missing from
the Read schema, the load format or the export fails here, and so does a CRUD route whose
permission entry is not its descriptor's."""

import re
from importlib import import_module
from pathlib import Path

import pytest
from fastapi.routing import APIRoute
from sqlalchemy import Table

from api.auth.deps import Require
from api.auth.permissions import PERMISSIONS, WRITTEN
from api.exports.tables import export_statement
from api.imports.resources import ALIASES, REF_COLUMN, find_resource
from api.imports.resources import RESOURCES as FILES
from api.kit.resource import Resource, singular_of
from api.kit.scope import scoped, team_of
from api.kit.versions import ways_up
from api.resources import BY_NAME, DOCUMENTED, RESOURCES
from api.routers import ROUTERS, TAGS

ROOT = Path(__file__).resolve().parents[2]
# Columns a load file and an export leave out on purpose: the database's own bookkeeping. A row
# is named by its ref, not its id; version and timestamps are its history, not its data.
NOT_IN_FILES = frozenset({"id", "version", "created_at", "updated_at"})
IDS = [res.name for res in RESOURCES]


def by_name(name: str) -> Resource:
    return BY_NAME[name]


def column_names(res: Resource) -> list[str]:
    return [c.key for c in res.model.__table__.columns]


def as_file_column(name: str) -> str:
    """A column's name in the load format: references by ref (``award_id`` → ``award_ref``)."""
    if name.endswith("_ids"):
        return name.removesuffix("_ids") + "_refs"
    return name.removesuffix("_id") + "_ref" if name.endswith("_id") else name


class TestNames:
    def test_singular_of(self) -> None:
        assert [singular_of(n) for n in ("support-activities", "payments", "evidence")] == [
            "support-activity",
            "payment",
            "evidence",
        ]

    def test_derived_spellings(self) -> None:
        support = by_name("support-activities")
        assert (support.table, support.label, support.id_param, support.ref_column) == (
            "support_activities",
            "support activity",
            "support_activity_id",
            "support_activity_ref",
        )
        assert support.url == "/support-activities"

    def test_the_contracts_overrides(self) -> None:
        """The spellings the public contract had before descriptors, kept as overrides."""
        spelled = {
            res.name: (res.url, res.label, res.id_param, res.ref_column)
            for res in RESOURCES
            if res.singular or res.path
        }
        assert spelled == {
            "team-partners": ("/teams/{team_id}/partners", "partner", "partner_id", "partner_ref"),
            "indicator-periods": (
                "/indicators/{indicator_id}/periods",
                "period",
                "period_id",
                "period_ref",
            ),
            "sustainability-checkins": (
                "/sustainability-checkins",
                "checkin",
                "checkin_id",
                "checkin_ref",
            ),
        }

    @pytest.mark.parametrize("name", IDS)
    def test_the_table_and_the_service_say_the_same(self, name: str) -> None:
        res = by_name(name)
        assert res.model.__tablename__ == res.table
        service = res.service
        assert (service.resource, service.label, service.id_param) == (
            res.name,
            res.label,
            res.id_param,
        )

    @pytest.mark.parametrize("name", IDS)
    def test_a_nested_resource_sits_under_its_parent(self, name: str) -> None:
        res = by_name(name)
        if res.parent is None:
            assert "{" not in res.url
            return
        parent = next(r for r in RESOURCES if r.id_param == res.parent)
        assert res.url.startswith(f"{parent.url}/{{{res.parent}}}/")
        assert RESOURCES.index(parent) < RESOURCES.index(res)  # parents first

    def test_aliases_find_their_resource(self) -> None:
        assert ALIASES == {
            alias: res.name for res in RESOURCES for alias in res.aliases
        }  # every alias, once
        for res in RESOURCES:
            for name in (res.name, *res.aliases, res.table):
                found = find_resource(name)
                assert found is not None and found.name == res.name, name
        assert not set(ALIASES) & set(BY_NAME)


class TestColumns:
    @pytest.mark.parametrize("name", IDS)
    def test_every_column_is_in_the_read_schema(self, name: str) -> None:
        res = by_name(name)
        assert [c for c in column_names(res) if c not in res.read.model_fields] == []

    @pytest.mark.parametrize("name", IDS)
    def test_every_read_field_is_a_column_a_link_or_computed(self, name: str) -> None:
        res = by_name(name)
        known = {*column_names(res), *res.service.collections, *res.service.computed}
        assert set(res.read.model_fields) - known == set()

    @pytest.mark.parametrize("name", IDS)
    def test_every_column_is_in_the_load_format(self, name: str) -> None:
        res, file = by_name(name), FILES[name]
        wanted = [as_file_column(c) for c in column_names(res) if c not in NOT_IN_FILES]
        wanted += [as_file_column(c) for c in res.service.collections]
        assert sorted(set(wanted) - set(file.columns)) == []
        assert REF_COLUMN[name] == res.ref_column

    @pytest.mark.parametrize("name", IDS)
    def test_the_export_writes_the_load_formats_columns(self, name: str) -> None:
        stmt, table = export_statement(FILES[name])
        assert [c.name for c in stmt.selected_columns] == FILES[name].columns
        assert table.name == by_name(name).table

    def test_files_come_in_load_order(self) -> None:
        assert list(FILES) == IDS


class TestDerivedTables:
    def test_every_crud_routes_permission_is_its_descriptors(self) -> None:
        routes = [r for router in ROUTERS for r in router.routes if isinstance(r, APIRoute)]
        crud = [(r, str(r.tags[0])) for r in routes if r.tags and str(r.tags[0]) in BY_NAME]
        assert len(crud) == 5 * len(RESOURCES)  # list, create, read, update, delete each
        for route, tag in crud:
            res = BY_NAME[tag]
            assert route.path.startswith(res.url), route.path
            assert {d.resource for d in requirements(route)} == {res.name}, route.path
        for res in RESOURCES:
            assert PERMISSIONS[res.name] is res.grant

    def test_the_permission_table(self) -> None:
        assert list(PERMISSIONS) == [*(r.name for r in DOCUMENTED), *WRITTEN]

    def test_every_descriptor_is_routed_once_and_documented(self) -> None:
        routers = [res.router() for res in RESOURCES]
        assert [sum(r is each for each in ROUTERS) for r in routers] == [1] * len(RESOURCES)
        assert TAGS[: len(RESOURCES)] == [res.openapi_tag for res in DOCUMENTED]

    @pytest.mark.parametrize("name", IDS)
    def test_its_package_router_is_the_descriptors(self, name: str) -> None:
        res = by_name(name)
        package = import_module(type(res.service).__module__.rsplit(".", 1)[0] + ".router")
        assert res.router() in vars(package).values()

    def test_team_scope(self) -> None:
        """Scoped tables are the team-scoped grants', and every way to a team ends at one."""
        assert scoped() == {res.table for res in RESOURCES if res.grant.team_scoped}
        for table, own in team_of().items():
            last = own.link[1] if own.link is not None else own.chain[-1]
            targets = {fk.column.table.name for fk in last.foreign_keys}
            assert targets == {"teams"} or (last.table.name, last.key) == ("teams", "id"), table


def requirements(route: APIRoute) -> list[Require]:
    """The route's entries in the permission table (``Require`` dependencies, nested ones too)."""
    out: list[Require] = []
    stack = list(route.dependant.dependencies)
    while stack:
        dep = stack.pop()
        if isinstance(dep.call, Require):
            out.append(dep.call)
        stack += dep.dependencies
    return out


class TestTheChecklist:
    def test_the_doc_names_only_files_that_exist(self) -> None:
        """``docs/resources.md`` names files by repo path; ``<pkg>`` stands for each package."""
        text = (ROOT / "docs" / "resources.md").read_text()
        paths = set(re.findall(r"`((?:api|tests|frontend|migrations|docs)/[^`\s]+)`", text))
        assert paths, "the checklist names no files"
        packages = sorted({type(r.service).__module__.split(".")[1] for r in RESOURCES})
        missing = []
        for path in sorted(paths):
            for each in [path.replace("<pkg>", p) for p in packages] if "<pkg>" in path else [path]:
                if not (ROOT / each.rstrip("/")).exists() and "*" not in each:
                    missing.append(each)
        assert missing == []

    def test_the_doc_names_every_registry_derived_here(self) -> None:
        text = (ROOT / "docs" / "resources.md").read_text()
        for name in ("ROUTERS", "TAGS", "PERMISSIONS", "team_of", "REF_COLUMN", "ALIASES"):
            assert name in text, name


def test_tables_of_links_are_not_resources() -> None:
    """Link tables (a support activity's teams) load as a resource's ``_refs`` column."""
    tables: list[Table] = [c.table for r in RESOURCES for c in r.service.collections.values()]
    assert {t.name for t in tables} & {r.table for r in RESOURCES} == set()


def test_every_resource_but_the_global_ones_leads_to_its_programme() -> None:
    """A write renews its programme's data version through the column the resource's ref is
    unique within (``ways_up`` in ``api/kit/versions.py``); only global refs renew them all."""
    keys = ways_up().keys
    assert {r.name for r in RESOURCES if r.model not in keys} == {"organisations"}
    assert keys[by_name("payments").model] == ("awards", "award_id")
    climbs = [(kind, parent) for kind, parent, _column, _id in ways_up().up]
    assert climbs == [  # deepest first: an indicator's goal is found before the goal's team
        ("indicators", "quality_goals"),
        ("spend_reports", "awards"),  # a spend line's report, then its award
        ("awards", "teams"),
        ("quality_goals", "teams"),
        ("teams", "programmes"),
    ]
