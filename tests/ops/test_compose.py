"""deploy/compose.yaml, read as Compose would (no Docker engine on these machines): PostgreSQL 15,
a one-shot migration, two replicas that do not migrate, nginx in front of both, settings from
deploy/.env (issue 15, item 6). The nginx configuration is parsed (crossplane) and linted (gixy)."""

import subprocess
import sys
from pathlib import Path
from typing import Any

import crossplane
import pytest
import yaml
from pydantic import ValidationError
from sqlalchemy.engine import make_url

from api.config import Settings

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
REPLICAS = ("api-1", "api-2")


@pytest.fixture(scope="module")
def compose() -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load((DEPLOY / "compose.yaml").read_text())
    return document


@pytest.fixture(scope="module")
def example() -> dict[str, str]:
    pairs = (
        line.split("=", 1)
        for line in (DEPLOY / ".env.example").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    )
    return dict(pairs)


def nginx_blocks(directives: list[dict[str, Any]], name: str) -> list[dict[str, Any]]:
    found = []
    for d in directives:
        if d["directive"] == name:
            found.append(d)
        found += nginx_blocks(d.get("block", []), name)
    return found


def test_the_services(compose: dict[str, Any]) -> None:
    services = compose["services"]
    assert set(services) == {"db", "migrate", *REPLICAS, "worker", "proxy"}
    assert services["db"]["image"].startswith("postgres:15")
    assert "pg_isready" in " ".join(services["db"]["healthcheck"]["test"])
    for name in ("db", "migrate", *REPLICAS, "worker"):
        assert services[name]["env_file"] == ".env", name
    assert services["migrate"]["command"] == ["shared-purpose", "migrate"]
    assert services["migrate"]["restart"] == "no"  # one shot
    assert (DEPLOY / services["migrate"]["build"]["context"] / "Dockerfile").is_file()


def test_the_replicas_serve_without_migrating_once_the_migration_is_done(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    for name in REPLICAS:
        replica = services[name]
        assert replica["image"] == services["migrate"]["image"]
        assert replica["environment"]["MIGRATE"] == "0"
        assert "command" not in replica  # the entrypoint's default: serve
        assert replica["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}
        assert replica["depends_on"]["db"] == {"condition": "service_healthy"}
        assert "/readyz" in " ".join(replica["healthcheck"]["test"])
        assert "ports" not in replica  # reached through the proxy only
        # docker stop waits longer than the drain (SP_SHUTDOWN_TIMEOUT) before SIGKILL.
        grace = int(replica["stop_grace_period"].removesuffix("s"))
        assert grace > Settings().shutdown_timeout
        assert Settings(metrics_address=replica["environment"]["SP_METRICS_ADDRESS"])
    proxy = services["proxy"]
    assert proxy["image"].startswith("nginx:")
    assert {r: {"condition": "service_healthy"} for r in REPLICAS} == proxy["depends_on"]


def test_a_worker_from_the_same_image_shares_the_spool_with_the_replicas(
    compose: dict[str, Any],
) -> None:
    services = compose["services"]
    worker = services["worker"]
    assert worker["image"] == services["migrate"]["image"]
    assert worker["command"] == ["shared-purpose", "worker", "--concurrency", "2"]
    assert worker["depends_on"] == services["api-1"]["depends_on"]  # the database, migrated
    assert worker["environment"]["MIGRATE"] == "0" and "ports" not in worker
    assert worker["healthcheck"] == {"disable": True}  # no API port to ask
    assert int(worker["stop_grace_period"].removesuffix("s")) > 30  # the batches finish
    # One volume at the folder uploads wait in, for every replica and the worker.
    spool = worker["environment"]["SP_IMPORT_SPOOL_DIR"]
    for name in (*REPLICAS, "worker"):
        service = services[name]
        assert service["environment"]["SP_IMPORT_SPOOL_DIR"] == spool, name
        assert f"spool:{spool}" in service["volumes"], name
    assert "spool" in compose["volumes"]
    for name in REPLICAS:  # the replicas leave the background work to the worker
        assert services[name]["environment"]["SP_WORKER_IN_PROCESS"] == "false"
        assert Settings(worker_in_process=services[name]["environment"]["SP_WORKER_IN_PROCESS"])
    # The image makes that folder the app user's, so a fresh volume there is writable.
    assert f"install -d -o 10001 -g 10001 {spool}" in (ROOT / "Dockerfile").read_text()


def test_the_env_file_holds_the_url_and_the_secret(
    compose: dict[str, Any], example: dict[str, str]
) -> None:
    url = make_url(example["SP_DATABASE_URL"])
    assert (url.host, url.port, url.database) == ("db", 5432, example["POSTGRES_DB"])
    assert (url.username, url.password) == (example["POSTGRES_USER"], example["POSTGRES_PASSWORD"])
    assert url.drivername == "postgresql+psycopg"
    # The example's secret is a placeholder the API refuses: nobody runs with it by mistake.
    with pytest.raises(ValidationError, match="SP_SECRET_KEY"):
        Settings(secret_key=example["SP_SECRET_KEY"])
    assert int(example["SP_SHUTDOWN_TIMEOUT"]) < int(
        compose["services"]["api-1"]["stop_grace_period"].removesuffix("s")
    )
    # The real one is never committed, nor copied into an image.
    assert "deploy/.env" in (ROOT / ".gitignore").read_text().splitlines()
    allowed = [line for line in (ROOT / ".dockerignore").read_text().splitlines() if "!" in line]
    assert not any(".env" in line for line in allowed)


def test_nginx_sends_requests_to_both_replicas(compose: dict[str, Any]) -> None:
    mounts = compose["services"]["proxy"]["volumes"]
    assert "./nginx.conf:/etc/nginx/nginx.conf:ro" in mounts
    parsed = crossplane.parse(
        str(DEPLOY / "nginx.conf"), single=True, strict=True, check_ctx=True, check_args=True
    )
    assert parsed["status"] == "ok", parsed["errors"]
    directives = parsed["config"][0]["parsed"]
    [upstream] = nginx_blocks(directives, "upstream")
    servers = [d["args"][0] for d in nginx_blocks(upstream["block"], "server")]
    assert servers == [f"{name}:8000" for name in REPLICAS]  # the entrypoint's PORT
    [proxy_pass] = nginx_blocks(directives, "proxy_pass")
    assert proxy_pass["args"] == [f"http://{upstream['args'][0]}"]
    [retry] = nginx_blocks(directives, "proxy_next_upstream")
    assert {"error", "http_503"} <= set(retry["args"])  # a replica shutting down: the other
    [listen] = nginx_blocks(directives, "listen")
    assert compose["services"]["proxy"]["ports"] == [f"8080:{listen['args'][0]}"]


def test_gixy_finds_nothing_in_the_nginx_configuration() -> None:
    gixy = Path(sys.executable).with_name("gixy")
    found = subprocess.run(
        [str(gixy), str(DEPLOY / "nginx.conf")], capture_output=True, text=True, timeout=120
    )
    assert found.returncode == 0, found.stdout + found.stderr
