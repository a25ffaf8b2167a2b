"""Compiled, device-level policies: what the compiler makes, the verifier checks and drivers apply.

A :class:`PolicySet` is a value: five keyed sections of frozen objects. Two sets diff into a
:class:`PolicyDiff` (added / removed / changed per key), which is what ``--dry-run`` shows and
what drivers turn into device operations.
"""
from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel, ConfigDict, Field

from .ir import Model, Schedule, Service
from .twin import link_key

SST = {"embb": 1, "urllc": 2, "mmtc": 3, "v2x": 4}


class PolicyObject(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    intent_id: str | None = Field(default=None, description="The intent this object was compiled from.")

    def key(self) -> str:  # pragma: no cover - every section overrides
        raise NotImplementedError

    def summary(self) -> str:  # pragma: no cover
        raise NotImplementedError


class SliceReservation(PolicyObject):
    """A slice: per-site bandwidth reserved along a latency-feasible path to its anchor (UPF)."""

    name: str
    service: Service
    sst: int
    sites: list[str]
    bandwidth_mbps: float
    max_latency_ms: float
    reliability: float | None = None
    max_devices: int | None = None
    isolation: Literal["shared", "dedicated"] = "shared"
    schedule: Schedule | None = None
    paths: dict[str, list[str]] = Field(description="site -> node path to the slice's anchor")

    def key(self) -> str:
        return self.name

    def sites_over(self, u: str, v: str) -> list[str]:
        """The sites whose path to the anchor crosses the link ``u``--``v`` (either way)."""
        return [site for site, p in self.paths.items() if any({a, b} == {u, v} for a, b in zip(p, p[1:]))]

    def summary(self) -> str:
        when = f" {self.schedule.start}-{self.schedule.end}" if self.schedule else ""
        return (f"slice {self.name} ({self.service}, SST {self.sst}) {self.bandwidth_mbps:g} Mbit/s ≤{self.max_latency_ms:g} ms"
                f"{when} on {', '.join(self.sites)}")


class FlowMatch(BaseModel):
    """Traffic selector: concrete node sets (None = any), protocol and port."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    src: tuple[str, ...] | None = None
    dst: tuple[str, ...] | None = None
    protocol: Literal["any", "tcp", "udp", "icmp"] = "any"
    port: int | None = None

    def covers(self, other: FlowMatch) -> bool:
        """Does every packet ``other`` matches also match this?"""
        def within(mine: tuple[str, ...] | None, theirs: tuple[str, ...] | None) -> bool:
            return mine is None or (theirs is not None and set(theirs) <= set(mine))

        return (within(self.src, other.src) and within(self.dst, other.dst)
                and (self.protocol == "any" or self.protocol == other.protocol)
                and (self.port is None or self.port == other.port))

    def overlaps(self, other: FlowMatch) -> bool:
        def meet(a: tuple[str, ...] | None, b: tuple[str, ...] | None) -> bool:
            return a is None or b is None or bool(set(a) & set(b))

        return (meet(self.src, other.src) and meet(self.dst, other.dst)
                and (self.protocol == "any" or other.protocol == "any" or self.protocol == other.protocol)
                and (self.port is None or other.port is None or self.port == other.port))

    def label(self) -> str:
        def nodes(x: tuple[str, ...] | None) -> str:
            return "any" if x is None else (x[0] if len(x) == 1 else f"{{{len(x)} nodes}}")

        proto = "" if self.protocol == "any" else f" {self.protocol}" + (f"/{self.port}" if self.port is not None else "")
        return f"{nodes(self.src)} -> {nodes(self.dst)}{proto}"


class FlowRule(PolicyObject):
    """A match/action rule (drop or police), installed on the devices that see the traffic first."""

    match: FlowMatch
    action: Literal["drop", "police"]
    rate_mbps: float | None = None
    devices: tuple[str, ...]
    selector: dict[str, str] = Field(default_factory=dict, description="the references as written in the intent")

    def key(self) -> str:
        m = self.match.model_dump_json()
        return f"{self.action}-{hashlib.sha1(m.encode()).hexdigest()[:10]}"

    def summary(self) -> str:
        what = "drop" if self.action == "drop" else f"police {self.rate_mbps:g} Mbit/s"
        return f"{what} {self.match.label()} on {len(self.devices)} device(s)"


class RoutePolicy(PolicyObject):
    """Explicit paths for traffic between two nodes (several = load-balanced, link-disjoint)."""

    src: str
    dst: str
    paths: list[list[str]]
    via: list[str] = Field(default_factory=list)
    avoid: list[str] = Field(default_factory=list)
    objective: Literal["latency", "hops", "bandwidth"] = "latency"

    def key(self) -> str:
        return f"{self.src}->{self.dst}"

    def summary(self) -> str:
        shown = " | ".join("→".join(p) for p in self.paths)
        return f"route {self.src}->{self.dst} ({self.objective}): {shown}"

    def next_hops(self) -> dict[str, list[str]]:
        """Device-level forwarding entries: node -> next hops for this flow (ECMP when several)."""
        hops: dict[str, list[str]] = {}
        for p in self.paths:
            for a, b in zip(p, p[1:]):
                hops.setdefault(a, [])
                if b not in hops[a]:
                    hops[a].append(b)
        return hops


class ZtnRule(PolicyObject):
    """A closed-loop trigger -> action rule, evaluated by the closed loop on alarms."""

    name: str
    event: Literal["anomaly", "ddos", "link_down", "congestion", "latency_violation"]
    scope: list[str]
    action: Literal["isolate", "reroute", "rate_limit", "scale_slice", "alert"]
    mode: Literal["auto", "approve"]
    rate_mbps: float | None = None

    def key(self) -> str:
        return self.name

    def summary(self) -> str:
        return f"ztn {self.name}: on {self.event} at {len(self.scope)} node(s) -> {self.action} ({self.mode})"


JobModel = Model | Literal["site_detector"]
"""What a learning job trains: the IR's models, and the node agents' site-telemetry detector, which
only the closed loop asks for (it retrains a node whose alarms were judged false; no IR intent names it)."""


class JobSpec(PolicyObject):
    """A learning job (federated fine-tuning or split learning), run by the learning engines."""

    id: str
    kind: Literal["learn.fedft", "learn.split"]
    model: JobModel
    nodes: list[str]
    params: dict[str, Any] = Field(default_factory=dict)

    def key(self) -> str:
        return self.id

    def summary(self) -> str:
        extra = ", ".join(f"{k}={v}" for k, v in sorted(self.params.items()))
        return f"job {self.id}: {self.kind} {self.model} on {len(self.nodes)} node(s) ({extra})"


SECTIONS: dict[str, type[PolicyObject]] = {
    "slices": SliceReservation, "routes": RoutePolicy, "acls": FlowRule, "ztn": ZtnRule, "jobs": JobSpec,
}


def same_content(a: PolicyObject, b: PolicyObject) -> bool:
    """Equal but for the intent they came from."""
    return a.model_copy(update={"intent_id": b.intent_id}) == b


class DiffEntry(BaseModel):
    model_config = ConfigDict(frozen=True)

    section: str
    key: str
    op: Literal["add", "remove", "change"]
    before: str | None = None
    after: str | None = None

    def line(self) -> str:
        sign = {"add": "+", "remove": "-", "change": "~"}[self.op]
        text = self.after if self.op != "remove" else self.before
        return f"{sign} {self.section}/{self.key}: {text}"


class PolicyDiff(BaseModel):
    entries: list[DiffEntry] = Field(default_factory=list)
    commands: list[str] = Field(default_factory=list, description="what the driver runs on the device, where it says")

    def __bool__(self) -> bool:
        return bool(self.entries)

    def lines(self) -> list[str]:
        return [e.line() for e in self.entries] + [f"  $ {c}" for c in self.commands]


class PolicySet(BaseModel):
    """Everything in force on the network, keyed per section (the device-level 'running config')."""

    model_config = ConfigDict(extra="forbid")

    slices: dict[str, SliceReservation] = Field(default_factory=dict)
    routes: dict[str, RoutePolicy] = Field(default_factory=dict)
    acls: dict[str, FlowRule] = Field(default_factory=dict)
    ztn: dict[str, ZtnRule] = Field(default_factory=dict)
    jobs: dict[str, JobSpec] = Field(default_factory=dict)

    def copy_set(self) -> PolicySet:
        """A shallow copy whose sections can be changed independently (objects are frozen)."""
        return PolicySet(**{s: dict(getattr(self, s)) for s in SECTIONS})

    def put(self, obj: PolicyObject) -> None:
        """Add or replace an object; re-stating one already in force keeps the original (and its intent)."""
        section = getattr(self, next(s for s, cls in SECTIONS.items() if isinstance(obj, cls)))
        old = section.get(obj.key())
        if old is None or not same_content(old, obj):
            section[obj.key()] = obj

    def objects(self) -> list[tuple[str, PolicyObject]]:
        return [(s, o) for s in SECTIONS for o in getattr(self, s).values()]

    def __len__(self) -> int:
        return sum(len(getattr(self, s)) for s in SECTIONS)

    def source_rule(self, node: str) -> FlowRule | None:
        """The rule that drops or polices everything ``node`` sends, if one is in force (what
        isolating a node or rate-limiting it installs); the strictest when there are several."""
        rules = [r for r in self.acls.values() if r.match.src is not None and node in r.match.src
                 and r.match.dst is None and r.match.protocol == "any"]
        return min(rules, key=lambda r: 0.0 if r.action == "drop" else r.rate_mbps or 0.0, default=None)

    def canonical_json(self) -> str:
        return json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))

    def digest(self) -> str:
        return hashlib.sha256(self.canonical_json().encode()).hexdigest()

    def diff(self, new: PolicySet) -> PolicyDiff:
        """What changes going from this set (running) to ``new`` (candidate)."""
        entries = []
        for s in SECTIONS:
            old_s, new_s = getattr(self, s), getattr(new, s)
            for k in sorted(old_s.keys() | new_s.keys()):
                a, b = old_s.get(k), new_s.get(k)
                if a is None:
                    entries.append(DiffEntry(section=s, key=k, op="add", after=b.summary()))
                elif b is None:
                    entries.append(DiffEntry(section=s, key=k, op="remove", before=a.summary()))
                elif not same_content(a, b):
                    entries.append(DiffEntry(section=s, key=k, op="change", before=a.summary(), after=b.summary()))
        return PolicyDiff(entries=entries)


def apply_reservations(g: nx.Graph, policies: PolicySet) -> None:
    """Write the slices' reservations into the twin's link state (replacing what was there).

    Each link's table is built whole and then swapped in, so a reader never sees one half-filled.
    """
    tables: dict[tuple[str, str], dict[str, float]] = {}
    for sl in policies.slices.values():
        for path in sl.paths.values():
            for a, b in zip(path, path[1:]):
                reserved = tables.setdefault(link_key(a, b), {})
                reserved[sl.name] = reserved.get(sl.name, 0.0) + sl.bandwidth_mbps
    for u, v, d in g.edges(data=True):
        d["reserved"] = tables.get(link_key(u, v), {})
