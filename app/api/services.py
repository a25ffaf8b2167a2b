"""What the API's routes share: the network manager, the hub agents, the translator, the job
runner and the closed loop, each made on first use (the language model loads only when a request
brings text) and injected into routes with ``Depends`` (:data:`Svc`)."""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request

from netmodel.manager import NetworkManager
from netmodel.store import Store

from .problems import ApiProblem
from .security import RateLimit


class Services:
    """One per app. ``manager``/``translator``/``hub`` may be given (tests, embedding); otherwise
    the CLI's store and twin (``$TINYLARGE_DB``, ``$TINYLARGE_TOPOLOGY``, ``$TINYLARGE_DRIVER``).
    Loading a hub takes seconds (the language model, the knowledge index): it happens under a lock
    of its own, never the one every request takes to reach the store."""

    def __init__(self, manager: NetworkManager | None = None, translator: Any = None, hub: Any = None,
                 rate: RateLimit | None = None) -> None:
        self._manager, self._translator, self._hub = manager, translator, hub
        self._ir_hub: Any = None  # approvals, learning jobs: a job runner, no language model
        self._index: Any = None  # the knowledge index the server's loop takes its runbooks from
        self.rate = rate or RateLimit()
        self.loop = LoopControl(self)
        self._store_lock, self._loading = threading.Lock(), threading.Lock()

    @property
    def manager(self) -> NetworkManager:
        if self._manager is None:
            with self._store_lock:
                if self._manager is None:
                    from app.options import manager_for

                    self._manager = manager_for(None, os.environ.get("TINYLARGE_TOPOLOGY"),
                                                os.environ.get("TINYLARGE_DRIVER", "twin"))
        return self._manager

    @property
    def store(self) -> Store:
        return self.manager.store

    def hub(self, text: bool = False) -> Any:
        """The hub agent for a request: with the language model, the node classifiers and the job
        runner when it is text (loaded once), else the IR hub (a job runner, no model)."""
        from agents.hub import load_hub

        if text and self._hub is None:
            with self._loading:
                if self._hub is None:
                    self._hub = load_hub(manager=self.manager)
        return self._hub if self._hub is not None else self.ir_hub()

    def ir_hub(self) -> Any:
        """The hub for IR, approvals and learning jobs: no language model, the sites' job runner."""
        from agents.hub import HubAgent
        from federated.jobs import site_runner
        from netmodel.config import default_home

        if self._ir_hub is None:
            with self._loading:
                if self._ir_hub is None:
                    sites = [n for n, r in self.manager.g.nodes(data="role") if r == "site"]
                    self._ir_hub = HubAgent.for_ir(self.manager, runner=site_runner(self.store, default_home(), sites))
        return self._ir_hub

    def loop_hub(self, agents: dict) -> Any:
        """The hub the server's loop hands alarms to: the runbooks of the knowledge index, and a job
        runner over the loop's own node agents (a retrained detector is installed in them)."""
        from agents.hub import HubAgent
        from federated.jobs import agent_runner
        from knowledge.index import KnowledgeIndex
        from netmodel.config import default_home

        with self._loading:
            if self._index is None:
                self._index = KnowledgeIndex()
                self._index.build()
        return HubAgent.for_ir(self.manager, index=self._index, runner=agent_runner(self.store, default_home(), agents))

    @property
    def translator(self) -> Any:
        """The translator for ``/translate``: the text hub's own (one copy of the model), or one given."""
        return self._translator if self._translator is not None else self.hub(text=True).engines.translator


@dataclass
class LoopControl:
    """The closed loop as a background thread of the server: started with a scenario, stopped, and
    read (ticks, actions) while it runs; the kill switch itself lives in the store."""

    services: Services
    thread: threading.Thread | None = None
    loop: Any = None
    ticks: list = field(default_factory=list)
    scenario: str = "none"
    _halt: threading.Event = field(default_factory=threading.Event)
    _lock: threading.Lock = field(default_factory=threading.Lock)  # one start or stop at a time

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self, scenario: str, ticks: int, tick_s: float, fault_at: int, duration: int, actor: str) -> None:
        from agents.loop import ClosedLoop, node_agents
        from agents.scenarios import SCENARIOS
        from netmodel.telemetry import TelemetrySimulator

        with self._lock:
            if self.running:
                raise ApiProblem("busy", "the closed loop is already running: POST /loop/stop first")
            m = self.services.manager
            sim = TelemetrySimulator(m.g, seed=3, start_minute=21 * 60)
            SCENARIOS[scenario].setup(m, sim, start=fault_at, duration=duration)
            agents = node_agents(sim)
            loop = ClosedLoop(m, sim, agents, hub=self.services.loop_hub(agents))
            self.loop, self.ticks, self.scenario = loop, [], scenario
            self._halt.clear()
            m.store.log(actor, "loop_start", {"scenario": scenario, "ticks": ticks, "tick_s": tick_s})
            self.thread = threading.Thread(target=self._run, args=(loop, self.ticks, ticks, tick_s),
                                           name="closed-loop", daemon=True)
            self.thread.start()

    def _run(self, loop: Any, out: list, ticks: int, tick_s: float) -> None:
        try:
            for _ in range(ticks):
                if self._halt.is_set():
                    break
                out.append(loop.tick())
                self._halt.wait(tick_s)
        finally:
            loop.stop()

    def stop(self, actor: str) -> bool:
        """Stop after the current tick (an action being judged is rolled back); False if none ran."""
        with self._lock:
            if not self.running:
                return False
            self._halt.set()
            self.thread.join(timeout=30)
            self.services.store.log(actor, "loop_stop", {"ticks": len(self.ticks)})
            return True


def services(request: Request) -> Services:
    return request.app.state.services


Svc = Annotated[Services, Depends(services)]
