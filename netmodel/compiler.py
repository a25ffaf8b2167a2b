"""Compile IR intents into device-level policies on the twin.

``compile_intents`` folds a batch of intents into a copy of the running :class:`PolicySet` and
returns the candidate; it refuses (raises) when an intent cannot be carried: unknown nodes,
slices that do not exist, no capacity or no latency-feasible path. Intents in one batch see each
other's reservations, so two slices cannot both take the last free megabits of a link.
"""
from __future__ import annotations

import hashlib
import itertools
import json
from collections import defaultdict
from collections.abc import Callable
from typing import Any, ClassVar

import networkx as nx

from . import ir
from .catalogue import AGENT_ROLES, JOB_DEFAULTS, SERVICES
from .errors import AdmissionRefused, Conflict, InvalidIntent, UnknownEntity
from .paths import NoPath, disjoint_paths, latency_weight
from .policy import SST, FlowMatch, FlowRule, JobSpec, PolicySet, RoutePolicy, SliceReservation, ZtnRule, same_content
from .resolve import check_references, resolve_all
from .schedule import peak
from .twin import link_key, nodes_by_role


class LinkLoads:
    """Scheduled slice reservations per link, for residual-capacity questions during compilation."""

    def __init__(self, g: nx.Graph, policies: PolicySet) -> None:
        self.g = g
        self.items: dict[tuple[str, str], list[tuple[str, float, ir.Schedule | None]]] = defaultdict(list)
        for sl in policies.slices.values():
            self.add(sl)

    def add(self, sl: SliceReservation) -> None:
        for path in sl.paths.values():
            for a, b in zip(path, path[1:]):
                self.items[link_key(a, b)].append((sl.name, sl.bandwidth_mbps, sl.schedule))

    def remove(self, name: str) -> None:
        for k, lst in self.items.items():
            self.items[k] = [it for it in lst if it[0] != name]

    def residual(self, window: ir.Schedule | None) -> Callable[[str, str], float]:
        def free(u: str, v: str) -> float:
            d = self.g.edges[u, v]
            if not d["up"]:
                return 0.0
            items = self.items.get(link_key(u, v), ())
            return d["capacity_mbps"] - peak(((m, w) for _, m, w in items), within=window)
        return free


