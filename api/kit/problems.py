"""The problem types a route can answer with, found by reading its code, for its OpenAPI document.

A route's handler, its dependencies and every function they call in ``api`` are walked: each
``ProblemError`` subclass their code names is a problem the route may raise. Calls are followed
by name, through the module's globals and through the methods of the objects the code works on
(the resource's service, its read plan): a name that is no global of the module is taken as a
call of such a method whatever its receiver, so the list can be a little longer than what the
route truly raises, never shorter for code that names its problem classes (as every rule in
``api`` does). Only the statuses the route declares are documented. Problems answered before
the route runs (middleware: a body too large, credentials in the URL...) and request validation
are added by status in ``api.handlers.responses``.
"""

import inspect
from collections.abc import Callable, Iterable, Iterator
from functools import cache, cached_property
from types import CodeType, FunctionType
from typing import Any

from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import get_dependant

from api.errors import ProblemError
from api.handlers import responses

OURS = "api."  # only this application's code is followed


def ours(value: Any) -> bool:
    return (getattr(value, "__module__", None) or "").startswith(OURS)


def codes(code: CodeType) -> Iterator[CodeType]:
    """A function's code and that of the functions (and comprehensions) defined inside it."""
    yield code
    for const in code.co_consts:
        if isinstance(const, CodeType):
            yield from codes(const)


def function_of(value: Any) -> FunctionType | None:
    """The plain function behind a method, a cached property, a decorated or callable object."""
    if isinstance(value, staticmethod | classmethod):
        value = value.__func__
    elif isinstance(value, cached_property | property):
        value = value.fget if isinstance(value, property) else value.func
    value = inspect.unwrap(value)
    if isinstance(value, FunctionType):
        return value
    kind: type = type(value)
    call = attributes(kind).get("__call__")  # a callable instance
    return call if isinstance(call, FunctionType) and ours(value) else None


@cache
def names_in(code: CodeType) -> tuple[str, ...]:
    """The global and attribute names a function's code (nested code included) uses."""
    return tuple(dict.fromkeys(name for c in codes(code) for name in c.co_names))


@cache
def attributes(cls: type) -> dict[str, Any]:
    """A class's own and inherited attributes, as stored (what ``getattr_static`` finds)."""
    out: dict[str, Any] = {}
    for klass in reversed(cls.__mro__):
        out.update(vars(klass))
    return out


class Walk:
    """One route's walk. Each function is read once; a class met later (an object the code
    works on) is matched against every name already read, so nothing is walked twice."""

    def __init__(self) -> None:
        self.found: set[type[ProblemError]] = set()
        self.owners: set[type] = set()  # classes whose methods the walked code may call
        self.names: set[str] = set()  # names read that are no global of their module
        self.seen: set[CodeType] = set()
        self.objects: set[int] = set()  # ids of the objects already looked into
        self.todo: list[FunctionType] = []

    def own(self, cls: type) -> None:
        if cls not in self.owners:
            self.owners.add(cls)
            for name in self.names:
                self.method(cls, name)

    def method(self, cls: type, name: str) -> None:
        found = attributes(cls).get(name)
        if found is not None and not isinstance(found, type):
            self.add(found)

    def add(self, value: Any) -> None:
        if isinstance(value, type):
            if issubclass(value, ProblemError):
                self.found.add(value)
            elif ours(value):
                self.own(value)
            return
        if ours(type(value)) and id(value) not in self.objects:
            # An object the code works on (the service a handler closes over): its methods
            # may be called, and what it holds (a resource's guard) may be too.
            self.objects.add(id(value))
            self.own(type(value))
            for held in getattr(value, "__dict__", {}).values():
                self.add(held)
        fn = function_of(value)
        if fn is not None and ours(fn) and fn.__code__ not in self.seen:
            self.todo.append(fn)

    def run(self) -> None:
        while self.todo:
            fn = self.todo.pop()
            if fn.__code__ in self.seen:
                continue
            self.seen.add(fn.__code__)
            for cell in fn.__closure__ or ():
                try:
                    self.add(cell.cell_contents)
                except ValueError:  # an empty cell (a name bound later)
                    continue
            for name in names_in(fn.__code__):
                if name in fn.__globals__:  # the module's own name wins over any method
                    self.add(fn.__globals__[name])
                elif name not in self.names:
                    self.names.add(name)
                    for owner in list(self.owners):
                        self.method(owner, name)


def raised_by(*functions: Callable[..., Any]) -> set[type[ProblemError]]:
    """Every ``ProblemError`` subclass the code of ``functions`` (and what it calls) names."""
    walk = Walk()
    for fn in functions:
        walk.add(fn)
    walk.run()
    return walk.found - {ProblemError}  # the base class is caught, never raised


def calls(dependant: Dependant) -> Iterator[Callable[..., Any]]:
    for sub in dependant.dependencies:
        if sub.call is not None:
            yield sub.call
        yield from calls(sub)


def documented(
    endpoint: Callable[..., Any], statuses: Iterable[int], path: str
) -> dict[int | str, dict[str, Any]]:
    """``responses=`` for a route: each of ``statuses`` with the problem types its code raises
    with that status (a problem of another status is one the route cannot reach, e.g. a parent
    that is missing on a resource that has none)."""
    dependant = get_dependant(path=path, call=endpoint)
    statuses = tuple(statuses)
    found = raised_by(endpoint, *calls(dependant))
    return responses(*statuses, problems=[p for p in found if p.status in statuses])
