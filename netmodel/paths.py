"""Path algorithms over the twin, as plain functions (networkx style).

Each takes the graph, endpoints and constraints (waypoints, avoided nodes, minimum residual
bandwidth, links already taken) and returns a node path or raises :class:`NoPath` with the reason.
"""
from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable
from typing import Literal

import networkx as nx

from .twin import link_key, path_links, residual_mbps

Objective = Literal["latency", "hops", "bandwidth"]
Residual = Callable[[str, str], float]


class NoPath(Exception):
    """No path satisfies the constraints; the message says which constraint bit."""


def latency_weight(u: str, v: str, d: dict) -> float | None:
    """Dijkstra weight for the lowest-latency path over links that are up (a down link is hidden)."""
    return d["latency_ms"] if d["up"] else None


def _weight(g: nx.Graph, objective: Objective, banned_nodes: set[str], banned_edges: set[tuple[str, str]],
            min_residual: float, residual: Residual) -> Callable[[str, str, dict], float | None]:
    """Dijkstra weight that hides down links, banned nodes/links and links without enough room."""
    def w(u: str, v: str, d: dict) -> float | None:
        if not d["up"] or v in banned_nodes or u in banned_nodes or link_key(u, v) in banned_edges:
            return None
        if min_residual > 0 and residual(u, v) < min_residual:
            return None
        return 1.0 if objective == "hops" else d["latency_ms"]
    return w


def shortest_path(g: nx.Graph, src: str, dst: str, *, objective: Objective = "latency",
                  avoid: Iterable[str] = (), banned_edges: Iterable[tuple[str, str]] = (),
                  min_residual: float = 0.0, residual: Residual | None = None) -> list[str]:
    """Best path by latency or hop count, or the widest (largest bottleneck residual) path."""
    banned = set(avoid) - {src, dst}
    edges = {link_key(*e) for e in banned_edges}
    residual = residual or (lambda u, v: residual_mbps(g, u, v))
    if src == dst:
        return [src]
    if objective == "bandwidth":
        return widest_path(g, src, dst, banned, edges, min_residual, residual)
    try:
        return nx.dijkstra_path(g, src, dst, weight=_weight(g, objective, banned, edges, min_residual, residual))
    except nx.NetworkXNoPath:
        raise NoPath(f"no path from {src} to {dst}" + _why(banned, min_residual)) from None


def _why(banned: set[str], min_residual: float) -> str:
    parts = []
    if banned:
        parts.append(f"avoiding {', '.join(sorted(banned))}")
    if min_residual > 0:
        parts.append(f"with {min_residual:g} Mbit/s free on every link")
    return (" " + " and ".join(parts)) if parts else " over links that are up"


def widest_path(g: nx.Graph, src: str, dst: str, banned: set[str], banned_edges: set[tuple[str, str]],
                min_residual: float, residual: Residual) -> list[str]:
    """Max-bottleneck path (modified Dijkstra); ties broken by fewer hops."""
    best = {src: (float("inf"), 0)}
    prev: dict[str, str] = {}
    heap = [(-float("inf"), 0, src)]
    while heap:
        neg_width, hops, u = heapq.heappop(heap)
        if u == dst:
            break
        if (-neg_width, hops) != best.get(u):
            continue
        for v, d in g[u].items():
            if not d["up"] or v in banned or link_key(u, v) in banned_edges:
                continue
            r = residual(u, v)
            if r < min_residual or r <= 0:
                continue
            cand = (min(-neg_width, r), hops + 1)
            old = best.get(v)
            if old is None or cand[0] > old[0] or (cand[0] == old[0] and cand[1] < old[1]):
                best[v], prev[v] = cand, u
                heapq.heappush(heap, (-cand[0], cand[1], v))
    if dst not in prev:
        raise NoPath(f"no path from {src} to {dst}" + _why(banned, min_residual))
    path = [dst]
    while path[-1] != src:
        path.append(prev[path[-1]])
    return path[::-1]


def waypoint_path(g: nx.Graph, src: str, dst: str, *, via: Iterable[str] = (), objective: Objective = "latency",
                  avoid: Iterable[str] = (), banned_edges: Iterable[tuple[str, str]] = (),
                  min_residual: float = 0.0, residual: Residual | None = None) -> list[str]:
    """A simple path src -> via[0] -> ... -> dst: best segments, each avoiding nodes already used."""
    stops = [src, *via, dst]
    avoid = set(avoid)
    bad = [w for w in via if w in avoid]
    if bad:
        raise NoPath(f"waypoint {bad[0]} is also in the avoid list")
    path = [src]
    for a, b in zip(stops, stops[1:]):
        used = set(path[:-1]) | set(stops) - {a, b}
        seg = shortest_path(g, a, b, objective=objective, avoid=avoid | used, banned_edges=banned_edges,
                            min_residual=min_residual, residual=residual)
        path.extend(seg[1:])
    return path


def disjoint_paths(g: nx.Graph, src: str, dst: str, k: int, **constraints) -> list[list[str]]:
    """``k`` link-disjoint paths (greedy: best path, remove its links, repeat)."""
    banned = set(constraints.pop("banned_edges", ()))
    paths: list[list[str]] = []
    for i in range(k):
        try:
            p = waypoint_path(g, src, dst, banned_edges=banned, **constraints)
        except NoPath as e:
            raise NoPath(f"only {i} link-disjoint path(s) from {src} to {dst}, {k} asked ({e})") from None
        paths.append(p)
        banned |= {link_key(*e) for e in path_links(p)}
    return paths
