"""HTTP surface of TinyLarge (FastAPI): apply intents, ask questions, manage policy versions.

    uvicorn server:app            # or: python server.py --port 8000

Request and response bodies are the IR's pydantic models. Every door's limits hold
(:mod:`netmodel.limits`): unknown fields, non-finite or out-of-range numbers, control
characters and bodies over 256 KiB are refused before anything runs. Every refusal comes back
as ``{"code", "message", "details"}``: 409 when the network cannot or must not do it (or
another writer moved the running version: plan again), 422 when the request is malformed or
names something that does not exist, 413 when it is too large. No logic lives here beyond
request handling.
"""
from __future__ import annotations

import argparse
import os
import threading
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from app.options import manager_for
from netmodel import ir
from netmodel.errors import InvalidIntent, TinyLargeError
from netmodel.limits import MAX_BODY_BYTES, MAX_CONFIRM_TIMEOUT_S, MAX_INTENTS, MAX_VERSION, Text
from netmodel.manager import ApplyResult, NetworkManager
from netmodel.twin import summary

STATUS = {"conflict": 409, "admission_refused": 409, "apply_failed": 409, "nothing_pending": 409, "unknown_entity": 422,
          "invalid": 422}
DOCS_ASSETS = "/static/swagger-ui"
Limit = Annotated[int, Query(ge=1, le=1000, description="how many entries, newest first")]


