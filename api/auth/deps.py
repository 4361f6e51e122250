"""The dependencies routes declare: who is calling (``current_principal``) and whether the
permission table lets them (``Require(resource, action)``).

Authentication reads only the ``Authorization: Bearer`` header: a key or token in the query
string is refused before routing (``api.http.credentials``), so it never reaches logs or caches.
"""

from typing import Annotated

from fastapi import Depends, Request, Security
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.auth.authenticate import Authenticator
from api.auth.permissions import Action, allowed, publicly_readable
from api.auth.principal import ANONYMOUS, Principal
from api.errors import Forbidden, Unauthenticated

bearer = HTTPBearer(
    auto_error=False,
    scheme_name="bearerAuth",
    description="An API key (`spk_…`, from `shared-purpose keys create`) or a session token "
    "(`sps_…`, from `POST /api/v1/auth/login`).",
)


def authenticator(request: Request) -> Authenticator:
    auth: Authenticator = request.app.state.auth
    return auth


async def current_principal(
    request: Request,
    _documented: Annotated[HTTPAuthorizationCredentials | None, Security(bearer)],
) -> Principal:
    """The caller: anonymous without an ``Authorization`` header, else its key or user (401 if
    the credentials are malformed, unknown, expired or revoked)."""
    header = request.headers.get("authorization")
    if header is None:
        return ANONYMOUS
    scheme, _, token = header.strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        raise Unauthenticated("send Authorization: Bearer <token>", error="invalid_request")
    principal = await authenticator(request).authenticate(request.app.state.db, token)
    if principal is None:
        raise Unauthenticated("the token is unknown, expired or revoked", error="invalid_token")
    request.state.principal = principal
    return principal


CurrentPrincipal = Annotated[Principal, Depends(current_principal)]


class Require:
    """A route's entry in the permission table: ``Depends(Require("milestones", Action.write))``
    resolves to the principal when its role may, and refuses (401 / 403) otherwise."""

    def __init__(self, resource: str, action: Action) -> None:
        self.resource = resource
        self.action = action

    async def __call__(self, request: Request, principal: CurrentPrincipal) -> Principal:
        if principal.kind == "anonymous":
            public = request.app.state.settings.public_read and publicly_readable(self.resource)
            if self.action == Action.read and public:
                return principal
            raise Unauthenticated(f"sign in to {self.action.value} {self.resource}")
        if not allowed(principal.role, self.resource, self.action):
            role = principal.role.value if principal.role else "no role"
            raise Forbidden(f"the {role} role may not {self.action.value} {self.resource}")
        return principal

    def __repr__(self) -> str:
        return f"Require({self.resource!r}, {self.action.value!r})"


def require(resource: str, action: Action) -> type[Principal]:
    """``principal: require("awards", Action.write)`` as a typed parameter annotation."""
    return Annotated[Principal, Depends(Require(resource, action))]  # type: ignore[return-value]
