"""Check a candidate policy set before it is applied, and explain every conflict.

The verifier trusts nothing the compiler did: it re-walks every path on the twin. Checks:
capacity (peak of scheduled reservations per link), latency budgets, waypoints and avoided
nodes, links up, disjointness of load-balanced paths, rule contradictions and shadowing (block
vs route for the same flow, rate limits under a block, two rate limits for one flow), and the
guardrails, so that every door gets them whatever front end sent the IR: no rule that drops or
throttles all traffic between all nodes, no rule that cuts infrastructure (cloud, core,
transport) off from everything, no automatic isolation of infrastructure by a closed-loop rule,
and a blast radius: one change may touch at most ``max_devices`` devices unless the caller
raises the limit explicitly.
"""
from __future__ import annotations

import itertools
from collections import defaultdict
from typing import Literal

import networkx as nx
from pydantic import BaseModel, Field

from .catalogue import AGENT_ROLES, INFRA_ROLES
from .policy import SECTIONS, FlowMatch, FlowRule, PolicyObject, PolicySet, RoutePolicy, SliceReservation, same_content
from .schedule import peak
from .twin import link_key, path_latency

ConflictKind = Literal["capacity", "latency", "waypoint", "avoid", "link_down", "broken_path", "disjoint",
                       "contradiction", "shadowed", "guardrail", "blast_radius", "unknown_node", "not_an_agent",
                       "not_runnable"]


class ConflictItem(BaseModel):
    kind: ConflictKind
    message: str
    objects: list[str] = Field(default_factory=list, description="section/key of the objects involved")
    intent_ids: list[str] = Field(default_factory=list)


class Verdict(BaseModel):
    """``ok`` or the list of conflicts, each with a human explanation and the objects it concerns."""

    ok: bool
    conflicts: list[ConflictItem] = Field(default_factory=list)
    checked: dict[str, int] = Field(default_factory=dict)

    def reasons(self) -> list[str]:
        return [c.message for c in self.conflicts]


class _Report:
    def __init__(self) -> None:
        self.items: list[ConflictItem] = []

    def add(self, kind: ConflictKind, message: str, *objs: tuple[str, object]) -> None:
        self.items.append(ConflictItem(kind=kind, message=message, objects=[f"{s}/{o.key()}" for s, o in objs],
                                       intent_ids=sorted({o.intent_id for _, o in objs if o.intent_id})))


def _check_path(g: nx.Graph, path: list[str], what: str, obj: tuple[str, object], rep: _Report) -> bool:
    for n in path:
        if n not in g:
            rep.add("unknown_node", f"{what}: node {n} is not in the topology", obj)
            return False
    for a, b in zip(path, path[1:]):
        if not g.has_edge(a, b):
            rep.add("broken_path", f"{what}: no link {a}--{b}", obj)
            return False
        if not g.edges[a, b]["up"]:
            rep.add("link_down", f"{what}: link {a}--{b} is down", obj)
            return False
    if len(set(path)) != len(path):
        rep.add("broken_path", f"{what}: path visits a node twice", obj)
        return False
    return True


def _slices(g: nx.Graph, ps: PolicySet, rep: _Report) -> None:
    per_link: dict[tuple[str, str], list] = defaultdict(list)
    for sl in ps.slices.values():
        obj = ("slices", sl)
        for site, path in sl.paths.items():
            what = f"slice {sl.name} at {site}"
            if not _check_path(g, path, what, obj, rep):
                continue
            lat = path_latency(g, path)
            if lat > sl.max_latency_ms + 1e-9:
                rep.add("latency", f"{what}: path takes {lat:.2f} ms, budget {sl.max_latency_ms:g} ms", obj)
            for a, b in zip(path, path[1:]):
                per_link[link_key(a, b)].append(sl)
    for (a, b), slices in per_link.items():
        load = peak((s.bandwidth_mbps, s.schedule) for s in slices)
        cap = g.edges[a, b]["capacity_mbps"]
        if load > cap + 1e-6:
            names = ", ".join(sorted({s.name for s in slices}))
            rep.add("capacity", f"link {a}--{b} over-subscribed: {load:g} of {cap:g} Mbit/s reserved at peak by {names}",
                    *[("slices", s) for s in slices])


def _routes(g: nx.Graph, ps: PolicySet, rep: _Report) -> None:
    for r in ps.routes.values():
        obj = ("routes", r)
        used: set[tuple[str, str]] = set()
        for p in r.paths:
            what = f"route {r.key()}"
            if p[0] != r.src or p[-1] != r.dst:
                rep.add("broken_path", f"{what}: path {p[0]}…{p[-1]} does not join {r.src} to {r.dst}", obj)
            if not _check_path(g, p, what, obj, rep):
                continue
            pos = [p.index(w) if w in p else -1 for w in r.via]
            if -1 in pos or pos != sorted(pos):
                rep.add("waypoint", f"{what}: does not pass {' → '.join(r.via)} in order", obj)
            hit = sorted(set(p) & set(r.avoid))
            if hit:
                rep.add("avoid", f"{what}: crosses avoided node(s) {', '.join(hit)}", obj)
            links = {link_key(a, b) for a, b in zip(p, p[1:])}
            if links & used:
                rep.add("disjoint", f"{what}: load-balanced paths share a link", obj)
            used |= links


