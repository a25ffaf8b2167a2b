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
    the CLI's store and twin (``$TINYLARGE_DB``, ``$TINYLARGE_TOPOLOGY``, ``$TINYLARGE_DRIVER``)."""

    def __init__(self, manager: NetworkManager | None = None, translator: Any = None, hub: Any = None,
                 rate: RateLimit | None = None) -> None:
        self._manager, self._translator, self._hub, self._ir_hub = manager, translator, hub, None
        self.rate = rate or RateLimit()
        self.loop = LoopControl(self)
        self._lock = threading.RLock()

    @property
    def manager(self) -> NetworkManager:
        with self._lock:
            if self._manager is None:
                from app.options import manager_for

                self._manager = manager_for(None, os.environ.get("TINYLARGE_TOPOLOGY"),
                                            os.environ.get("TINYLARGE_DRIVER", "twin"))
            return self._manager

    @property
    def store(self) -> Store:
        return self.manager.store

    def hub(self, text: bool = False) -> Any:
        """The hub agent: with the language model, the node classifiers and the job runner when the
        request is text (loaded once), else the IR-only hub (no model loads)."""
        from agents.hub import HubAgent, load_hub

        with self._lock:
            if text and self._hub is None:
                self._hub = load_hub(manager=self.manager)
            if self._hub is not None:
                return self._hub
            if self._ir_hub is None:
                self._ir_hub = HubAgent.for_ir(self.manager)
            return self._ir_hub

    def learning_hub(self) -> Any:
        """A hub whose learn step can run jobs (the full hub's runner, or a site runner of its own)."""
        from agents.hub import HubAgent
        from federated.jobs import site_runner
        from netmodel.config import default_home

        with self._lock:
            hub = self.hub()
            if hub.engines.runner is None:
                sites = [n for n, r in self.manager.g.nodes(data="role") if r == "site"]
                hub = self._ir_hub = HubAgent.for_ir(self.manager, runner=site_runner(self.store, default_home(), sites))
            return hub

    @property
    def translator(self) -> Any:
        with self._lock:
            if self._translator is None:
                self._translator = (self._hub.engines.translator if self._hub is not None else None)
            if self._translator is None:
                from llm_core.hub import load_translator

                self._translator = load_translator(self.store)
            return self._translator


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

    @property
    def running(self) -> bool:
        return self.thread is not None and self.thread.is_alive()

    def start(self, scenario: str, ticks: int, tick_s: float, fault_at: int, duration: int, actor: str) -> None:
        from agents.loop import ClosedLoop, node_agents
        from agents.scenarios import SCENARIOS
        from netmodel.telemetry import TelemetrySimulator

        if self.running:
            raise ApiProblem("busy", "the closed loop is already running: POST /loop/stop first")
        m = self.services.manager
        sim = TelemetrySimulator(m.g, seed=3, start_minute=21 * 60)
        SCENARIOS[scenario].setup(m, sim, start=fault_at, duration=duration)
        self.loop = ClosedLoop(m, sim, node_agents(sim), hub=self.services.hub())
        self.ticks, self.scenario = [], scenario
        self._halt.clear()
        m.store.log(actor, "loop_start", {"scenario": scenario, "ticks": ticks, "tick_s": tick_s})
        self.thread = threading.Thread(target=self._run, args=(ticks, tick_s), name="closed-loop", daemon=True)
        self.thread.start()

    def _run(self, ticks: int, tick_s: float) -> None:
        try:
            for _ in range(ticks):
                if self._halt.is_set():
                    break
                self.ticks.append(self.loop.tick())
                self._halt.wait(tick_s)
        finally:
            self.loop.stop()

    def stop(self, actor: str) -> bool:
        """Stop after the current tick (an action being judged is rolled back); False if none ran."""
        if not self.running:
            return False
        self._halt.set()
        self.thread.join(timeout=30)
        self.services.store.log(actor, "loop_stop", {"ticks": len(self.ticks)})
        return True


def services(request: Request) -> Services:
    return request.app.state.services


Svc = Annotated[Services, Depends(services)]
