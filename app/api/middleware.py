"""ASGI middleware every request passes: the body size limit (413, declared or not)."""
from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from netmodel.limits import MAX_BODY_BYTES

from .problems import problem


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, whether or not they declare a length."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        too_large = problem("too_large", f"request body over {self.max_bytes} bytes", scope.get("path"))
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            return await too_large(scope, receive, send)
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > self.max_bytes:
                raise _TooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _TooLarge:
            await too_large(scope, receive, send)


class _TooLarge(BaseException):  # noqa: N818 - not an Exception: FastAPI turns those, raised while it reads a body, into a 400
    """Raised from ``receive`` past the limit; caught by :class:`BodyLimit` alone."""
