"""Graceful shutdown: what happens between SIGTERM and the process's exit.

Uvicorn (``serve`` passes ``SP_SHUTDOWN_TIMEOUT`` as its ``timeout_graceful_shutdown``), on
SIGTERM: stops listening (a new connection is refused), closes idle keep-alive connections, lets
each request in flight finish and closes its connection after the answer, cancels what is still
running after the timeout, then runs the app's shutdown (``api.main.lifespan_of``: an in-process
worker stopped, its running import released, see ``api.imports.jobs``; the pools closed).

``watch_signals`` (called at start-up) chains onto uvicorn's SIGTERM/SIGINT handler to mark the
app draining at the signal itself, and ``Drain`` answers any request that reaches the app from
then on (one already read from an open connection as the signal came) with 503
``shutting-down``, ``Retry-After`` and ``Connection: close``, so the caller retries elsewhere.
In ``api.http.stack`` it sits inside ``Fallback``, so that answer carries the request id and the
security headers.
"""

import signal
import threading
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import ServiceUnavailable
from api.http.answer import refuse

RETRY_AFTER = "5"  # seconds: another replica answers at once; this one is gone by then


class ShuttingDown(ServiceUnavailable):
    type = "shutting-down"
    title = "Shutting down"


class Draining:
    """Set once the process has been told to stop."""

    def __init__(self) -> None:
        self.event = threading.Event()

    def __bool__(self) -> bool:
        return self.event.is_set()

    def start(self) -> None:
        self.event.set()

    def stop(self) -> None:
        """Serving again: an app started anew after a shutdown (tests restart one app)."""
        self.event.clear()


def watch_signals(draining: Draining) -> None:
    """Under uvicorn (its ``Server.handle_exit`` installed in the main thread), also mark
    ``draining`` on SIGTERM or SIGINT; anywhere else (tests, another server) do nothing."""
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in (signal.SIGTERM, signal.SIGINT):
        previous: Any = signal.getsignal(sig)
        if type(getattr(previous, "__self__", None)).__module__ != "uvicorn.server":
            continue

        def handler(signum: int, frame: Any, previous: Any = previous) -> None:
            draining.start()
            previous(signum, frame)

        signal.signal(sig, handler)


class Drain:
    def __init__(self, app: ASGIApp, draining: Draining) -> None:
        self.app = app
        self.draining = draining

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and self.draining:
            problem = ShuttingDown(
                "this server is shutting down: send the request again (another replica takes it)",
                headers={"Retry-After": RETRY_AFTER, "Connection": "close"},
            )
            await refuse(problem, scope, receive, send)
            return
        await self.app(scope, receive, send)
