"""Telemetry simulator for the twin, with fault injection; deterministic under a seed.

Each tick every site offers traffic (a diurnal base with log-normal noise) that flows to its
nearest core over links that are up, slices add the traffic they reserved while their schedule
is active, and links turn offered load into utilisation, queueing latency and loss. Per-site
feature vectors (:data:`SITE_FEATURES`) are what a site's TinyML agent sees on its uplink; the
ground-truth labels say which faults shaped them, so detectors can be trained on them.

A gNB (role ``ran``) that serves sites gets a vector in the same layout: the traffic of the sites
it serves, summed (packet shares and packet size weighted by packets), and its own uplink's
utilisation, latency and loss to the nearest core. It is computed from the sites' rows and the
links, with no draw of its own, so adding gNBs leaves every site's stream as it was.

Faults: ``link_down`` (a link),
``congestion`` (a link is offered ``0.95 + 0.05 * magnitude`` times its capacity on top of its load,
reached over ``ramp`` ticks when one is given: traffic that builds up, as before a match),
``ddos`` (a site floods the network, ``magnitude`` x its packet rate), ``latency_spike``
(a link gains ``magnitude`` ms). A rule in force that drops or polices all a site sends
(:meth:`~netmodel.policy.PolicySet.source_rule`) keeps that traffic off the network.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Literal

import networkx as nx
import numpy as np

from .policy import PolicySet
from .schedule import active
from .twin import link_key, nodes_by_role

FaultKind = Literal["link_down", "congestion", "ddos", "latency_spike"]
SITE_FEATURES = ("pkts_per_s", "mbps_up", "mbps_down", "mean_pkt_bytes", "flows_per_s", "unique_dst",
                 "syn_ratio", "udp_ratio", "icmp_ratio", "uplink_util", "uplink_latency_ms", "uplink_loss")
SITE_LABELS = ("normal", "ddos", "anomaly")
SUMMED = ("pkts_per_s", "mbps_up", "mbps_down", "flows_per_s", "unique_dst")
"""The traffic features a gNB's row sums over the sites it serves."""
SHARES = ("syn_ratio", "udp_ratio", "icmp_ratio")
"""The packet shares a gNB's row averages over its sites, weighted by their packets."""
UPLINK = ("uplink_util", "uplink_latency_ms", "uplink_loss")
COLUMN = {name: i for i, name in enumerate(SITE_FEATURES)}
FAULT_DEFAULTS = {"link_down": 1.0, "congestion": 8.0, "ddos": 12.0, "latency_spike": 20.0}


@dataclass(frozen=True)
class Fault:
    kind: FaultKind
    target: str | tuple[str, str]
    start: int
    duration: int
    magnitude: float
    ramp: int = 0

    def share(self, t: int) -> float:
        """How much of its magnitude the fault has reached at tick ``t`` (1 unless it ramps up)."""
        return 1.0 if self.ramp <= 0 else min(1.0, (t - self.start + 1) / self.ramp)

    def active_at(self, t: int) -> bool:
        return self.start <= t < self.start + self.duration


@dataclass
class LinkSample:
    load_mbps: float
    utilization: float
    latency_ms: float
    loss: float
    up: bool


@dataclass
class Snapshot:
    """One tick of telemetry: links, sites and gNBs (features + label), the faults that were active,
    and each site's and gNB's path to its nearest core (the first link is its uplink)."""

    t: int
    minute_of_day: int
    links: dict[tuple[str, str], LinkSample]
    site_features: dict[str, np.ndarray]
    site_labels: dict[str, str]
    faults: list[Fault] = field(default_factory=list)
    gnb_features: dict[str, np.ndarray] = field(default_factory=dict)
    gnb_labels: dict[str, str] = field(default_factory=dict)
    paths: dict[str, list[str]] = field(default_factory=dict)

    def site_matrix(self) -> tuple[list[str], np.ndarray, list[str]]:
        sites = sorted(self.site_features)
        return sites, np.stack([self.site_features[s] for s in sites]), [self.site_labels[s] for s in sites]

    def gnb_matrix(self) -> tuple[list[str], np.ndarray, list[str]]:
        gnbs = sorted(self.gnb_features)
        return gnbs, np.stack([self.gnb_features[n] for n in gnbs]), [self.gnb_labels[n] for n in gnbs]

    def uplink(self, node: str) -> tuple[str, str] | None:
        """The link ``node``'s uplink features measure (the first of its path), or None when it is cut off."""
        path = self.paths.get(node) or []
        return link_key(path[0], path[1]) if len(path) >= 2 else None

    def path_links(self, node: str) -> set[tuple[str, str]]:
        """The links of ``node``'s path to its core this tick (empty when it is cut off)."""
        path = self.paths.get(node) or []
        return {link_key(a, b) for a, b in zip(path, path[1:])}

    def features(self, node: str) -> np.ndarray:
        """The feature vector of a site or a gNB (``SITE_FEATURES`` order)."""
        row = self.site_features.get(node)
        if row is None:
            row = self.gnb_features.get(node)
        if row is None:
            raise KeyError(f"no telemetry for {node!r} (sites and the gNBs that serve sites have some)")
        return row