class Body(BaseModel):
    """Request bodies: a misspelt field is an error, never silently ignored (``dryRun`` does not commit)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ApplyRequest(Body):
    intents: list[ir.Intent] = Field(min_length=1, max_length=MAX_INTENTS,
                                     description="IR intents, applied whole or not at all")
    text: Text | None = Field(default=None, description="the operator's words, kept in the store")
    dry_run: bool = False
    confirm_timeout_s: float | None = Field(default=None, gt=0, le=MAX_CONFIRM_TIMEOUT_S,
                                            description="commit-confirmed: rolls back unless confirmed in time")
    base_version: int | None = Field(default=None, ge=0, le=MAX_VERSION,
                                     description="apply only if this version is still running (0: none yet)")
    max_devices: int | None = Field(default=None, ge=1, le=1_000_000,
                                    description="raise the blast-radius limit for this change (devices touched)")


class TranslateRequest(Body):
    text: Annotated[Text, Field(max_length=2000)] = Field(description="the operator's words; treated as data")
    id: str = Field(default="q", pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$")


class RollbackRequest(Body):
    version: int | None = Field(default=None, ge=0, le=MAX_VERSION,
                                description="default: the version before the running one; 0: no policies")


def _problem(status: int, error: TinyLargeError) -> JSONResponse:
    return JSONResponse(status_code=status, content=error.to_json())


class BodyLimit:
    """Refuse request bodies over ``max_bytes`` with 413, whether or not they declare a length."""

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_BODY_BYTES) -> None:
        self.app, self.max_bytes = app, max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        too_large = _problem(413, InvalidIntent(f"request body over {self.max_bytes} bytes"))
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


def self_hosted_docs(app: FastAPI) -> None:
    """Swagger UI at /docs from the installed swagger-ui-py files, so that it renders offline (no CDN)."""
    from importlib.resources import files

    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles

    app.mount(DOCS_ASSETS, StaticFiles(directory=str(files("swagger_ui") / "static")), name="swagger-ui")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(openapi_url=app.openapi_url, title=f"{app.title} API",
                                   swagger_js_url=f"{DOCS_ASSETS}/swagger-ui-bundle.js",
                                   swagger_css_url=f"{DOCS_ASSETS}/swagger-ui.css",
                                   swagger_favicon_url=f"{DOCS_ASSETS}/favicon-32x32.png")


def create_app(manager: NetworkManager | None = None, translator: Any = None) -> FastAPI:
    """``translator`` (an ``llm_core.translator.Translator``) is loaded on the first /translate
    call when not given: the committed adapter over the store's live inventory, with retrieval."""
    app = FastAPI(title="TinyLarge", version="0.1.0", docs_url=None, redoc_url=None,
                  description="Intent-based management of a 6G network twin.")
    self_hosted_docs(app)
    app.add_middleware(BodyLimit)
    app.state.manager, app.state.translator = manager, translator
    loading = threading.RLock()  # /translate holds it while loading and asks mgr() for the store

    def mgr() -> NetworkManager:
        with loading:
            if app.state.manager is None:  # the CLI's store and twin: $TINYLARGE_DB, $TINYLARGE_TOPOLOGY
                app.state.manager = manager_for(None, os.environ.get("TINYLARGE_TOPOLOGY"),
                                                os.environ.get("TINYLARGE_DRIVER", "twin"))
        return app.state.manager

    @app.exception_handler(TinyLargeError)
    async def refused(_: Request, e: TinyLargeError) -> JSONResponse:
        return _problem(STATUS.get(e.code, 400), e)

    @app.exception_handler(RequestValidationError)
    async def malformed(_: Request, e: RequestValidationError) -> JSONResponse:
        """The field and the reason; never the input echoed back (it may not even be encodable)."""
        errors = [{"loc": [str(p)[:100] for p in err["loc"]], "msg": err["msg"][:300], "type": err["type"]}
                  for err in e.errors()[:20]]
        first = errors[0] if errors else {"loc": [], "msg": "malformed request"}
        where = ".".join(first["loc"][1:] if first["loc"][:1] == ["body"] else first["loc"])
        return _problem(422, InvalidIntent(f"{where}: {first['msg']}" if where else first["msg"], errors=errors))

    @app.get("/health")
    def health() -> dict[str, Any]:
        v = mgr().health()
        return {"ok": v.ok, "conflicts": [c.model_dump() for c in v.conflicts]}

    @app.get("/topology")
    def topology() -> dict[str, Any]:
        return summary(mgr().g)

    @app.post("/intents")
    def apply(req: ApplyRequest) -> ApplyResult:
        queries = [i for i in req.intents if isinstance(i, ir.Query)]
        if queries:
            raise InvalidIntent("queries change nothing; POST them to /query")
        base = ... if req.base_version is None else (req.base_version or None)
        return mgr().apply(list(req.intents), text=req.text, source="api", actor="api", dry_run=req.dry_run,
                           confirm_timeout_s=req.confirm_timeout_s, base_version=base, max_devices=req.max_devices)

    @app.post("/translate")
    def translate(req: TranslateRequest) -> dict[str, Any]:
        """Operator text -> IR record (``{"id", "intents", "error", "latency_ms"}``); applies nothing."""
        with loading:
            if app.state.translator is None:
                from llm_core.hub import load_translator

                app.state.translator = load_translator(mgr().store)
        return app.state.translator.translate(req.text, req.id).to_json()  # the IR contract's JSON form

    @app.post("/query")
    def query(q: ir.Query) -> dict[str, Any]:
        return mgr().answer(q)

    @app.get("/policies")
    def policies() -> dict[str, Any]:
        version, running = mgr().network.get_running()
        return {"version": version, "policies": running.model_dump(mode="json")}

    @app.get("/policies/versions")
    def versions(limit: Limit = 50) -> list[dict[str, Any]]:
        return [v.model_dump(exclude={"policies"}) for v in mgr().store.versions(limit)]

    @app.post("/policies/rollback")
    def rollback(req: RollbackRequest) -> dict[str, Any]:
        return {"version": mgr().rollback(req.version, actor="api")}

    @app.post("/policies/confirm")
    def confirm() -> dict[str, Any]:
        return {"version": mgr().confirm(actor="api")}

    @app.get("/alarms")
    def alarms(limit: Limit = 100, open_only: bool = False) -> list[dict[str, Any]]:
        """What the closed loop raised, newest first (``open_only``: not cleared yet)."""
        return [a.model_dump(mode="json") for a in mgr().store.alarms(open_only, limit)]

    @app.get("/audit")
    def audit(limit: Limit = 100) -> list[dict[str, Any]]:
        return [a.model_dump() for a in mgr().store.audit(limit)]

    return app


app = create_app()

if __name__ == "__main__":
    import uvicorn

    ap = argparse.ArgumentParser(description="Run the TinyLarge API.")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, default=8000)
    args = ap.parse_args()
    uvicorn.run(app, host=args.host, port=args.port)