class Compiler:
    """Holds the twin, the candidate being built and its link loads while a batch compiles."""

    def __init__(self, g: nx.Graph, running: PolicySet, salt: str = "") -> None:
        self.g, self.salt = g, salt
        self.candidate = running.copy_set()
        self.loads = LinkLoads(g, running)

    def add(self, intent: ir.Intent, intent_id: str | None = None) -> list[str]:
        """Fold one intent into the candidate; returns the keys of the objects it produced."""
        if isinstance(intent, ir.Query):
            raise InvalidIntent("a query changes nothing; ask it through the query interface")
        check_references(self.g, intent)
        return self.HANDLERS[type(intent)](self, intent, intent_id)

    # -- slices ------------------------------------------------------------------------------
    def _slice_create(self, it: ir.SliceCreate, iid: str | None) -> list[str]:
        prof = SERVICES[it.service]
        spec = dict(service=it.service, sites=resolve_all(self.g, it.sites),
                    bandwidth_mbps=it.bandwidth_mbps or prof["bandwidth_mbps"],
                    max_latency_ms=it.max_latency_ms or prof["max_latency_ms"],
                    reliability=it.reliability if it.reliability is not None else prof["reliability"],
                    max_devices=it.max_devices, isolation=it.isolation or "shared", schedule=it.schedule)
        same = self._same_slice(it.name, spec)
        if same is not None:  # applying the same request again changes nothing (idempotent by content and name)
            return [same]
        name = it.name or self._slice_name(it.service, it.sites)
        return [self._place_slice({"name": name, **spec}, iid)]

    def _same_slice(self, name: str | None, spec: dict) -> str | None:
        """The slice that already is what ``spec`` asks for (by ``name`` when given, else any one);
        a named slice with other settings is a conflict that says which settings differ."""
        def differs(sl: SliceReservation) -> list[str]:
            return [k for k, v in spec.items() if getattr(sl, k) != v]

        if name is None:
            return next((sl.name for sl in self.candidate.slices.values() if not differs(sl)), None)
        if name not in self.candidate.slices:
            return None
        other = differs(self.candidate.slices[name])
        if other:
            raise Conflict(f"slice {name!r} already exists with other {', '.join(other)}; use slice.modify to change it",
                           conflicts=[{"kind": "duplicate_name", "objects": [f"slices/{name}"]}])
        return name

    def _slice_modify(self, it: ir.SliceModify, iid: str | None) -> list[str]:
        old = self._existing_slice(it.name)
        changes = it.model_dump(exclude_none=True, exclude={"kind", "name"})
        if "sites" in changes:
            changes["sites"] = resolve_all(self.g, it.sites)
        if "schedule" in changes:
            changes["schedule"] = it.schedule
        spec = old.model_dump(include={"name", "service", "sites", "bandwidth_mbps", "max_latency_ms",
                                       "reliability", "max_devices", "isolation"})
        spec["schedule"] = old.schedule
        spec.update(changes)
        self.loads.remove(old.name)
        del self.candidate.slices[old.name]
        try:
            return [self._place_slice(spec, iid or old.intent_id)]
        except AdmissionRefused:
            self.candidate.put(old)
            self.loads.add(old)
            raise

    def _slice_delete(self, it: ir.SliceDelete, iid: str | None) -> list[str]:
        old = self._existing_slice(it.name)
        self.loads.remove(old.name)
        del self.candidate.slices[old.name]
        return [old.name]

    def _existing_slice(self, name: str) -> SliceReservation:
        if name not in self.candidate.slices:
            have = ", ".join(sorted(self.candidate.slices)) or "none"
            raise UnknownEntity(f"no slice named {name!r} (existing: {have})", slice=name,
                                existing=sorted(self.candidate.slices))
        return self.candidate.slices[name]

    def _slice_name(self, service: str, refs: list[str]) -> str:
        base = f"{service}-" + "-".join(r.replace("role:", "") for r in refs[:2])
        name, n = base, 2
        while name in self.candidate.slices:
            name, n = f"{base}-{n}", n + 1
        return name

    def _anchors(self, service: str) -> list[str]:
        role = SERVICES[service]["anchor"]
        return nodes_by_role(self.g, role) or nodes_by_role(self.g, "core")

    def _place_slice(self, spec: dict, iid: str | None) -> str:
        """Find, per site, the lowest-latency path to an anchor with room for the bandwidth."""
        bw, budget, window = spec["bandwidth_mbps"], spec["max_latency_ms"], spec["schedule"]
        residual = self.loads.residual(window)
        anchors = sorted(set(self._anchors(spec["service"])))  # in id order: ties go the same way in every process
        paths: dict[str, list[str]] = {}
        for site in spec["sites"]:
            paths[site] = self._slice_path(site, anchors, bw, budget, residual, spec["name"])
        sl = SliceReservation(sst=SST[spec["service"]], paths=paths, intent_id=iid, **spec)
        self.candidate.put(sl)
        self.loads.add(sl)
        return sl.name

    def _slice_path(self, site: str, anchors: list[str], bw: float, budget: float,
                    residual: Callable[[str, str], float], name: str) -> list[str]:
        if site in anchors:
            return [site]
        weight = lambda u, v, d: latency_weight(u, v, d) if residual(u, v) >= bw else None
        try:  # searching from the anchors towards the site stops as soon as the site is reached
            dist, path = nx.multi_source_dijkstra(self.g, anchors, target=site, weight=weight)
        except nx.NetworkXNoPath:
            raise AdmissionRefused(f"slice {name!r}: no path from {site} with {bw:g} Mbit/s free"
                                   + self._bottleneck(site, anchors, residual), site=site) from None
        if dist > budget:
            raise AdmissionRefused(f"slice {name!r}: best path from {site} takes {dist:.2f} ms, "
                                   f"over the {budget:g} ms budget ({' → '.join(reversed(path))})",
                                   site=site, latency_ms=dist)
        return list(reversed(path))

    def _bottleneck(self, site: str, anchors: list[str], residual: Callable[[str, str], float]) -> str:
        try:
            _, p = nx.multi_source_dijkstra(self.g, anchors, target=site, weight=latency_weight)
        except nx.NetworkXNoPath:
            return " (no path at all over links that are up)"
        u, v = min(zip(p, p[1:]), key=lambda e: residual(*e))
        return f" (bottleneck {v}--{u} has {residual(u, v):g} Mbit/s left)"

    # -- SDN ---------------------------------------------------------------------------------
    def _endpoints(self, ref: str) -> tuple[str, ...] | None:
        return None if ref == "any" else tuple(sorted(resolve_all(self.g, [ref])))

    def _devices(self, match: FlowMatch) -> tuple[str, ...]:
        """Install a rule where the traffic enters: on its sources, else on its destinations."""
        return match.src or match.dst or tuple(sorted(self.g.nodes))

    def _sdn_block(self, it: ir.SdnBlock, iid: str | None) -> list[str]:
        match = FlowMatch(src=self._endpoints(it.src), dst=self._endpoints(it.dst),
                          protocol=it.protocol or "any", port=it.port)
        rule = FlowRule(match=match, action="drop", devices=self._devices(match), intent_id=iid,
                        selector={"src": it.src, "dst": it.dst})
        self.candidate.put(rule)
        return [rule.key()]

    def _sdn_rate_limit(self, it: ir.SdnRateLimit, iid: str | None) -> list[str]:
        match = FlowMatch(src=self._endpoints(it.src), dst=self._endpoints(it.dst))
        rule = FlowRule(match=match, action="police", rate_mbps=it.rate_mbps, devices=self._devices(match),
                        intent_id=iid, selector={"src": it.src, "dst": it.dst})
        self.candidate.put(rule)
        return [rule.key()]

    def _sdn_route(self, it: ir.SdnRoute, iid: str | None) -> list[str]:
        if "any" in (it.src, it.dst):
            raise InvalidIntent("a route needs concrete endpoints (node ids or a role), not 'any'")
        objective = it.objective or "latency"
        keys = []
        for src, dst in itertools.product(resolve_all(self.g, [it.src]), resolve_all(self.g, [it.dst])):
            if src == dst:
                continue
            constraints = dict(via=it.via or [], objective=objective, avoid=it.avoid or [],
                               residual=self.loads.residual(None))
            try:
                paths = disjoint_paths(self.g, src, dst, it.paths or 1, **constraints)
            except NoPath as e:
                raise AdmissionRefused(f"route {src}->{dst}: {e}", src=src, dst=dst) from None
            route = RoutePolicy(src=src, dst=dst, paths=paths, via=it.via or [], avoid=it.avoid or [],
                                objective=objective, intent_id=iid)
            self.candidate.put(route)
            keys.append(route.key())
        if not keys:
            raise InvalidIntent(f"route from {it.src} to {it.dst} has no distinct endpoints")
        return keys

    # -- zero-touch and learning -------------------------------------------------------------
    def _ztn_policy(self, it: ir.ZtnPolicy, iid: str | None) -> list[str]:
        scope = resolve_all(self.g, it.trigger.scope)
        name = it.name or f"{it.trigger.event}-{it.action}-" + "-".join(
            s.replace("role:", "") for s in it.trigger.scope[:2])
        if it.action == "rate_limit" and it.rate_mbps is None:
            raise InvalidIntent("a rate_limit action needs rate_mbps")
        rule = ZtnRule(name=name, event=it.trigger.event, scope=scope, action=it.action, mode=it.mode,
                       rate_mbps=it.rate_mbps, intent_id=iid)
        old = self.candidate.ztn.get(name)
        if old is not None and not same_content(old, rule):
            raise Conflict(f"a different closed-loop rule named {name!r} is already in force",
                           conflicts=[{"kind": "duplicate_name", "objects": [f"ztn/{name}"]}])
        self.candidate.put(rule)
        return [name]

    def _learn(self, it: ir.LearnFedFT | ir.LearnSplit, iid: str | None, params: dict) -> list[str]:
        nodes = [n for n in resolve_all(self.g, it.nodes) if self.g.nodes[n]["role"] in AGENT_ROLES]
        if not nodes:
            raise InvalidIntent(f"none of {', '.join(it.nodes)} runs a node agent (roles: {', '.join(AGENT_ROLES)})")
        short = "fedft" if it.kind == "learn.fedft" else "split"
        fields = dict(kind=it.kind, model=it.model, nodes=nodes, params={k: v for k, v in params.items() if v is not None})
        job = JobSpec(id=self._job_id(f"{short}-{it.model}", fields), intent_id=iid, **fields)
        self.candidate.put(job)
        return [job.id]

    def _job_id(self, prefix: str, fields: dict) -> str:
        """``prefix-<6 hex>`` from the job and the salt (the version it is planned on): a plan and its
        commit name the job alike, and a job compiled again after a rollback gets a new id."""
        digest = hashlib.sha256(json.dumps([self.salt, fields], sort_keys=True).encode()).hexdigest()
        for n in range(6, len(digest) + 1):
            job_id = f"{prefix}-{digest[:n]}"
            if job_id not in self.candidate.jobs or self.candidate.jobs[job_id].model_dump(exclude={"id", "intent_id"}) \
                    == fields:
                return job_id
        raise Conflict(f"no free id for a {prefix} job")

    def _learn_fedft(self, it: ir.LearnFedFT, iid: str | None) -> list[str]:
        return self._learn(it, iid, {"rounds": it.rounds or JOB_DEFAULTS["rounds"],
                                     "local_epochs": it.local_epochs or JOB_DEFAULTS["local_epochs"],
                                     "strategy": it.strategy or JOB_DEFAULTS["strategy"],
                                     "dp_epsilon": it.dp_epsilon})

    def _learn_split(self, it: ir.LearnSplit, iid: str | None) -> list[str]:
        return self._learn(it, iid, {"method": it.method, "rounds": it.rounds or JOB_DEFAULTS["rounds"],
                                     "cut_layer": it.cut_layer or JOB_DEFAULTS["cut_layer"]})

    HANDLERS: ClassVar[dict[type, Callable[[Compiler, Any, str | None], list[str]]]] = {
        ir.SliceCreate: _slice_create, ir.SliceModify: _slice_modify, ir.SliceDelete: _slice_delete,
        ir.SdnBlock: _sdn_block, ir.SdnRateLimit: _sdn_rate_limit, ir.SdnRoute: _sdn_route,
        ir.ZtnPolicy: _ztn_policy, ir.LearnFedFT: _learn_fedft, ir.LearnSplit: _learn_split,
    }
    """The method that folds each IR intent class into the candidate (``ir.Query`` changes nothing)."""


def compile_intents(g: nx.Graph, running: PolicySet, intents: list[ir.Intent] | list[tuple[str, ir.Intent]],
                    salt: str = "") -> tuple[PolicySet, dict[str, list[str]]]:
    """Candidate policy set after applying ``intents`` to ``running``, and the keys each intent produced.

    ``intents`` may be bare intents or ``(intent_id, intent)`` pairs. Raises a
    :class:`~netmodel.errors.TinyLargeError` for the first intent that cannot be compiled; nothing is
    kept from a batch that fails. ``salt`` (the running version) makes learning-job ids differ
    between versions and agree between a plan and its commit.
    """
    comp = Compiler(g, running, salt)
    produced: dict[str, list[str]] = {}
    for n, item in enumerate(intents):
        iid, intent = item if isinstance(item, tuple) else (f"#{n + 1}", item)
        produced[iid] = comp.add(intent, iid)
    return comp.candidate, produced