class TelemetrySimulator:
    """Seeded telemetry for a twin; ``step()`` advances one tick of ``tick_minutes`` of day time."""

    def __init__(self, g: nx.Graph, seed: int = 0, policies: PolicySet | None = None,
                 start_minute: int = 12 * 60, tick_minutes: float = 1.0) -> None:
        self.g = g
        self.rng = np.random.default_rng(seed)
        self.policies = policies or PolicySet()
        self.t = 0
        self.start_minute, self.tick_minutes = start_minute, tick_minutes
        self.faults: list[Fault] = []
        self.sites = sorted(nodes_by_role(g, "site"))
        attached = {n: sorted(s for s in g.neighbors(n) if g.nodes[s]["role"] == "site") for n in nodes_by_role(g, "ran")}
        self.served = {n: sites for n, sites in sorted(attached.items()) if sites}  # gNB -> the sites it serves
        self._served_sites = [s for sites in self.served.values() for s in sites]
        self._served_by = np.repeat(np.arange(len(self.served)), [len(s) for s in self.served.values()])  # gNB index
        base_rng = np.random.default_rng(seed + 1)
        self.base_mbps = {s: float(base_rng.uniform(20, 120)) for s in self.sites}
        self.pkt_bytes = {s: float(base_rng.uniform(600, 1100)) for s in self.sites}
        self._routes: tuple | None = None

    # -- faults ------------------------------------------------------------------------------
    def inject(self, kind: FaultKind, target: str | tuple[str, str], *, start: int | None = None,
               duration: int = 10, magnitude: float | None = None, ramp: int = 0) -> Fault:
        """Schedule a fault (from the next tick by default); the target must exist in the twin."""
        if kind in ("ddos",):
            if target not in self.g or self.g.nodes[target]["role"] != "site":
                raise ValueError(f"ddos needs a site, not {target!r}")
        else:
            if not (isinstance(target, tuple) and self.g.has_edge(*target)):
                raise ValueError(f"{kind} needs an existing link (u, v), not {target!r}")
            target = tuple(sorted(target))
        if duration < 1:
            raise ValueError("duration must be at least one tick")
        fault = Fault(kind, target, self.t if start is None else start, duration,
                      FAULT_DEFAULTS[kind] if magnitude is None else magnitude, ramp)
        self.faults.append(fault)
        return fault

    def failed_links(self) -> set[tuple[str, str]]:
        """The links a ``link_down`` fault held down at the last tick (what a lab mirroring the twin takes down)."""
        return {link_key(*f.target) for f in self.faults if f.kind == "link_down" and f.active_at(self.t - 1)}

    def _active(self, kind: FaultKind) -> list[Fault]:
        return [f for f in self.faults if f.kind == kind and f.active_at(self.t)]

    # -- one tick ----------------------------------------------------------------------------
    def _node_routes(self, down: frozenset) -> tuple[dict[str, list[str]], dict[str, float]]:
        """Each site's and gNB's path to its nearest core over links that are up, and the path's
        latency unloaded (+ 0.5 ms), against which a degraded one is told (cached per set of down links)."""
        if self._routes is None or self._routes[0] != down:
            cores = nodes_by_role(self.g, "core")
            w = lambda u, v, d: None if (min(u, v), max(u, v)) in down or not d["up"] else d["latency_ms"]  # noqa: E731
            _, paths = nx.multi_source_dijkstra(self.g, cores, weight=w)
            routes = {n: list(reversed(paths[n])) for n in [*self.sites, *self.served] if n in paths}
            base = {n: sum(self.g.edges[a, b]["latency_ms"] for a, b in zip(p, p[1:])) + 0.5 for n, p in routes.items()}
            self._routes = (down, routes, base)
        return self._routes[1], self._routes[2]

    def step(self) -> Snapshot:
        t = self.t
        minute = int(self.start_minute + t * self.tick_minutes) % 1440
        diurnal = 0.6 + 0.4 * math.sin(2 * math.pi * (minute - 9 * 60) / 1440)
        down = frozenset(f.target for f in self._active("link_down")) | frozenset(
            (min(u, v), max(u, v)) for u, v, up in self.g.edges(data="up") if not up)
        routes, base = self._node_routes(down)
        ddos = {f.target: f.magnitude for f in self._active("ddos")}
        offered: dict[tuple[str, str], float] = {}

        def carry(path: list[str], mbps: float) -> None:
            for a, b in zip(path, path[1:]):
                k = link_key(a, b)
                offered[k] = offered.get(k, 0.0) + mbps

        demand = {}
        for s in self.sites:
            mbps = self.base_mbps[s] * diurnal * float(self.rng.lognormal(0, 0.15))
            if s in ddos:
                mbps *= ddos[s] / 3  # many small packets: rate grows less than packet count
            demand[s] = mbps
            if s in routes:
                carry(routes[s], self._admitted(s, mbps))
        for sl in self.policies.slices.values():
            if active(sl.schedule, minute):
                for path in sl.paths.values():
                    carry(path, sl.bandwidth_mbps * float(self.rng.uniform(0.5, 0.9)))
        for f in self._active("congestion"):
            cap = self.g.edges[f.target]["capacity_mbps"]
            offered[f.target] = offered.get(f.target, 0.0) + cap * (0.95 + 0.05 * f.magnitude) * f.share(t)
        spikes: dict = {}
        for f in self._active("latency_spike"):
            spikes[f.target] = spikes.get(f.target, 0.0) + f.magnitude

        links = {}
        for u, v, d in self.g.edges(data=True):
            k = link_key(u, v)
            up = d["up"] and k not in down
            load = offered.get(k, 0.0) if up else 0.0
            rho = load / d["capacity_mbps"]
            queue = 0.2 * min(rho, 0.99) / (1 - min(rho, 0.99))
            loss = 1.0 if not up else max(0.0, 1 - 1 / rho) if rho > 1 else max(0.0, (rho - 0.9) * 0.05)
            lat = d["latency_ms"] + queue + spikes.get(k, 0.0) + float(self.rng.exponential(0.02))
            links[k] = LinkSample(load, min(rho, 1.0), lat if up else float("inf"), min(loss, 1.0), up)

        features, labels = {}, {}
        for s in self.sites:
            feats, label = self._site_sample(s, demand[s], routes.get(s), base.get(s), links, s in ddos, ddos.get(s, 1.0))
            features[s], labels[s] = feats, label
        gnb_features, gnb_labels = self._gnb_rows(features, routes, base, links, set(ddos))
        self.t += 1
        return Snapshot(t, minute, links, features, labels, [f for f in self.faults if f.active_at(t)], gnb_features,
                        gnb_labels, routes)

    def _admitted(self, site: str, mbps: float) -> float:
        """What the network carries of a site's traffic: none when a rule drops all it sends, at most
        the rate when one polices it (the site still sees, and reports, what it tried to send)."""
        rule = self.policies.source_rule(site)
        if rule is None:
            return mbps
        return 0.0 if rule.action == "drop" else min(mbps, rule.rate_mbps or 0.0)

    def _site_sample(self, s: str, mbps: float, path: list[str] | None, base: float | None, links: dict, is_ddos: bool,
                     magnitude: float) -> tuple[np.ndarray, str]:
        r = self.rng
        util, lat, loss = _uplink(path, links)
        pkt = self.pkt_bytes[s] * float(r.uniform(0.9, 1.1))
        flows = mbps * float(r.uniform(0.8, 1.2))
        syn, udp, icmp = float(r.uniform(0.01, 0.05)), float(r.uniform(0.15, 0.35)), float(r.uniform(0.0, 0.02))
        uniq = 20 + mbps * float(r.uniform(0.2, 0.4))
        if is_ddos:
            pkt = float(r.uniform(60, 120))
            flows *= magnitude * float(r.uniform(3, 6))
            uniq *= magnitude * float(r.uniform(0.5, 2))
            if r.random() < 0.5:
                syn = float(r.uniform(0.6, 0.95))
            else:
                udp = float(r.uniform(0.8, 0.98))
        pps = mbps * 1e6 / 8 / pkt
        down = mbps * float(r.uniform(2.0, 4.0)) * (1 - loss)
        feats = np.array([pps, mbps, down, pkt, flows, uniq, syn, udp, icmp, util, lat, loss], dtype=np.float32)
        return feats, _label(is_ddos, base, util, lat, loss)

    def _gnb_rows(self, site_rows: dict[str, np.ndarray], routes: dict[str, list[str]], base: dict[str, float],
                  links: dict, flooding: set[str]) -> tuple[dict[str, np.ndarray], dict[str, str]]:
        """Every gNB's row (the rows of the sites it serves, summed or weighted by packets, and its
        own uplink) and label, all gNBs at once."""
        if not self.served:
            return {}, {}
        x = np.stack([site_rows[s] for s in self._served_sites]).astype(np.float64)
        rows = np.zeros((len(self.served), len(SITE_FEATURES)))
        pps = x[:, COLUMN["pkts_per_s"]]
        for name in SUMMED:
            rows[:, COLUMN[name]] = np.bincount(self._served_by, x[:, COLUMN[name]], len(self.served))
        for name in SHARES:
            rows[:, COLUMN[name]] = np.bincount(self._served_by, x[:, COLUMN[name]] * pps, len(self.served)) / \
                rows[:, COLUMN["pkts_per_s"]]
        rows[:, COLUMN["mean_pkt_bytes"]] = rows[:, COLUMN["mbps_up"]] * 1e6 / 8 / rows[:, COLUMN["pkts_per_s"]]
        features, labels = {}, {}
        for i, (gnb, sites) in enumerate(self.served.items()):
            util, lat, loss = _uplink(routes.get(gnb), links)
            rows[i, [COLUMN[name] for name in UPLINK]] = util, lat, loss
            features[gnb] = rows[i].astype(np.float32)
            labels[gnb] = _label(not flooding.isdisjoint(sites), base.get(gnb), util, lat, loss)
        return features, labels

    def run(self, ticks: int) -> list[Snapshot]:
        return [self.step() for _ in range(ticks)]


