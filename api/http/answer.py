"""How a middleware answers by itself: a problem document before the app runs, and a HEAD's
answer (the GET's status and headers) without its body.

The middlewares outside the one answering still wrap ``send``, so these answers carry the request
id and the security headers as every response does.
"""

from starlette.types import Message, Receive, Scope, Send

from api.errors import ProblemError
from api.handlers import problem_response


async def refuse(problem: ProblemError, scope: Scope, receive: Receive, send: Send) -> None:
    """Answer with ``problem`` (its status, headers and document) instead of the app."""
    await problem_response(problem.body(), problem.headers)(scope, receive, send)


def without_body(send: Send) -> Send:
    """``send``, with every body message emptied: a HEAD gets the headers alone."""

    async def send_head(message: Message) -> None:
        if message["type"] == "http.response.body":
            message = {**message, "body": b""}
        await send(message)

    return send_head
