"""Service catalogue: 3GPP slice/service types and the defaults a slice gets when the intent is silent.

The knowledge base renders this table into its slice catalogue document, so the LLM's grounding
and the compiler's defaults cannot drift apart.
"""
from __future__ import annotations

from typing import Literal, TypedDict


class ServiceProfile(TypedDict):
    sst: int
    description: str
    bandwidth_mbps: float
    max_latency_ms: float
    reliability: float
    anchor: Literal["core", "edge"]
    examples: str


SERVICES: dict[str, ServiceProfile] = {
    "embb": {"sst": 1, "description": "enhanced Mobile Broadband: high throughput (video, fan zones, AR)",
             "bandwidth_mbps": 100.0, "max_latency_ms": 20.0, "reliability": 0.999, "anchor": "core",
             "examples": "stadium video, campus Wi-Fi offload, 8K streaming"},
    "urllc": {"sst": 2, "description": "Ultra-Reliable Low-Latency Communication: control loops, telesurgery",
              "bandwidth_mbps": 10.0, "max_latency_ms": 5.0, "reliability": 0.99999, "anchor": "edge",
              "examples": "robot cells, remote surgery, grid protection"},
    "mmtc": {"sst": 3, "description": "massive Machine-Type Communication / MIoT: many low-rate sensors",
             "bandwidth_mbps": 5.0, "max_latency_ms": 100.0, "reliability": 0.99, "anchor": "core",
             "examples": "farm sensors, smart meters, asset trackers"},
    "v2x": {"sst": 4, "description": "Vehicle-to-everything: cooperative driving, platooning",
            "bandwidth_mbps": 20.0, "max_latency_ms": 10.0, "reliability": 0.9999, "anchor": "edge",
            "examples": "port shuttles, platooning trucks, shuttle corridors"},
}

AGENT_ROLES = ("site", "ran", "edge")
"""Roles whose nodes run a node agent (and can join learning jobs)."""

INFRA_ROLES = ("cloud", "core", "transport")
"""Roles whose isolation would cut many others off; closed-loop rules may not isolate them automatically."""

JOB_DEFAULTS = {"rounds": 10, "local_epochs": 1, "strategy": "fedavg", "cut_layer": 1}
