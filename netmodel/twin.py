"""The network twin: a networkx graph of the metro network with per-link state.

Plain functions over an ``nx.Graph`` (networkx style). Nodes carry ``role`` (cloud, core,
transport, edge, ran, site) and optional ``device_class``; links carry ``capacity_mbps``,
``latency_ms``, ``up`` and ``reserved`` (Mbit/s per slice name). The embedded default is the
metro6g reference network; :func:`generate_metro` builds larger ones of the same shape.
"""
from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
import numpy as np

ROLE_ORDER = ("cloud", "core", "transport", "edge", "ran", "site")
DEVICE_BUDGETS = {  # bytes of SRAM / flash the TinyML agent may use on each device class
    "mcu-m4": {"sram": 256 * 1024, "flash": 1024 * 1024},
    "mcu-m7": {"sram": 512 * 1024, "flash": 2 * 1024 * 1024},
}


def _with_state(g: nx.Graph) -> nx.Graph:
    """Give every link the mutable state the compiler and telemetry expect."""
    for _, _, d in g.edges(data=True):
        d.setdefault("up", True)
        d["reserved"] = dict(d.get("reserved", {}))
        d["capacity_mbps"] = float(d["capacity_mbps"])
        d["latency_ms"] = float(d["latency_ms"])
    return g


def from_node_link(data: dict[str, Any]) -> nx.Graph:
    """Build a twin from networkx node-link JSON (``links`` key), validating what the twin needs."""
    g = nx.node_link_graph(data, edges="links")
    if g.is_directed() or g.is_multigraph():
        raise ValueError("topology must be an undirected simple graph")
    for n, d in g.nodes(data=True):
        if d.get("role") not in ROLE_ORDER:
            raise ValueError(f"node {n!r} has role {d.get('role')!r}; expected one of {', '.join(ROLE_ORDER)}")
    for u, v, d in g.edges(data=True):
        for key in ("capacity_mbps", "latency_ms"):
            if not isinstance(d.get(key), (int, float)) or d[key] <= 0:
                raise ValueError(f"link {u}--{v} needs a positive {key}")
    return _with_state(g)


def load_topology(path: str | Path | None = None) -> nx.Graph:
    """Load a node-link JSON topology; without a path, the embedded metro6g reference network."""
    if path is None:
        text = resources.files("netmodel.data").joinpath("metro6g.topology.json").read_text()
    else:
        text = Path(path).read_text()
    return from_node_link(json.loads(text))


def to_node_link(g: nx.Graph) -> dict[str, Any]:
    """Serialise to node-link JSON (the same form :func:`load_topology` reads)."""
    return nx.node_link_data(g, edges="links")


def nodes_by_role(g: nx.Graph, role: str) -> list[str]:
    return [n for n, r in g.nodes(data="role") if r == role]


def reserved_mbps(g: nx.Graph, u: str, v: str) -> float:
    return float(sum(g.edges[u, v]["reserved"].values()))


def residual_mbps(g: nx.Graph, u: str, v: str) -> float:
    """Capacity left on a link after reservations; a link that is down has none."""
    d = g.edges[u, v]
    return d["capacity_mbps"] - reserved_mbps(g, u, v) if d["up"] else 0.0


def path_latency(g: nx.Graph, path: list[str]) -> float:
    return float(sum(g.edges[a, b]["latency_ms"] for a, b in zip(path, path[1:])))


def link_key(u: str, v: str) -> tuple[str, str]:
    """One name for an undirected link whichever way it is walked: the key of every per-link table."""
    return (u, v) if u <= v else (v, u)


def path_links(path: list[str]) -> list[tuple[str, str]]:
    return list(zip(path, path[1:]))


def set_link_up(g: nx.Graph, u: str, v: str, up: bool) -> None:
    if not g.has_edge(u, v):
        raise KeyError(f"no link {u}--{v}")
    g.edges[u, v]["up"] = up


def up_view(g: nx.Graph) -> nx.Graph:
    """Read-only view of the links that are up (what routing may use)."""
    return nx.subgraph_view(g, filter_edge=lambda u, v: g.edges[u, v]["up"])


