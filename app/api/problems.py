"""Every error the API returns is an RFC 9457 problem (``application/problem+json``) with a stable
``type`` per refusal code, so a client branches on ``type`` (or ``code``), never on the wording."""
from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.exceptions import HTTPException as StarletteHTTPException

from netmodel.errors import TinyLargeError

log = logging.getLogger("tinylarge.api")
MEDIA = "application/problem+json"
CODES: dict[str, tuple[int, str]] = {
    # the network's refusals (netmodel.errors) and the translator's (the IR contract's error codes)
    "invalid": (422, "Invalid request"),
    "unknown_entity": (422, "Unknown node, slice, policy or version"),
    "ambiguous": (422, "Ambiguous request"),
    "unsafe": (422, "Refused as unsafe"),
    "out_of_scope": (422, "Not something this network manager does"),
    "admission_refused": (409, "The network cannot carry it"),
    "conflict": (409, "Conflicts with the running policies or the guardrails"),
    "apply_failed": (409, "The device refused the change; nothing was applied"),
    "nothing_pending": (409, "Nothing is waiting for confirmation"),
    "rolled_back": (409, "Applied, failed its assurance check, rolled back"),
    "unassured": (409, "Applied, failed its assurance check, left in force under a later change"),
    "lab": (409, "The namespace lab is not ready"),
    # the API's own
    "unauthorized": (401, "A valid API token is required"),
    "forbidden": (403, "The token's role does not allow this"),
    "not_found": (404, "No such resource"),
    "method_not_allowed": (405, "Method not allowed"),
    "too_large": (413, "Request body too large"),
    "rate_limited": (429, "Too many changes from this token; retry later"),
    "idempotency_mismatch": (422, "Idempotency-Key reused for a different request"),
    "idempotency_in_progress": (409, "A request with this Idempotency-Key is still running"),
    "not_waiting": (409, "The run is not waiting for approval"),
    "busy": (409, "Already running"),
    "internal": (500, "Internal error"),
}


class Problem(BaseModel):
    """RFC 9457 problem details, plus ``code`` (the refusal code) and any extension members."""

    model_config = ConfigDict(extra="allow")

    type: str = Field(description="/problems/<code>: stable per refusal code")
    title: str
    status: int
    detail: str
    code: str
    instance: str | None = None


class ApiProblem(Exception):
    """Raised by routes and dependencies; rendered by :func:`install` as a problem response."""

    def __init__(self, code: str, detail: str, headers: dict[str, str] | None = None, **extra: Any) -> None:
        super().__init__(detail)
        self.code, self.detail, self.headers, self.extra = code, detail, headers or {}, extra


def problem(code: str, detail: str, instance: str | None = None, headers: dict[str, str] | None = None,
            **extra: Any) -> JSONResponse:
    status, title = CODES.get(code, (400, "Refused"))
    body = Problem(type=f"/problems/{code}", title=title, status=status, detail=detail, code=code,
                   instance=instance, **extra)
    return JSONResponse(body.model_dump(exclude_none=True), status_code=status, media_type=MEDIA, headers=headers)


def from_error(e: TinyLargeError, instance: str | None = None, **extra: Any) -> JSONResponse:
    return problem(e.code, e.message, instance, **({"details": e.details} if e.details else {}), **extra)


def install(app: FastAPI) -> None:
    """Turn every failure into a problem: refusals, malformed requests, unknown routes, and (logged,
    never shown) anything unexpected."""

    @app.exception_handler(ApiProblem)
    async def api_problem(request: Request, e: ApiProblem) -> JSONResponse:
        return problem(e.code, e.detail, request.url.path, e.headers, **e.extra)

    @app.exception_handler(TinyLargeError)
    async def refused(request: Request, e: TinyLargeError) -> JSONResponse:
        return from_error(e, request.url.path)

    @app.exception_handler(RequestValidationError)
    async def malformed(request: Request, e: RequestValidationError) -> JSONResponse:
        """The field and the reason; never the input echoed back (it may not even be encodable)."""
        errors = [{"loc": [str(p)[:100] for p in err["loc"]], "msg": err["msg"][:300], "type": err["type"]}
                  for err in e.errors()[:20]]
        first = errors[0] if errors else {"loc": [], "msg": "malformed request"}
        where = ".".join(first["loc"][1:] if first["loc"][:1] == ["body"] else first["loc"])
        return problem("invalid", f"{where}: {first['msg']}" if where else first["msg"], request.url.path,
                       errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http(request: Request, e: StarletteHTTPException) -> JSONResponse:
        code = {401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
                413: "too_large"}.get(e.status_code, "invalid")
        return problem(code, str(e.detail), request.url.path, dict(e.headers or {}))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, e: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return problem("internal", "the server failed on this request; it is logged", request.url.path)

    @app.get("/problems/{code}", include_in_schema=False)
    def describe(code: str) -> dict[str, Any]:
        if code not in CODES:
            raise ApiProblem("not_found", f"no problem type {code[:40]!r}")
        status, title = CODES[code]
        return {"type": f"/problems/{code}", "code": code, "status": status, "title": title}
