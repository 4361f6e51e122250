"""Where a webhook may be sent: https or http URLs to public addresses only, unless the operator
allows private ones (``SP_WEBHOOK_ALLOW_PRIVATE``).

A URL is checked twice: when it is registered (its form, and a literal address), and before
every delivery, after its host name is resolved, because a name that was public when registered
may point inside the network later (DNS rebinding). Every address the name resolves to must be
public; the delivery then connects to the first one checked, not to a second lookup's answer.
"""

import asyncio
import ipaddress
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

SCHEMES = ("https", "http")
IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


class Refused(ValueError):
    """The URL may not be used; the message says why (it is shown to the admin)."""


@dataclass(frozen=True)
class Destination:
    host: str  # as written in the URL (the Host header and TLS name)
    port: int
    address: str  # the checked address to connect to


def public(address: IPAddress) -> bool:
    mapped = getattr(address, "ipv4_mapped", None)  # ::ffff:10.0.0.1 is 10.0.0.1
    if mapped is not None:
        address = mapped
    return address.is_global and not address.is_multicast


def check_url(url: str, allow_private: bool) -> None:
    """The URL's form: scheme, host, no credentials, and a literal address that is public."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as error:
        raise Refused(f"not a URL: {error}") from None
    if parts.scheme not in SCHEMES:
        raise Refused("the URL must start with https:// (or http://)")
    if not parts.hostname:
        raise Refused("the URL has no host")
    if parts.username is not None or parts.password is not None:
        raise Refused("the URL may not hold a user name or password (the signature proves us)")
    if port == 0:
        raise Refused("the URL's port must be 1 to 65535")
    literal = _literal(parts.hostname)
    if literal is not None and not allow_private and not public(literal):
        raise Refused(f"{literal} is a private, loopback or reserved address")


async def resolve(url: str, allow_private: bool) -> Destination:
    """The address a delivery connects to; ``Refused`` if any address of the name is private."""
    check_url(url, allow_private)
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    literal = _literal(host)
    if literal is not None:
        return Destination(host, port, str(literal))
    loop = asyncio.get_running_loop()
    try:
        infos = await loop.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError as error:
        raise Refused(f"{host} did not resolve: {error.strerror or error}") from None
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not addresses:
        raise Refused(f"{host} did not resolve")
    if not allow_private:
        for address in addresses:
            if not public(address):
                raise Refused(f"{host} resolves to {address}, a private or reserved address")
    return Destination(host, port, str(addresses[0]))


def _literal(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None
