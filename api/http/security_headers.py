"""Security headers on every response, errors and refusals included: browsers neither sniff,
frame nor pass on what this server answers, and API answers (``Cache-Control: no-store``) are
never kept by a cache. The docs and the dashboard get a CSP that lets them load their own
scripts and styles; production adds HSTS.
"""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.config import Settings

Headers = list[tuple[bytes, bytes]]


def security_headers(settings: Settings, api: bool) -> Headers:
    headers = [
        (b"x-content-type-options", b"nosniff"),
        (b"x-frame-options", b"DENY"),
        (b"referrer-policy", b"no-referrer"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if api:
        headers += [
            (b"content-security-policy", b"default-src 'none'; frame-ancestors 'none'"),
            (b"cache-control", b"no-store"),
        ]
    else:  # the docs and the dashboard load their own scripts and styles
        headers.append((b"content-security-policy", b"frame-ancestors 'none'"))
    if settings.env == "production":
        headers.append((b"strict-transport-security", b"max-age=63072000; includeSubDomains"))
    return headers


class SecurityHeaders:
    def __init__(self, app: ASGIApp, settings: Settings) -> None:
        self.app = app
        self.api_prefix = settings.api_prefix
        self.api = security_headers(settings, api=True)
        self.other = security_headers(settings, api=False)
        self.api_names = frozenset(name for name, _ in self.api)
        self.other_names = frozenset(name for name, _ in self.other)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if scope["path"].startswith(self.api_prefix):
            extra, names = self.api, self.api_names
        else:
            extra, names = self.other, self.other_names

        async def send_secured(message: Message) -> None:
            if message["type"] == "http.response.start":
                # As MutableHeaders would set each (replacing the app's), in one pass.
                raw = message.get("headers", ())
                message["headers"] = [(k, v) for k, v in raw if k.lower() not in names] + extra
            await send(message)

        await self.app(scope, receive, send_secured)
