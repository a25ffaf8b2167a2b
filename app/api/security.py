"""Who is calling: API tokens with roles, and a per-token rate limit on changes.

``viewer`` reads; ``operator`` also applies, approves and rolls back; ``admin`` also manages
tokens and the loop's kill switch. A token is ``Authorization: Bearer tl_<id>_<secret>``
(``tinylarge token create --role R``); the store keeps only the secret's hash, and the audit log
names the token's owner as the actor.
"""
from __future__ import annotations

import math
import threading
import time
from dataclasses import dataclass, field
from typing import Annotated

from fastapi import Depends, Header, Request

from .problems import ApiProblem

ROLES = ("viewer", "operator", "admin")


@dataclass(frozen=True)
class Caller:
    owner: str
    role: str
    token_id: str


def caller(request: Request, authorization: Annotated[str | None, Header(
        description="Bearer tl_<id>_<secret> (tinylarge token create)")] = None) -> Caller:
    scheme, _, presented = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        raise ApiProblem("unauthorized", "send `Authorization: Bearer <token>` (create one with "
                         "`tinylarge token create --role viewer|operator|admin`)", {"WWW-Authenticate": "Bearer"})
    row = request.app.state.services.store.token(presented.strip()[:200])
    if row is None:
        raise ApiProblem("unauthorized", "the token is unknown or revoked", {"WWW-Authenticate": "Bearer"})
    return Caller(row.owner, row.role, row.id)


def need(role: str):  # noqa: ANN201 - a FastAPI dependency
    def check(who: Annotated[Caller, Depends(caller)]) -> Caller:
        if ROLES.index(who.role) < ROLES.index(role):
            raise ApiProblem("forbidden", f"this needs the {role} role; the token of {who.owner} is {who.role}")
        return who
    return check


@dataclass
class RateLimit:
    """A token bucket per API token: ``per_minute`` changes on average, up to ``burst`` at once."""

    per_minute: float = 60.0
    burst: int = 20
    _buckets: dict[str, tuple[float, float]] = field(default_factory=dict)  # token -> (tokens, at)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def take(self, key: str) -> float:
        """0 when the change may go ahead, else the seconds until it may."""
        now = time.monotonic()
        with self._lock:
            tokens, at = self._buckets.get(key, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - at) * self.per_minute / 60)
            if tokens >= 1:
                self._buckets[key] = (tokens - 1, now)
                return 0.0
            self._buckets[key] = (tokens, now)
            return (1 - tokens) * 60 / self.per_minute


def changes(request: Request, who: Annotated[Caller, Depends(need("operator"))]) -> Caller:
    """An operator's change, counted against the token's rate limit."""
    wait = request.app.state.services.rate.take(who.token_id)
    if wait:
        raise ApiProblem("rate_limited", f"more than {request.app.state.services.rate.per_minute:g} changes a "
                         f"minute from this token; retry in {math.ceil(wait)} s", {"Retry-After": str(math.ceil(wait))})
    return who


Viewer = Annotated[Caller, Depends(need("viewer"))]
Operator = Annotated[Caller, Depends(changes)]
Admin = Annotated[Caller, Depends(need("admin"))]
