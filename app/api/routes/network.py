"""The network as it is: the twin with slices and routes overlaid, telemetry, alarms, questions, translation."""
from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from netmodel import ir
from netmodel.twin import link_key

from ..models import Alarm, Link, LinkLoad, Node, Telemetry, Topology, TranslateRequest
from ..security import Viewer
from ..services import Svc
from .runs import PROBLEMS

router = APIRouter(tags=["network"], responses=PROBLEMS)


@router.get("/topology", response_model=Topology)
def topology(_: Viewer, svc: Svc) -> Topology:
    """Nodes and links with each link's state and reservations, and the slices and routes crossing it."""
    version, running = svc.manager.network.get_running()
    g = svc.manager.g
    over: dict[tuple[str, str], tuple[list[str], list[str]]] = {link_key(u, v): ([], []) for u, v in g.edges}
    for s in running.slices.values():
        for p in s.paths.values():
            for a, b in zip(p, p[1:]):
                if s.name not in over[link_key(a, b)][0]:
                    over[link_key(a, b)][0].append(s.name)
    for key, r in running.routes.items():
        for p in r.paths:
            for a, b in zip(p, p[1:]):
                over[link_key(a, b)][1].append(key)
    links = [Link(source=u, target=v, capacity_mbps=d["capacity_mbps"], latency_ms=d["latency_ms"], up=d["up"],
                  reserved_mbps=sum(d.get("reserved", {}).values()), slices=over[link_key(u, v)][0],
                  routes=over[link_key(u, v)][1]) for u, v, d in g.edges(data=True)]
    return Topology(name=g.graph.get("name", "twin"), version=version,
                    nodes=[Node(id=n, role=r) for n, r in g.nodes(data="role")], links=links,
                    slices={k: list(s.paths.values()) for k, s in running.slices.items()},
                    routes={k: r.paths for k, r in running.routes.items()})


@router.get("/telemetry", response_model=Telemetry)
def telemetry(_: Viewer, svc: Svc) -> Telemetry:
    """Per-link load: the running loop's last tick, or one simulated tick of the running policies."""
    loop = svc.loop
    if loop.loop is not None and loop.ticks:
        snap, source = loop.loop.last_snapshot, "loop"
    else:
        from netmodel.telemetry import TelemetrySimulator

        snap, source = TelemetrySimulator(svc.manager.g, policies=svc.manager.running).step(), "snapshot"
    return Telemetry(tick=snap.t, source=source, links=[
        LinkLoad(source=u, target=v, load_mbps=round(s.load_mbps, 2), utilization=round(s.utilization, 4),
                 latency_ms=round(s.latency_ms, 3), loss=round(s.loss, 5), up=s.up) for (u, v), s in snap.links.items()])


@router.get("/alarms", response_model=list[Alarm])
def alarms(_: Viewer, svc: Svc, limit: Annotated[int, Query(ge=1, le=1000)] = 100,
           open_only: bool = False) -> list[Alarm]:
    """What the closed loop raised, newest first (``open_only``: not cleared yet)."""
    return [Alarm.model_validate(a, from_attributes=True) for a in svc.store.alarms(open_only, limit)]


@router.post("/query", response_model=dict[str, Any])
def query(q: ir.Query, _: Viewer, svc: Svc) -> dict[str, Any]:
    """Answer a ``query`` intent (paths, slices, utilisation, models, ...)."""
    return svc.manager.answer(q)


@router.post("/translate", response_model=ir.TranslateRecord)
async def translate(req: TranslateRequest, _: Viewer, svc: Svc) -> JSONResponse:
    """Operator text -> IR record (``{"id", "intents", "error", "latency_ms"}``); applies nothing."""
    def work() -> dict:
        return svc.translator.translate(req.text, req.id).to_json()  # the IR contract's JSON form
    return JSONResponse(await run_in_threadpool(work))
