"""The build context is an allow-list (``.dockerignore``): every file the Dockerfile copies must
be let in there, or the build fails on a machine with an engine (there is none here to try)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def copied() -> set[str]:
    """The sources of the Dockerfile's COPY lines that read the build context."""
    sources: set[str] = set()
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        match = re.match(r"COPY\s+(?!--from)(.+)\s+\S+$", line.strip())
        if match:
            sources.update(match[1].split())
    return sources


def test_every_copied_path_is_let_into_the_build_context() -> None:
    allowed = {
        line[1:].rstrip("/")
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.startswith("!")
    }
    sources = copied()
    assert {"uv.lock", "frontend/", "api"} <= sources
    for source in sources:
        parts = Path(source.rstrip("/")).parts
        prefixes = {"/".join(parts[: i + 1]) for i in range(len(parts))}
        assert prefixes & allowed, f"{source} is copied but .dockerignore keeps it out"
        assert (ROOT / source).exists(), source
