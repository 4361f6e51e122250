"""Code shape: no module over 400 lines, no function over 60, unless a `# long:` comment says why.

It covers `api/`, `migrations/env.py` and the benchmark scripts in `bench/`. The limits are
issue 12's "Done when" ("no module over ~400 lines and no function over ~60 without a reason in
a comment"). A function's length is `end_lineno - lineno + 1` of its `def` (decorators not
counted); it may be longer when the line just above its `def` (or above its first decorator) is
a comment starting with `# long:` and a reason. A module may be longer when one of its first
five lines is such a comment.
"""

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
LONG = "# long:"


def checked_files() -> list[str]:
    """The service's modules, the migration environment and the benchmark scripts (``bench/``:
    tools run by hand, but read and changed like the rest). Not the migration revisions
    (generated, then frozen) and not the tests."""
    files = [*ROOT.glob("api/**/*.py"), ROOT / "migrations" / "env.py", *ROOT.glob("bench/*.py")]
    return sorted(path.relative_to(ROOT).as_posix() for path in files)


def has_reason(line: str) -> bool:
    text = line.strip()
    return text.startswith(LONG) and len(text) > len(LONG) + 1


def module_problems(rel: str, lines: list[str]) -> list[str]:
    if len(lines) <= MAX_MODULE_LINES or any(has_reason(line) for line in lines[:5]):
        return []
    return [f"{rel}: module has {len(lines)} lines (over {MAX_MODULE_LINES}, no '# long:' reason)"]


Def = ast.FunctionDef | ast.AsyncFunctionDef


def functions(tree: ast.AST) -> Iterator[tuple[str, Def]]:
    """Every function and method with its dotted name (`Class.method`, `outer.inner`)."""

    def walk(node: ast.AST, prefix: str) -> Iterator[tuple[str, Def]]:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, Def):
                yield f"{prefix}{child.name}", child
                yield from walk(child, f"{prefix}{child.name}.")
            elif isinstance(child, ast.ClassDef):
                yield from walk(child, f"{prefix}{child.name}.")
            else:
                yield from walk(child, prefix)

    return walk(tree, "")


def function_problems(rel: str, lines: list[str], tree: ast.AST) -> list[str]:
    problems = []
    for name, node in functions(tree):
        length = (node.end_lineno or node.lineno) - node.lineno + 1
        if length <= MAX_FUNCTION_LINES:
            continue
        first = min([node.lineno, *(decorator.lineno for decorator in node.decorator_list)])
        above = lines[first - 2] if first >= 2 else ""
        if not has_reason(above):
            problems.append(
                f"{rel}:{node.lineno}: function {name} has {length} lines "
                f"(over {MAX_FUNCTION_LINES}, no '# long:' reason above it)"
            )
    return problems


def shape_problems(rel: str, source: str) -> list[str]:
    lines = source.splitlines()
    return module_problems(rel, lines) + function_problems(rel, lines, ast.parse(source, rel))


@pytest.mark.parametrize("rel", checked_files())
def test_module_and_functions_are_small(rel: str) -> None:
    assert shape_problems(rel, (ROOT / rel).read_text(encoding="utf-8")) == []


def lines_of(n: int, indent: int = 4) -> str:
    return "\n".join(f"{' ' * indent}x{i} = {i}" for i in range(n))


class TestShapeRules:
    """The checker itself, on small sources, so a broken rule cannot pass every file."""

    def test_long_function_is_named_with_its_length(self) -> None:
        source = f"import os\n\n\n@decorator\ndef big() -> None:\n{lines_of(60)}\n"
        assert shape_problems("api/x.py", source) == [
            "api/x.py:5: function big has 61 lines (over 60, no '# long:' reason above it)"
        ]

    def test_reason_above_the_decorator_allows_it(self) -> None:
        reason = "# long: one table of cases reads better whole"
        source = f"{reason}\n@decorator\ndef big() -> None:\n{lines_of(60)}\n"
        assert shape_problems("api/x.py", source) == []

    def test_method_at_the_limit_passes_and_one_over_is_named(self) -> None:
        ok = f"    def ok(self) -> None:\n{lines_of(59, 8)}\n"
        over = f"    async def over(self) -> None:\n{lines_of(60, 8)}\n"
        assert shape_problems("api/x.py", f"class C:\n{ok}\n{over}") == [
            "api/x.py:63: function C.over has 61 lines (over 60, no '# long:' reason above it)"
        ]

    def test_a_bare_marker_is_not_a_reason(self) -> None:
        source = f"# long:\ndef big() -> None:\n{lines_of(60)}\n"
        assert shape_problems("api/x.py", source) == [
            "api/x.py:2: function big has 61 lines (over 60, no '# long:' reason above it)"
        ]

    def test_long_module_needs_a_reason_in_its_first_five_lines(self) -> None:
        source = "".join(f"x{i} = {i}\n" for i in range(401))
        assert shape_problems("api/x.py", source) == [
            "api/x.py: module has 401 lines (over 400, no '# long:' reason)"
        ]
        assert shape_problems("api/x.py", "# long: generated table of codes\n" + source) == []
