"""False alarms of the node agents' detectors, and the retraining job they lead to.

An alarm of a node's int8 detector (``ddos``, ``anomaly``) is judged false when it clears with no
SLA violation ever touching the node while it was open (at the node, on a link of its path to the
core, or at a site it serves), or when a person says so (``tinylarge loop judge ALARM --wrong``,
read from the store). The telemetry rows it was raised on go to the node's agent, labelled
``normal``: the node's own examples for its next retraining. ``retrain_after`` false alarms at one
node make it due; the closed loop then proposes a ``site_detector`` learning job for that node
(:func:`retrain_job`) through the hub agent, and counts again from zero.
"""
from __future__ import annotations

import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from netmodel.assurance import Violation
from netmodel.store import Store
from netmodel.telemetry import Snapshot
from netmodel.twin import link_key

KEPT = 256
"""Alarms kept for a person's verdict after they cleared (the oldest are let go)."""


@dataclass
class _Episode:
    event: str
    node: str
    rows: list[np.ndarray]  # the node's telemetry while the condition held (the loop's list, growing while open)
    open: bool = True
    real: bool = False  # an SLA violation touched the node while it was open


class FalseAlarms:
    """Which detector alarms were false, counted per node since that node's last retraining proposal."""

    def __init__(self, store: Store, agents: Mapping[str, Any], served: Mapping[str, list[str]]) -> None:
        self.store, self.agents, self.served = store, agents, served
        self.counted: dict[str, list[int]] = {}  # node -> its alarms judged false, not yet answered by a proposal
        self._episodes: dict[int, _Episode] = {}

    def raised(self, alarm_id: int, event: str, node: str, rows: list[np.ndarray]) -> None:
        self._episodes[alarm_id] = _Episode(event, node, rows)

    def observe(self, snap: Snapshot, violations: list[Violation]) -> None:
        """Mark the open alarms whose node an SLA violation touches this tick as real."""
        if not violations:
            return
        at = {v.node for v in violations}
        links = {link_key(*v.link) for v in violations if v.link is not None}
        for e in self._episodes.values():
            if e.open and not e.real:
                e.real = e.node in at or any(s in at for s in self.served.get(e.node, ())) or \
                    bool(links & snap.path_links(e.node))

    def cleared(self, alarm_id: int) -> str | None:
        """An alarm cleared: judged false when nothing ever touched its node; returns its node then."""
        e = self._episodes.get(alarm_id)
        if e is None:
            return None
        e.open = False
        if e.real:
            for old in [i for i, x in self._episodes.items() if not x.open][:-KEPT]:
                del self._episodes[old]
            return None
        self.store.judge_alarm(alarm_id, True, "loop", "cleared with no SLA violation at its node")
        return self._count(alarm_id)

    def poll(self) -> list[str]:
        """The verdicts people gave since the last poll; returns the nodes of alarms judged false."""
        out = []
        for alarm_id, verdict in self.store.alarm_verdicts(list(self._episodes)).items():
            if verdict == "false":
                out.append(self._count(alarm_id))
            else:
                del self._episodes[alarm_id]  # judged real: never counted
        return out

    def _count(self, alarm_id: int) -> str:
        e = self._episodes.pop(alarm_id)
        agent = self.agents.get(e.node)
        if agent is not None and e.rows:
            agent.label(e.rows, "normal")
        self.counted.setdefault(e.node, []).append(alarm_id)
        return e.node


def retrain_job(node: str, rounds: int) -> dict:
    """The learning job that retrains ``node``'s site detector on its own labelled rows and the
    telemetry of the whole day (``federated.apps.detector.site_detector_problem``)."""
    return {"id": f"retrain-{node}-{secrets.token_hex(3)}", "kind": "learn.fedft", "model": "site_detector",
            "nodes": [node], "params": {"rounds": rounds, "local_epochs": 1, "strategy": "fedavg"}}
