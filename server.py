"""HTTP surface of TinyLarge (FastAPI): apply intents, ask questions, manage policy versions.

    uvicorn server:app            # or: python server.py --port 8000

Request and response bodies are the IR's pydantic models, so validation errors come back as 422
with the exact field; refusals come back as ``{"code", "message", "details"}`` with 409 (the
network cannot or must not do it) or 422 (the request names something that does not exist or is
malformed). No logic lives here beyond request handling.
"""
from __future__ import annotations

import argparse
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field

from netmodel import ir
from netmodel.errors import InvalidIntent, TinyLargeError
from netmodel.manager import ApplyResult, NetworkManager
from netmodel.twin import summary

STATUS = {"conflict": 409, "admission_refused": 409, "apply_failed": 409, "unknown_entity": 422, "invalid": 422}


class ApplyRequest(BaseModel):
    intents: list[ir.Intent] = Field(min_length=1, description="IR intents, applied whole or not at all")
    text: str | None = Field(default=None, description="the operator's words, kept in the store")
    dry_run: bool = False
    confirm_timeout_s: float | None = Field(default=None, gt=0, description="commit-confirmed timeout")


class TranslateRequest(BaseModel):
    text: str = Field(min_length=1, max_length=2000, description="the operator's words; treated as data")
    id: str = Field(default="q", max_length=200)


class RollbackRequest(BaseModel):
    version: int | None = Field(default=None, ge=1, description="default: the version before the running one")


def create_app(manager: NetworkManager | None = None, translator: Any = None) -> FastAPI:
    """``translator`` (an ``llm_core.translator.Translator``) is loaded on the first /translate
    call when not given: the committed adapter over the store's live inventory, with retrieval."""
    app = FastAPI(title="TinyLarge", version="0.1.0",
                  description="Intent-based management of a 6G network twin.")
    app.state.manager, app.state.translator = manager, translator

    def mgr() -> NetworkManager:
        if app.state.manager is None:
            app.state.manager = NetworkManager()
        return app.state.manager

    @app.exception_handler(TinyLargeError)
    async def refused(_: Request, e: TinyLargeError) -> JSONResponse:
        return JSONResponse(status_code=STATUS.get(e.code, 400), content=e.to_json())

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
        return mgr().apply(list(req.intents), text=req.text, source="api", dry_run=req.dry_run,
                           confirm_timeout_s=req.confirm_timeout_s)

    @app.post("/translate")
    def translate(req: TranslateRequest) -> dict[str, Any]:
        """Operator text -> IR record (``{"id", "intents", "error", "latency_ms"}``); applies nothing."""
        if app.state.translator is None:
            from llm_core.hub import load_translator

            app.state.translator = load_translator(mgr().store)
        return app.state.translator.translate(req.text, req.id)  # validated IR JSON (intent-ir.schema.json)

    @app.post("/query")
    def query(q: ir.Query) -> dict[str, Any]:
        return mgr().answer(q)

    @app.get("/policies")
    def policies() -> dict[str, Any]:
        version, running = mgr().store.running()
        return {"version": version, "policies": running.model_dump(mode="json")}

    @app.get("/policies/versions")
    def versions(limit: int = 50) -> list[dict[str, Any]]:
        return [v.model_dump(exclude={"policies"}) for v in mgr().store.versions(limit)]

    @app.post("/policies/rollback")
    def rollback(req: RollbackRequest) -> dict[str, Any]:
        return {"version": mgr().rollback(req.version)}

    @app.post("/policies/confirm")
    def confirm() -> dict[str, Any]:
        return {"version": mgr().confirm()}

    @app.get("/audit")
    def audit(limit: int = 100) -> list[dict[str, Any]]:
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