def _label(is_ddos: bool, base: float | None, util: float, lat: float, loss: float) -> str:
    """The ground truth of a row: a flood, a degraded path to the core (lossy, saturated, or slower
    than 2.5 x its unloaded latency ``base``), or normal."""
    degraded = loss > 0.02 or util > 0.9 or (base is not None and lat > 2.5 * base)
    return "ddos" if is_ddos else "anomaly" if degraded else "normal"


def _uplink(path: list[str] | None, links: dict) -> tuple[float, float, float]:
    """(utilisation of the first link, latency, loss) of a path to the core; a node cut off from
    every core reports no utilisation, no latency and total loss."""
    if path is None or len(path) < 2:
        return 0.0, 0.0, 1.0
    hops = [links[link_key(a, b)] for a, b in zip(path, path[1:])]
    return hops[0].utilization, sum(h.latency_ms for h in hops), 1 - float(np.prod([1 - h.loss for h in hops]))


def site_dataset(g: nx.Graph, ticks: int = 200, seed: int = 0, fault_rate: float = 0.05, start_minute: int = 12 * 60,
                 gnbs: bool = False) -> tuple[np.ndarray, np.ndarray]:
    """Labelled site feature rows from a run with random faults (for training site detectors), or
    with ``gnbs`` the rows of the gNBs that serve sites, from the same run.

    Returns ``X`` (rows x len(SITE_FEATURES)) and ``y`` (index into :data:`SITE_LABELS`).
    """
    sim = TelemetrySimulator(g, seed=seed, start_minute=start_minute)
    rng = np.random.default_rng(seed + 7)
    edges = sorted((min(u, v), max(u, v)) for u, v in g.edges)
    rows, ys = [], []
    for _ in range(ticks):
        if rng.random() < fault_rate * 4:
            kind = rng.choice(["ddos", "ddos", "congestion", "latency_spike", "link_down"])
            target = sim.sites[rng.integers(len(sim.sites))] if kind == "ddos" else edges[rng.integers(len(edges))]
            sim.inject(str(kind), target, duration=int(rng.integers(3, 15)),
                       magnitude=float(rng.uniform(4, 20)) if kind != "link_down" else None)
        snap = sim.step()
        _, x, labels = snap.gnb_matrix() if gnbs else snap.site_matrix()
        rows.append(x)
        ys.extend(SITE_LABELS.index(lbl) for lbl in labels)
    return np.concatenate(rows), np.array(ys)
