"""Learning jobs (FedFT, split learning) started through the hub agent, and their progress."""
from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response

from netmodel.errors import TinyLargeError

from ..models import Job, JobRequest, JobStarted, Run
from ..problems import ApiProblem
from ..security import Operator, Viewer
from ..services import Svc
from .runs import PROBLEMS, answer, run_of

router = APIRouter(prefix="/learn/jobs", tags=["learning"], responses=PROBLEMS)


@router.post("", response_model=JobStarted, status_code=202,
             responses={200: {"model": Run, "description": "nothing started: already in force (no change)"}})
def start(req: JobRequest, request: Request, who: Operator, svc: Svc) -> Response:
    """Apply a ``learn.fedft`` / ``learn.split`` intent through the hub agent and start its job on
    the site node agents (202: it runs in the background; follow it at ``GET /learn/jobs/{id}``).
    Posting here is the operator's approval of the job, whatever its number of sites."""
    state = svc.ir_hub().ask(intents=[req.intent.to_json()], actor=who.owner, source="api", approved=True)
    started = state.get("learning", {}).get("started", [])
    if not started:
        return answer(run_of(svc, state["run_id"]), request.url.path)  # refused, waiting or unchanged
    return JSONResponse(JobStarted(run_id=state["run_id"], jobs=started).model_dump(), status_code=202)


@router.get("", response_model=list[Job])
def jobs(_: Viewer, svc: Svc) -> list[Job]:
    return [Job.model_validate(j, from_attributes=True) for j in svc.store.jobs()]


@router.get("/{job_id}", response_model=Job)
def job(job_id: str, _: Viewer, svc: Svc) -> Job:
    """A job's status and its progress events (round, loss, accuracy, bytes, ...)."""
    try:
        return Job.model_validate(svc.store.job(job_id[:200]), from_attributes=True)
    except TinyLargeError:
        raise ApiProblem("not_found", f"no job {job_id[:80]!r}") from None