def _flows(ps: PolicySet, rep: _Report) -> None:
    acls = list(ps.acls.values())
    for a, b in itertools.permutations(acls, 2):
        if a.action == "drop" and b.action == "police" and a.match.covers(b.match):
            rep.add("shadowed", f"rate limit {b.match.label()} never applies: all of it is dropped by block "
                    f"{a.match.label()}", ("acls", a), ("acls", b))
        if (a.action == b.action == "police" and a.key() < b.key() and a.match.overlaps(b.match)
                and a.rate_mbps != b.rate_mbps):
            rep.add("contradiction", f"two rate limits ({a.rate_mbps:g} and {b.rate_mbps:g} Mbit/s) for overlapping "
                    f"traffic {a.match.label()} / {b.match.label()}", ("acls", a), ("acls", b))
    for r in ps.routes.values():
        flow = FlowMatch(src=(r.src,), dst=(r.dst,))
        for a in acls:
            if a.action == "drop" and a.match.covers(flow):
                rep.add("contradiction", f"route {r.key()} contradicts block {a.match.label()}: the traffic it routes "
                        "is dropped", ("routes", r), ("acls", a))


def _wholesale(g: nx.Graph, ps: PolicySet, rep: _Report) -> None:
    everything = set(g.nodes)

    def all_of(side: tuple[str, ...] | None) -> bool:
        return side is None or set(side) >= everything

    for a in ps.acls.values():
        obj = ("acls", a)
        every_packet = a.match.protocol == "any" and a.match.port is None
        if all_of(a.match.src) and all_of(a.match.dst):
            if a.action == "police":
                rep.add("guardrail", f"rate limit {a.match.label()} would throttle all traffic between all nodes", obj)
            elif every_packet:
                rep.add("guardrail", f"block {a.match.label()} would drop all traffic between all nodes", obj)
            continue
        if a.action != "drop" or not every_packet:
            continue
        for side, other in ((a.match.src, a.match.dst), (a.match.dst, a.match.src)):
            infra = sorted(n for n in side or () if n in g and g.nodes[n]["role"] in INFRA_ROLES)
            if all_of(other) and infra:
                rep.add("guardrail", f"block {a.match.label()} would cut infrastructure ({', '.join(infra[:3])}"
                        f"{'…' if len(infra) > 3 else ''}) off from the network; name the traffic to drop", obj)
                break


def obj_devices(obj: PolicyObject) -> set[str]:
    """The devices whose configuration an object sets (ZTN rules and jobs configure none)."""
    if isinstance(obj, SliceReservation):
        return {n for p in obj.paths.values() for n in p}
    if isinstance(obj, RoutePolicy):
        return {n for p in obj.paths for n in p}
    return set(obj.devices) if isinstance(obj, FlowRule) else set()


def devices_touched(running: PolicySet, candidate: PolicySet) -> set[str]:
    """The devices whose configuration changes going from ``running`` to ``candidate``."""
    return {n for _, obj in _changed(running, candidate) for n in obj_devices(obj)}


def _changed(running: PolicySet, candidate: PolicySet) -> list[tuple[str, PolicyObject]]:
    out = []
    for s in SECTIONS:
        old, new = getattr(running, s), getattr(candidate, s)
        for k in old.keys() | new.keys():
            a, b = old.get(k), new.get(k)
            if a is None or b is None or not same_content(a, b):
                out += [(s, o) for o in (a, b) if o is not None and obj_devices(o)]
    return out


def _blast_radius(running: PolicySet, candidate: PolicySet, max_devices: int, rep: _Report) -> None:
    touched = devices_touched(running, candidate)
    if len(touched) > max_devices:
        rep.add("blast_radius", f"this change touches {len(touched)} devices; one change may touch at most "
                f"{max_devices} unless the limit is raised explicitly (max_devices)", *_changed(running, candidate))


def _ztn_and_jobs(g: nx.Graph, ps: PolicySet, rep: _Report) -> None:
    for z in ps.ztn.values():
        missing = [n for n in z.scope if n not in g]
        if missing:
            rep.add("unknown_node", f"closed-loop rule {z.name}: unknown node(s) {', '.join(missing)}", ("ztn", z))
            continue
        infra = [n for n in z.scope if g.nodes[n]["role"] in INFRA_ROLES]
        if z.action == "isolate" and z.mode == "auto" and infra:
            rep.add("guardrail", f"closed-loop rule {z.name} would isolate infrastructure ({', '.join(infra[:3])}"
                    f"{'…' if len(infra) > 3 else ''}) without asking; use mode 'approve' or narrow the scope",
                    ("ztn", z))
    for j in ps.jobs.values():
        bad = [n for n in j.nodes if n not in g or g.nodes[n]["role"] not in AGENT_ROLES]
        if bad:
            rep.add("not_an_agent", f"job {j.id}: {', '.join(bad)} run(s) no node agent", ("jobs", j))
        if j.model == "hub_adapter":
            rep.add("not_runnable", f"job {j.id}: federated fine-tuning of the hub adapter (HetLoRA) does not run as a "
                    "job yet; it is measured by `python bench/fl_bench.py --hetlora`", ("jobs", j))


def verify(g: nx.Graph, candidate: PolicySet, *, running: PolicySet | None = None,
           max_devices: int | None = None) -> Verdict:
    """Every conflict in ``candidate`` against the twin ``g`` (an empty list means it may be applied).

    With ``running`` and ``max_devices``, the change from ``running`` to ``candidate`` is also
    held to the blast-radius limit.
    """
    rep = _Report()
    _slices(g, candidate, rep)
    _routes(g, candidate, rep)
    _flows(candidate, rep)
    _wholesale(g, candidate, rep)
    _ztn_and_jobs(g, candidate, rep)
    if running is not None and max_devices is not None:
        _blast_radius(running, candidate, max_devices, rep)
    checked = {s: len(getattr(candidate, s)) for s in ("slices", "routes", "acls", "ztn", "jobs")}
    return Verdict(ok=not rep.items, conflicts=rep.items, checked=checked)