def summary(g: nx.Graph) -> dict[str, Any]:
    """Counts per role and link totals, for ``topo show`` and the API."""
    roles = {r: len(nodes_by_role(g, r)) for r in ROLE_ORDER}
    return {
        "name": g.graph.get("name", "topology"),
        "nodes": g.number_of_nodes(),
        "links": g.number_of_edges(),
        "links_down": sum(1 for *_, up in g.edges(data="up") if not up),
        "roles": {r: n for r, n in roles.items() if n},
        "capacity_mbps": sum(c for *_, c in g.edges(data="capacity_mbps")),
        **slice_reservations(g),
    }


def slice_reservations(g: nx.Graph) -> dict[str, Any]:
    """Reserved bandwidth counting each slice once (its largest reservation on any one link), and the
    total over links (a slice crossing three links counts three times there)."""
    peak: dict[str, float] = {}
    for *_, reserved in g.edges(data="reserved"):
        for name, mbps in reserved.items():
            peak[name] = max(peak.get(name, 0.0), mbps)
    return {"slices": len(peak), "reserved_mbps": sum(peak.values()),
            "link_reserved_mbps": sum(reserved_mbps(g, u, v) for u, v in g.edges)}


def generate_metro(n_nodes: int = 1000, seed: int = 0, name: str | None = None) -> nx.Graph:
    """A metro network of about ``n_nodes`` nodes with metro6g's roles and tiers.

    One cloud DC on a core ring; aggregation rings of up to 8 switches, each switch dual-homed to
    two cores and serving one MEC edge and a cluster of gNBs (a fifth of them dual-homed to the
    next switch); one tenant site per gNB. Capacities and latencies follow metro6g's tiers, with
    seeded jitter, so the same (n_nodes, seed) always gives the same graph.
    """
    if not 25 <= n_nodes <= 20000:
        raise ValueError("n_nodes must be between 25 and 20000")
    rng = np.random.default_rng(seed)
    n_core = max(2, n_nodes // 500)
    n_agg = max(3, n_nodes // 40)
    n_gnb = max(n_agg, (n_nodes - 1 - n_core - 2 * n_agg) // 2)
    g = nx.Graph(name=name or f"metro-{n_nodes}-s{seed}",
                 description=f"Generated metro network ({n_nodes} nodes requested, seed {seed}).")

    def link(u: str, v: str, cap: float, lat: tuple[float, float]) -> None:
        g.add_edge(u, v, capacity_mbps=cap, latency_ms=round(float(rng.uniform(*lat)), 2))

    g.add_node("cloud-dc", role="cloud", compute_tflops=2000)
    cores = [f"core-{i + 1}" for i in range(n_core)]
    for i, c in enumerate(cores):
        g.add_node(c, role="core")
        link("cloud-dc", c, 100000, (1.5, 2.5)) if i < 2 or i % 4 == 0 else None
        if i:
            link(cores[i - 1], c, 100000, (0.8, 1.5))
    if n_core > 2:
        link(cores[-1], cores[0], 100000, (0.8, 1.5))
    aggs = [f"agg-{i + 1}" for i in range(n_agg)]
    for i, a in enumerate(aggs):
        g.add_node(a, role="transport", device_class="switch-cpu")
        c1 = cores[i % n_core]
        link(c1, a, 40000, (0.8, 1.6))
        link(cores[(i + 1) % n_core], a, 40000, (0.8, 1.6))
        ring_start = i - i % 8
        if i > ring_start:
            link(aggs[i - 1], a, 10000, (1.0, 2.0))
        e = f"edge-{i + 1}"
        g.add_node(e, role="edge", device_class="sbc", compute_tflops=50)
        link(a, e, 10000, (0.3, 0.6))
    gnbs = [f"gnb-{j + 1}" for j in range(n_gnb)]
    for j, gnb in enumerate(gnbs):
        i = j % n_agg
        g.add_node(gnb, role="ran", device_class="mcu-m7", cells=3, prbs_per_cell=273)
        link(aggs[i], gnb, 10000, (0.4, 1.2))
        if rng.random() < 0.2:
            link(aggs[(i + 1) % n_agg], gnb, 5000, (0.9, 1.4))
    for j in range(n_nodes - g.number_of_nodes()):  # one site per gNB, the remainder doubling up
        site = f"site-{j + 1}"
        g.add_node(site, role="site", device_class="mcu-m4")
        link(gnbs[j % n_gnb], site, float(rng.choice([1000, 2000])), (0.6, 1.0))
    return _with_state(g)
