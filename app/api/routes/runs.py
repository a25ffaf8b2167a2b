"""Hub agent runs: submitting requests (``POST /intents``), their traces, their step stream, approvals."""
from __future__ import annotations

import asyncio
import hashlib
import json
import secrets
import threading
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import APIRouter, Header, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from sse_starlette import EventSourceResponse

from netmodel.errors import TinyLargeError

from ..models import Decision, IntentRequest, Run, RunSummary, Step
from ..problems import ApiProblem, Problem, from_error, problem
from ..security import Operator, Viewer
from ..services import Services, Svc

router = APIRouter(tags=["runs"])
REFUSED = {"refused", "rolled_back", "unassured"}
PROBLEMS: dict[int | str, dict[str, Any]] = {s: {"model": Problem, "description": d} for s, d in (
    (401, "no or bad token"), (403, "role too low"), (409, "refused by the network"), (422, "invalid or refused request"),
    (429, "rate limited"))}


def run_of(svc: Services, run_id: str) -> Run:
    """The run as stored (its trace) with the agent's checkpointed state (what it waits on, its results)."""
    row, steps = svc.store.run(run_id)
    state = svc.hub().state(run_id)
    result = {k: state[k] for k in ("record", "plan", "decision", "outcome", "assurance", "answer", "learning",
                                    "explanation", "grounds") if k in state}
    return Run(run_id=row.id, status=state.get("status", row.status) if state else row.status, actor=row.actor,
               source=row.source, text=row.text, created_at=row.created_at, waiting_for=state.get("waiting_for"),
               steps=[_step(s) for s in steps], result=result)


def _step(row: Any) -> Step:
    """A stored step (netmodel.store.AgentStepRow) as the API shows it."""
    return Step(step=row.step, ms=round(row.ms, 1), started_at=row.started_at, output=row.output)


def refusal_code(run: Run) -> str:
    r = run.result
    if run.status in ("rolled_back", "unassured"):
        return run.status
    for part in (r.get("record", {}).get("error"), r.get("outcome", {}).get("error"), r.get("plan", {}).get("error")):
        if part:
            return part["code"]
    return "conflict"  # the verifier's verdict: contradictions, guardrails


def answer(run: Run, path: str) -> JSONResponse:
    """200 with the run, 202 while it waits for a person, a problem (with the run id) when refused."""
    if run.status in REFUSED:
        reasons = run.result.get("explanation", {}).get("reasons") or [run.status]
        return problem(refusal_code(run), "; ".join(reasons)[:2000], path, run_id=run.run_id,
                       explanation=run.result.get("explanation"))
    return JSONResponse(run.model_dump(mode="json"), status_code=202 if run.status == "waiting" else 200)


def fingerprint(request: Request, body: Any) -> str:
    data = json.dumps([request.method, request.url.path, body], sort_keys=True, default=str)
    return hashlib.sha256(data.encode()).hexdigest()


def idempotent(svc: Services, who: Any, key: str | None, digest: str, work: Callable[[], JSONResponse]) -> Response:
    """Run ``work`` once per (token, key): a retry gets the first response back (header
    ``Idempotent-Replayed: true``); the same key with another request, or while the first still
    runs, is refused."""
    if key is None:
        return work()
    slot = f"{who.token_id}:{key}"
    claimed = svc.store.claim_request(slot, digest)
    if claimed is not None:
        if claimed.fingerprint != digest:
            raise ApiProblem("idempotency_mismatch", "this Idempotency-Key was used for a different request")
        if claimed.status is None:
            raise ApiProblem("idempotency_in_progress", "the first request with this Idempotency-Key is still running",
                             {"Retry-After": "1"})
        return JSONResponse(claimed.response, status_code=claimed.status, headers={"Idempotent-Replayed": "true"},
                            media_type="application/problem+json" if claimed.status >= 400 else None)
    try:
        response = work()
    except TinyLargeError as e:
        response = from_error(e)
    except BaseException:
        svc.store.release_request(slot)
        raise
    svc.store.finish_request(slot, response.status_code, json.loads(response.body))
    return response


def _ask(svc: Services, req: IntentRequest, who: Any, run_id: str | None = None) -> dict:
    hub = svc.hub(text=req.text is not None)
    intents = [i.to_json() for i in req.intents] if req.intents is not None else None
    return hub.ask(req.text, intents=intents, actor=who.owner, source="api", dry_run=req.dry_run, node=req.node,
                   run_id=run_id)


@router.post("/intents", response_model=Run, status_code=200,
             responses={202: {"model": Run, "description": "waiting for approval (POST /approvals/{run_id})"},
                        **PROBLEMS})
