"""Tokens (admin), the audit log, and health (no token: for load balancers)."""
from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from netmodel.errors import TinyLargeError

from ..models import AuditEntry, Health, Me, NewToken, Token, TokenRequest
from ..problems import ApiProblem
from ..security import Admin, Viewer
from ..services import Svc
from .runs import PROBLEMS

router = APIRouter(responses=PROBLEMS)


@router.get("/health", response_model=Health, tags=["health"])
def health(svc: Svc) -> Health:
    v = svc.manager.health()
    return Health(ok=v.ok, version=svc.manager.network.get_running()[0], conflicts=[c.model_dump() for c in v.conflicts])


@router.get("/me", response_model=Me, tags=["tokens"])
def me(who: Viewer) -> Me:
    """Whose token this is and its role (the console greys out what the role may not do)."""
    return Me(owner=who.owner, role=who.role, token_id=who.token_id)


@router.get("/audit", response_model=list[AuditEntry], tags=["audit"])
def audit(_: Viewer, svc: Svc, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
          action: Annotated[str | None, Query(max_length=40, pattern=r"^[a-z_]+$")] = None) -> list[AuditEntry]:
    return [AuditEntry.model_validate(a, from_attributes=True) for a in svc.store.audit(limit, action=action)]


@router.post("/tokens", response_model=NewToken, status_code=201, tags=["tokens"])
def create(req: TokenRequest, who: Admin, svc: Svc) -> NewToken:
    secret = svc.store.create_token(req.owner, req.role, actor=who.owner)
    row = svc.store.token(secret)
    return NewToken(**Token.model_validate(row, from_attributes=True).model_dump(), token=secret)


@router.get("/tokens", response_model=list[Token], tags=["tokens"])
def tokens(_: Admin, svc: Svc) -> list[Token]:
    return [Token.model_validate(t, from_attributes=True) for t in svc.store.tokens()]


@router.delete("/tokens/{token_id}", response_model=list[Token], tags=["tokens"])
def revoke(token_id: str, who: Admin, svc: Svc) -> list[Token]:
    try:
        svc.store.revoke_token(token_id[:40], who.owner)
    except TinyLargeError as e:
        raise ApiProblem("not_found", e.message) from None
    return [Token.model_validate(t, from_attributes=True) for t in svc.store.tokens()]
