"""Background imports in the worker (``run_imports``) and their release when a worker stops."""

import threading

# Worker context name → set when that worker stops: its running import is released.
_RELEASES: dict[str, threading.Event] = {}


def release_signal(name: str) -> threading.Event:
    return _RELEASES.setdefault(name, threading.Event())


def release(name: str) -> None:
    """The worker ``name`` is stopping: its running import stops and rolls back."""
    release_signal(name).set()


def forget_release(name: str) -> None:
    """A worker starting under ``name`` (tests restart one in a process) runs imports again."""
    _RELEASES.pop(name, None)
