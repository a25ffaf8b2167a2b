"""The running policy set and its versions: read, roll back, confirm a commit-confirmed change."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Query, Request
from fastapi.responses import JSONResponse, Response

from netmodel import ir
from netmodel.errors import InvalidIntent
from netmodel.manager import ApplyResult

from ..models import CommitRequest, ConfirmRequest, RollbackRequest, Running, Version, VersionRef
from ..security import Operator, Viewer
from ..services import Svc
from .runs import PROBLEMS, fingerprint, idempotent

router = APIRouter(prefix="/policies", tags=["policies"], responses=PROBLEMS)


@router.get("", response_model=Running)
def running(_: Viewer, svc: Svc) -> Running:
    version, policies = svc.manager.network.get_running()
    return Running(version=version, policies=policies.model_dump(mode="json"))


@router.get("/versions", response_model=list[Version])
def versions(_: Viewer, svc: Svc, limit: Annotated[int, Query(ge=1, le=1000)] = 50) -> list[Version]:
    return [Version.model_validate(v, from_attributes=True) for v in svc.store.versions(limit)]


@router.post("/commit", response_model=ApplyResult)
def commit(req: CommitRequest, request: Request, who: Operator, svc: Svc,
           idempotency_key: Annotated[str | None, Header(max_length=200, pattern=r"^[\x21-\x7e]+$")] = None) -> Response:
    """Commit IR as given (no agent, no approval step): with ``base_version`` only if that version
    still runs (409 otherwise: plan again); ``confirm_timeout_s`` makes it commit-confirmed."""
    if any(isinstance(i, ir.Query) for i in req.intents):
        raise InvalidIntent("queries change nothing; POST them to /query")
    base = ... if req.base_version is None else (req.base_version or None)

    def work() -> JSONResponse:
        r = svc.manager.apply(list(req.intents), text=req.text, source="api", actor=who.owner, dry_run=req.dry_run,
                              confirm_timeout_s=req.confirm_timeout_s, base_version=base, max_devices=req.max_devices)
        return JSONResponse(r.model_dump(mode="json"))
    return idempotent(svc, who, idempotency_key, fingerprint(request, req.model_dump(mode="json")), work)


@router.post("/rollback", response_model=VersionRef)
def rollback(req: RollbackRequest, who: Operator, svc: Svc) -> VersionRef:
    """Restore an earlier version as a new one (default: the one before the running one)."""
    return VersionRef(version=svc.manager.rollback(req.version, actor=who.owner))


@router.post("/confirm", response_model=VersionRef)
def confirm(who: Operator, svc: Svc, req: ConfirmRequest | None = None) -> VersionRef:
    """Confirm the commit-confirmed version before its deadline (``version``: only that one)."""
    return VersionRef(version=svc.manager.confirm(actor=who.owner, version=req.version if req else None))
