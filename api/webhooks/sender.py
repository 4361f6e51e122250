"""One HTTP request of a delivery: the address checked, connected to as checked, timed.

The URL's host is resolved and checked (``addresses.resolve``) just before the request, and the
request goes to that checked address, so a second DNS answer cannot send it somewhere private
(DNS rebinding): for http the address is put in the URL with the original ``Host`` header; for
https too, with TLS still verified against the host name (``sni_hostname``). Redirects are never
followed (a 3xx is a failure: the receiver must answer at the registered URL), and only the
first few KiB of an answer are read: the status is all that counts.
"""

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit, urlunsplit

import httpx

from api.config import Settings
from api.webhooks import signing
from api.webhooks.addresses import Destination, Refused, resolve

READ_AT_MOST = 4096  # bytes of an answer read (enough to reuse a connection after a short one)
ERROR_LENGTH = 500  # the columns' size


@dataclass(frozen=True)
class Outcome:
    started_at: datetime
    latency_ms: int
    status_code: int | None  # None: no answer (``error`` says why)
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300

    def describe(self) -> str:
        """``HTTP 500`` or the error: what an endpoint's disabled reason quotes."""
        return f"HTTP {self.status_code}" if self.status_code is not None else self.error


def pinned(url: str, to: Destination) -> tuple[str, dict[str, str], dict[str, str]]:
    """The URL with the checked address for its host, the ``Host`` header and the extensions
    that keep TLS verifying the name."""
    parts = urlsplit(url)
    address = f"[{to.address}]" if ":" in to.address else to.address
    target = urlunsplit((parts.scheme, f"{address}:{to.port}", parts.path or "/", parts.query, ""))
    extensions = {"sni_hostname": to.host} if parts.scheme == "https" else {}
    return target, {"host": parts.netloc}, extensions


async def send(
    http: httpx.AsyncClient,
    settings: Settings,
    *,
    url: str,
    secrets: Sequence[str],
    event_id: str,
    payload: bytes,
    started_at: datetime,
) -> Outcome:
    """POST the signed event to ``url``; never raises for the receiver's or network's faults."""
    began = time.perf_counter()

    def outcome(status: int | None, error: str = "") -> Outcome:
        latency = round((time.perf_counter() - began) * 1000)
        return Outcome(started_at, latency, status, error[:ERROR_LENGTH])

    if not secrets:
        return outcome(None, "the endpoint has no signing secret")
    try:
        to = await resolve(url, settings.webhook_allow_private)
    except Refused as refused:
        return outcome(None, f"refused: {refused}")
    target, host, extensions = pinned(url, to)
    headers = signing.headers(secrets, event_id, payload) | host
    limit = settings.webhook_timeout_seconds
    try:
        async with asyncio.timeout(limit):  # the whole exchange, not each read
            request = http.build_request(
                "POST",
                target,
                content=payload,
                headers=headers,
                extensions=extensions,
                timeout=limit,
            )
            response = await http.send(request, stream=True, follow_redirects=False)
            try:
                await _read_some(response)
            finally:
                await response.aclose()
    except TimeoutError:
        return outcome(None, f"no answer within {limit:g} s")
    except (httpx.HTTPError, httpx.InvalidURL, ValueError, OSError) as error:
        # The network's or receiver's fault (or a URL httpx will not send): a failed attempt,
        # never an error of the worker's batch.
        return outcome(None, f"{type(error).__name__}: {error}".rstrip(": "))
    return outcome(response.status_code)


async def _read_some(response: httpx.Response) -> None:
    read = 0
    async for chunk in response.aiter_raw():
        read += len(chunk)
        if read >= READ_AT_MOST:
            return
