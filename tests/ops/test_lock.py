"""The Python dependencies are locked: the environment the tests run in is exactly ``uv.lock``,
the lock matches ``pyproject.toml``, and a change to pyproject without a new lock is caught.

uv is installed by ``make install`` into ``.uv/`` (its own environment, pinned in the Makefile).
"""

import importlib.metadata
import os
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
UV = ROOT / ".uv" / "bin" / "uv"


def uv(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    if not UV.exists():
        pytest.fail(f"uv is missing: `make install` puts it in .uv/ (looked for {UV.name})")
    env = {**os.environ, "UV_PYTHON_DOWNLOADS": "never", "UV_OFFLINE": "1"}
    return subprocess.run(
        [str(UV), *args, "--python", "python3"],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_environment_is_exactly_the_lock() -> None:
    done = uv("sync", "--locked", "--extra", "dev", "--check")
    assert done.returncode == 0, done.stderr
    assert "Would make no changes" in done.stderr


def test_the_lock_matches_pyproject() -> None:
    done = uv("lock", "--check")
    assert done.returncode == 0, done.stderr


def test_a_pyproject_change_without_a_new_lock_is_refused(tmp_path: Path) -> None:
    shutil.copy(ROOT / "uv.lock", tmp_path / "uv.lock")
    text = (ROOT / "pyproject.toml").read_text()
    assert '"orjson>=3.10,<4"' in text  # the dependency this test narrows
    (tmp_path / "pyproject.toml").write_text(text.replace('"orjson>=3.10,<4"', '"orjson>=3.11,<4"'))
    done = uv("lock", "--check", cwd=tmp_path)
    assert done.returncode != 0
    assert "needs to be updated" in done.stderr


def test_every_locked_package_of_ours_is_pinned_with_hashes() -> None:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    packages = {p["name"]: p for p in lock["package"]}
    for name in ("fastapi", "sqlalchemy", "pydantic", "uvicorn", "asyncpg", "psycopg"):
        package = packages[name]
        files = (
            [package["sdist"], *package.get("wheels", [])]
            if "sdist" in package
            else package["wheels"]
        )
        assert package["version"], name
        assert all(f["hash"].startswith("sha256:") for f in files), name


def test_the_image_installs_from_the_lock_with_the_makefiles_uv() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text()
    makefile = (ROOT / "Makefile").read_text()
    pinned = re.search(r"^UV_VERSION := (\S+)$", makefile, re.M)
    assert pinned is not None
    assert f"pip install uv=={pinned[1]}" in dockerfile
    assert "COPY pyproject.toml uv.lock ./" in dockerfile
    assert "uv sync --locked --no-install-project" in dockerfile


def test_the_images_install_step_outside_docker(tmp_path: Path) -> None:
    """The builder stage's command, run here on the two files it copies: the run-time
    dependencies at the lock's versions, none of the dev extras (offline: from uv's cache, which
    `make install` filled)."""
    for name in ("pyproject.toml", "uv.lock"):
        shutil.copy(ROOT / name, tmp_path / name)
    venv = tmp_path / "venv"
    done = subprocess.run(
        [str(UV), "sync", "--locked", "--no-install-project", "--python", "python3"],
        cwd=tmp_path,
        env={**os.environ, "UV_PROJECT_ENVIRONMENT": str(venv), "UV_OFFLINE": "1"},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    lock = {
        p["name"]: p["version"] for p in tomllib.loads((ROOT / "uv.lock").read_text())["package"]
    }
    installed = {
        d.metadata["Name"].lower(): d.version
        for d in importlib.metadata.distributions(
            path=[str(p) for p in venv.glob("lib/python3*/site-packages")]
        )
    }
    assert installed["fastapi"] == lock["fastapi"]
    assert installed["sqlalchemy"] == lock["sqlalchemy"]
    assert "pytest" not in installed and "mypy" not in installed
