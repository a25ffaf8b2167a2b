"""Fault scenarios for the closed loop (``tinylarge loop``, its tests, its bench), on metro6g or
any generated twin.

Each puts a slice and the ``ztn`` rules an operator would write in force, then schedules its
faults on the telemetry simulator: where a fault hits a link, it is the last link of the fan-zone
slice's path (core side), which the twin can route around; a flood comes from factory-1 (on
another twin, its second site). ``gnb_congestion`` congests the backhaul of the fan zone's gNB
(the slice's second link) under a rule scoped to gNBs only: only the gNB's node agent can answer it.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from netmodel.manager import NetworkManager, parse_intents
from netmodel.telemetry import TelemetrySimulator

FANS = {"kind": "slice.create", "service": "embb", "sites": ["stadium"], "name": "fans", "bandwidth_mbps": 500,
        "max_latency_ms": 20}


def rule(event: str, action: str, mode: str = "auto", scope: str = "role:site", **extra: object) -> dict:
    name = f"{event}-{action}" + ("" if scope == "role:site" else f"-{scope.removeprefix('role:')}")
    return {"kind": "ztn.policy", "name": name.replace("_", "-"), "trigger": {"event": event, "scope": [scope]},
            "action": action, "mode": mode, **extra}


RULES = [rule("ddos", "rate_limit", rate_mbps=50), rule("link_down", "reroute"),
         rule("latency_violation", "reroute"), rule("congestion", "reroute")]


def _sites(m: NetworkManager) -> list[str]:
    """Sites in id order, metro6g's stadium and factory-1 first where the twin has them: the fan
    zone is the first, the flooding site the second."""
    sites = sorted((n for n, r in m.g.nodes(data="role") if r == "site"), key=lambda n: (len(n), n))
    return [*(n for n in ("stadium", "factory-1") if n in sites), *(n for n in sites if n not in ("stadium", "factory-1"))]


def _fans_link(m: NetworkManager, hop: int = -1) -> tuple[str, str]:
    """A link of the fan-zone slice's path: its last (core side) by default, ``hop=1`` its gNB's uplink."""
    path = next(iter(m.running.slices["fans"].paths.values()))
    return (path[-2], path[-1]) if hop == -1 else (path[hop], path[hop + 1])


def _flood(m: NetworkManager) -> tuple[str, object, dict]:
    return "ddos", _sites(m)[1], {}


Fault = Callable[[NetworkManager], tuple[str, object, dict]]


@dataclass(frozen=True)
class Scenario:
    name: str
    faults: list[Fault]
    intents: list[dict] = field(default_factory=lambda: [FANS, *RULES])

    def setup(self, m: NetworkManager, sim: TelemetrySimulator, start: int = 5, duration: int = 40) -> None:
        """Apply the scenario's policies (as the operator) and schedule its faults from tick ``start``;
        on another twin than metro6g the fan zone is its first site."""
        fans = _sites(m)[0]
        intents = [{**i, "sites": [fans]} if i is FANS else i for i in self.intents]
        m.apply(parse_intents(intents), source="scenario", text=f"scenario {self.name}")
        for fault in self.faults:
            kind, target, extra = fault(m)
            sim.inject(kind, target, start=start, duration=duration, **extra)


SCENARIOS = {
    "none": Scenario("none", []),
    "ddos": Scenario("ddos", [_flood]),
    "link_down": Scenario("link_down", [lambda m: ("link_down", _fans_link(m), {})]),
    "latency": Scenario("latency", [lambda m: ("latency_spike", _fans_link(m), {"magnitude": 30.0})]),
    "congestion": Scenario("congestion", [lambda m: ("congestion", _fans_link(m), {})]),
    "buildup": Scenario("buildup", [lambda m: ("congestion", _fans_link(m), {"ramp": 10})]),
    "mixed": Scenario("mixed", [_flood, lambda m: ("link_down", _fans_link(m), {})]),
    "gnb_congestion": Scenario("gnb_congestion", [lambda m: ("congestion", _fans_link(m, hop=1), {})],
                               [FANS, rule("anomaly", "reroute", scope="role:ran")]),
}