def submit(req: IntentRequest, request: Request, who: Operator, svc: Svc,
           idempotency_key: Annotated[str | None, Header(max_length=200, pattern=r"^[\x21-\x7e]+$",
                                                         description="a retried request with the same key applies once")] = None,
           accept: Annotated[str | None, Header(include_in_schema=False)] = None) -> Response:
    """Run an operator's request through the hub agent (translate, plan, approve, apply, assure,
    explain). With ``Accept: text/event-stream`` the agent's steps stream as server-sent events
    (``step`` events, then one ``run`` or ``problem`` event)."""
    if accept and "text/event-stream" in accept and idempotency_key is None:
        return _stream_new(svc, req, who, request.url.path)
    body = req.model_dump(mode="json")
    return idempotent(svc, who, idempotency_key, fingerprint(request, body),
                      lambda: answer(run_of(svc, _ask(svc, req, who)["run_id"]), request.url.path))


def _stream_new(svc: Services, req: IntentRequest, who: Any, path: str) -> EventSourceResponse:
    run_id = "run-" + secrets.token_hex(4)
    failed: list[BaseException] = []

    def work() -> None:
        try:
            _ask(svc, req, who, run_id)
        except BaseException as e:  # noqa: BLE001 - reported to the client as a problem event
            failed.append(e)

    worker = threading.Thread(target=work, name=f"run {run_id}", daemon=True)
    worker.start()
    return EventSourceResponse(_events(svc, run_id, path, worker.is_alive, failed))


async def _events(svc: Services, run_id: str, path: str, busy: Callable[[], bool],
                  failed: list[BaseException]) -> AsyncIterator[dict]:
    sent = 0
    while True:
        still = await run_in_threadpool(busy)
        steps = await run_in_threadpool(_steps, svc, run_id)
        for s in steps[sent:]:
            yield {"event": "step", "data": s.model_dump_json()}
        sent = len(steps)
        if not still:
            break
        await asyncio.sleep(0.1)
    if failed:
        e = failed[0]
        body = (from_error(e, path) if isinstance(e, TinyLargeError)
                else problem("internal", "the run failed; it is logged", path, run_id=run_id))
        yield {"event": "problem", "data": body.body.decode()}
        return
    run = await run_in_threadpool(run_of, svc, run_id)
    final = answer(run, path)
    yield {"event": "problem" if final.status_code >= 400 else "run", "data": final.body.decode()}


def _steps(svc: Services, run_id: str) -> list[Step]:
    try:
        _, steps = svc.store.run(run_id)
    except TinyLargeError:
        return []  # not started yet
    return [_step(s) for s in steps]


@router.get("/runs", response_model=list[RunSummary], responses=PROBLEMS)
def runs(_: Viewer, svc: Svc, limit: Annotated[int, Query(ge=1, le=1000)] = 50,
         status: Annotated[str | None, Query(max_length=20, pattern=r"^[a-z_]+$")] = None) -> list[RunSummary]:
    """Recent runs, newest first (``status=waiting``: those waiting for a person)."""
    rows = [r for r in svc.store.runs(limit if status is None else 1000) if status is None or r.status == status]
    return [RunSummary(run_id=r.id, status=r.status, actor=r.actor, text=r.text, created_at=r.created_at)
            for r in rows[:limit]]


@router.get("/runs/{run_id}", response_model=Run, responses={404: {"model": Problem}, **PROBLEMS})
def run(run_id: str, _: Viewer, svc: Svc) -> Run:
    """A run's trace: every step's output and time, and what it waits on."""
    return run_of(svc, _known(svc, run_id))


@router.get("/runs/{run_id}/events", responses={200: {"content": {"text/event-stream": {}}}, **PROBLEMS})
def run_events(run_id: str, request: Request, _: Viewer, svc: Svc) -> EventSourceResponse:
    """A run's steps as server-sent events until it ends or waits (then one ``run`` event)."""
    _known(svc, run_id)
    return EventSourceResponse(_events(svc, run_id, request.url.path,
                                       lambda: svc.store.run(run_id)[0].status == "running", []))


def _known(svc: Services, run_id: str) -> str:
    if not run_id.startswith("run-") or len(run_id) > 40:
        raise ApiProblem("not_found", f"no run {run_id[:40]!r}")
    try:
        svc.store.run(run_id)
    except TinyLargeError:
        raise ApiProblem("not_found", f"no run {run_id!r}") from None
    return run_id


@router.get("/approvals", response_model=list[Run], tags=["approvals"], responses=PROBLEMS)
def approvals(_: Viewer, svc: Svc) -> list[Run]:
    """Runs waiting for a person, with the read-back and diff they wait on."""
    return [run_of(svc, r.id) for r in svc.store.runs(200) if r.status == "waiting"]


@router.post("/approvals/{run_id}", response_model=Run, tags=["approvals"],
             responses={404: {"model": Problem}, **PROBLEMS})
def decide(run_id: str, decision: Decision, request: Request, who: Operator, svc: Svc) -> Response:
    """Approve (apply, assure) or reject the plan a run is waiting on."""
    _known(svc, run_id)
    if svc.store.run(run_id)[0].status != "waiting":
        raise ApiProblem("not_waiting", f"run {run_id} is not waiting for approval")
    return answer(run_of(svc, svc.hub().resume(run_id, decision.approve, actor=who.owner)["run_id"]),
                  request.url.path)
