"""Credentials in the query string refused (400), before anything could log or cache the URL:
keys and tokens belong in the ``Authorization`` header (``api.auth.deps`` reads them only
there), never in a URL that ends up in logs and browser history.
"""

from urllib.parse import parse_qsl

from starlette.types import ASGIApp, Receive, Scope, Send

from api.auth.tokens import KEY_PREFIX, SESSION_PREFIX, looks_like_credential
from api.errors import ProblemError
from api.http.answer import refuse

CREDENTIAL_PARAMS = frozenset(
    {"access_token", "api_key", "apikey", "key", "token", "auth", "authorization", "bearer"}
)


PREFIXES = (KEY_PREFIX, SESSION_PREFIX)
# What every credential name and key or token prefix contains, lower-cased: a query with none of
# them unencoded has no credential in it.
TELLTALES = (b"key", b"token", b"auth", b"bearer", *(p.lower().encode() for p in PREFIXES))


class CredentialsInQuery(ProblemError):
    status = 400
    type = "credentials-in-query"
    title = "Credentials belong in the Authorization header, never in the URL"


def has_credentials(query_string: bytes) -> bool:
    """A parameter named like a credential, or a value that looks like one of our keys."""
    if not query_string:
        return False  # the usual case, decided without parsing
    if b"%" not in query_string:  # nothing encoded: such a name or value shows as it is
        lowered = query_string.lower()
        if not any(part in lowered for part in TELLTALES):
            return False  # the usual query (filters, a page), decided without parsing
    for name, value in parse_qsl(query_string.decode("latin-1"), keep_blank_values=True):
        if name.lower() in CREDENTIAL_PARAMS or looks_like_credential(value.strip()):
            return True
    return False


class RefuseCredentialsInQuery:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and has_credentials(scope.get("query_string", b"")):
            problem = CredentialsInQuery(
                "send the key or token as `Authorization: Bearer …`; URLs end up in "
                "logs and browser history",
                loc=["query"],
            )
            await refuse(problem, scope, receive, send)
            return
        await self.app(scope, receive, send)
