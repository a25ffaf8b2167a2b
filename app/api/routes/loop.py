"""The closed loop in the server: start it on a scenario, stop it, and the kill switch (admin)."""
from __future__ import annotations

from fastapi import APIRouter

from ..models import KillSwitch, LoopAction, LoopStart, LoopState
from ..security import Admin, Operator, Viewer
from ..services import Services, Svc
from .runs import PROBLEMS

router = APIRouter(prefix="/loop", tags=["loop"], responses=PROBLEMS)


def state(svc: Services) -> LoopState:
    lc = svc.loop
    last = lc.ticks[-1] if lc.ticks else None
    actions = lc.loop.actions[-50:] if lc.loop is not None else []
    return LoopState(running=lc.running, killed=svc.store.loop_killed(), scenario=lc.scenario,
                     tick=last.tick if last else None, violations=len(last.violations) if last else None,
                     open_alarms=[list(a) for a in lc.loop.open_alarms()] if lc.loop is not None else [],
                     actions=[LoopAction(rule=a.rule, node=a.node, event=a.event, action=a.action, tick=a.tick,
                                         status=a.status) for a in actions])


@router.get("", response_model=LoopState)
def show(_: Viewer, svc: Svc) -> LoopState:
    return state(svc)


@router.post("/start", response_model=LoopState)
def start(req: LoopStart, who: Operator, svc: Svc) -> LoopState:
    """Run the loop in the server: node agents on the twin's telemetry, the scenario's faults (its
    slices and rules are put in force first), one tick every ``tick_s`` seconds."""
    svc.loop.start(req.scenario, req.ticks, req.tick_s, req.fault_at, req.duration, who.owner)
    return state(svc)


@router.post("/stop", response_model=LoopState)
def stop(who: Operator, svc: Svc) -> LoopState:
    svc.loop.stop(who.owner)
    return state(svc)


@router.post("/kill", response_model=LoopState)
def kill(req: KillSwitch, who: Admin, svc: Svc) -> LoopState:
    """The kill switch: every loop on this store stops acting at once (what is being judged rolls back); audited."""
    svc.store.set_loop_killed(req.on, who.owner, req.reason)
    return state(svc)
