"""Learning jobs in the background: run a compiled ``JobSpec`` with the federated engines, stream
every round to the store (and an optional echo, e.g. the terminal), allow cancel, and on
completion push the new weights to the node agents -- versioned, and never a model that scores
worse on the hub's validation split than the version the node runs now.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import torch

from netmodel.policy import JobSpec
from netmodel.store import Store

from .launch import problem_for, run_job, validate
from .problem import Problem
from .registry import ModelRegistry
from .weights import Weights


class WeightSink(Protocol):
    """What a node agent offers to receive a new model version. A sink may also offer
    ``installed(model)``: the int8 model the node runs now (``QuantizedMLP``), so that a first job
    fine-tunes from it and is not deployed if it scores worse."""

    def load_weights(self, model: str, version: int, weights: Weights) -> None: ...


Echo = Callable[[str], None]


SLOT_OF = {"anomaly_detector": "flow", "intent_classifier": "intent", "site_detector": "site"}
"""The NodeAgent slot that runs each job model; a model not listed cannot be pushed to a node."""


class NodeAgentSink:
    """Adapts a :class:`tiny_nodes.runtime.NodeAgent` to :class:`WeightSink`: the job's float
    weights are int8-quantized (calibrated on hub rows ``calib``) with the installed model's metadata
    and installed in the model's slot (``flow`` = the NSL-KDD detector, ``intent`` = the intent
    classifier); the node bumps its own version. For the intent classifier, ``val`` (hub held-out
    features, labels) re-fits the cascade's temperature and threshold to the new weights; without it
    the installed ones are kept. A model with no node slot (``hub_adapter``) is refused. With ``keep``
    (a folder), the installed int8 model is also written to ``keep/<node>/<slot>_int8.npz``, where
    :meth:`tiny_nodes.runtime.NodeAgent.default` finds it after a restart."""

    def __init__(self, agent: Any, model_fn: Callable[[], Any], calib: Any, slot: str | None = None,
                 val: tuple[Any, Any] | None = None, keep: Path | None = None) -> None:
        self.agent, self.model_fn, self.calib, self.slot, self.val = agent, model_fn, calib, slot, val
        self.keep = keep

    def installed(self, model: str) -> Any:
        """The int8 model the node runs now in ``model``'s slot, or None."""
        slot = self.slot or SLOT_OF.get(model)
        clf = self.agent.models.get(slot) if slot == SLOT_OF.get(model) else None
        return None if clf is None else clf.model

    def lessons(self, model: str) -> list[tuple[Any, str]]:
        """The labelled telemetry rows the node keeps for retraining ``model`` (its site detector)."""
        return list(self.agent.lessons) if SLOT_OF.get(model) == "site" else []

    def load_weights(self, model: str, version: int, weights: Weights) -> None:
        from tiny_nodes.training.quantize import pack_for_node

        from .weights import set_weights

        if model not in SLOT_OF:
            raise ValueError(f"{model!r} has no node-agent slot; pushable models: {sorted(SLOT_OF)}")
        slot = self.slot or SLOT_OF[model]
        if slot != SLOT_OF[model]:
            raise ValueError(f"this sink installs into slot {slot!r}, but {model!r} runs in {SLOT_OF[model]!r}")
        installed = self.agent.models[slot]
        if installed is None:
            raise ValueError(f"node {self.agent.node} has no {slot} model to replace")
        net = self.model_fn()
        set_weights(net, weights)
        q = pack_for_node(net, installed.model, self.calib)
        q.meta["hidden"] = [m.out_features for m in list(net)[:-1] if hasattr(m, "out_features")]  # the job's widths
        if slot == "intent" and self.val is not None:
            from tiny_nodes.training.intent_train import calibrate_cascade

            x, y = self.val
            calibrate_cascade(q, q.predict_logits(np.asarray(x, dtype=np.float32)), y)
        self.agent.load_weights(slot, q)
        if self.keep is not None:
            path = self.keep / self.agent.node / f"{slot}_int8.npz"
            path.parent.mkdir(parents=True, exist_ok=True)
            q.save(path)


class AgentSink(NodeAgentSink):
    """A node agent as the sink of every model it runs. The rows that calibrate the int8
    quantization (and, for the intent classifier, re-fit the cascade) are the hub's validation
    split of that model's app, built on first use and shared by every node through ``cache``."""

    def __init__(self, agent: Any, cache: dict[str, Problem], problems: Callable[..., Problem] = problem_for,
                 keep: Path | None = None) -> None:
        super().__init__(agent, model_fn=None, calib=None, keep=keep)
        self.cache, self.problems = cache, problems

    def load_weights(self, model: str, version: int, weights: Weights) -> None:
        if model not in SLOT_OF:
            raise ValueError(f"{model!r} has no node-agent slot; pushable models: {sorted(SLOT_OF)}")
        if model not in self.cache:
            self.cache[model] = self.problems(model, [self.agent.node], {})
        problem = self.cache[model]
        x, y = (t.numpy() for t in problem.val)
        self.model_fn, self.calib, self.val = problem.model_fn, x, (x, y) if model == "intent_classifier" else None
        super().load_weights(model, version, weights)


def _line(job_id: str, ev: dict[str, Any]) -> str:
    return (f"{job_id} round {ev['round']}: loss {ev['train_loss']:.4f} val acc {ev['val_accuracy']:.4f} "
            f"bytes {ev['bytes_up'] + ev['bytes_down']:,}")


class JobRunner:
    """One background thread per job; ``cancel`` sets the job's event, the engine stops between clients."""

    def __init__(self, store: Store, registry: ModelRegistry, agents: Mapping[str, WeightSink] | None = None,
                 echo: Echo | None = None, problems: Callable[..., Problem] = problem_for) -> None:
        self.store, self.registry, self.agents, self.echo = store, registry, dict(agents or {}), echo
        self.problems = problems
        self._threads: dict[str, threading.Thread] = {}
        self._cancel: dict[str, threading.Event] = {}

    def start(self, spec: JobSpec) -> str:
        """Record the job as pending and run it in a background thread; returns its id."""
        if spec.id in self._threads and self._threads[spec.id].is_alive():
            raise ValueError(f"job {spec.id} is already running")
        self.store.save_job(spec.id, spec.model_dump(mode="json"), status="pending")
        self._cancel[spec.id] = threading.Event()
        t = threading.Thread(target=self._run, args=(spec,), name=f"job-{spec.id}", daemon=True)
        self._threads[spec.id] = t
        t.start()
        return spec.id

    def cancel(self, job_id: str) -> bool:
        """Ask a running job to stop; False if it is not running here."""
        ev, t = self._cancel.get(job_id), self._threads.get(job_id)
        if ev is None or t is None or not t.is_alive():
            return False
        ev.set()
        return True

    def wait(self, job_id: str, timeout: float | None = None) -> str:
        """Block until the job ends (or ``timeout``); returns its status."""
        t = self._threads.get(job_id)
        if t is not None:
            t.join(timeout)
        return self.store.job(job_id).status

    def _say(self, text: str) -> None:
        if self.echo:
            self.echo(text)

    def _run(self, spec: JobSpec) -> None:
        try:
            local = self._local(spec)
            self.store.job_progress(spec.id, {"event": "start", "local_examples": {n: len(v) for n, v in local.items()}},
                                    status="running")
            problem = self.problems(spec.model, list(spec.nodes), dict(spec.params), local)

            def on_round(ev: dict[str, Any]) -> None:
                self.store.job_progress(spec.id, {"event": "round", **ev})
                self._say(_line(spec.id, ev))

            out = run_job(spec.kind, problem, dict(spec.params), init=self._init(spec, problem),
                          on_round=on_round, cancel=self._cancel[spec.id])
            if out.cancelled:
                self.store.job_progress(spec.id, {"event": "cancelled"}, status="cancelled",
                                        result={"rounds_done": len(out.history)})
                self._say(f"{spec.id} cancelled after {len(out.history)} round(s)")
                return
            result = {"rounds": len(out.history), "final": out.history[-1] if out.history else {},
                      "epsilon": out.epsilon, "deployed": self.deploy(spec, problem, out.node_weights)}
            self.store.job_progress(spec.id, {"event": "done"}, status="done", result=result)
            self._say(f"{spec.id} done: {result['deployed']}")
        except Exception as e:  # a job failure must reach the store, not die silently in a thread
            self.store.job_progress(spec.id, {"event": "failed", "error": f"{type(e).__name__}: {e}"},
                                    status="failed", result={"error": str(e)})
            self._say(f"{spec.id} failed: {e}")

    def _local(self, spec: JobSpec) -> dict[str, list[tuple[Any, str]]]:
        """What each node of the job holds to learn from: for the intent classifier, the utterances it
        escalated whose hub reading an operator approved, labelled with that reading's class (the
        hub's store); for the site detector, the telemetry rows its alarms judged false were raised
        on (kept by the node's agent)."""
        local: dict[str, list[tuple[Any, str]]] = {}
        if spec.model == "intent_classifier":
            for row in self.store.escalations(list(spec.nodes), verdict="approved"):
                local.setdefault(row.node, []).append((row.text, row.label))
        for node in spec.nodes:
            lessons = getattr(self.agents.get(node), "lessons", None)
            if lessons is not None and (mine := lessons(spec.model)):
                local[node] = mine
        return local

    def _installed(self, model: str, node: str) -> Any:
        """The int8 model ``node``'s agent runs for ``model`` before any job published one (or None)."""
        installed = getattr(self.agents.get(node), "installed", None)
        return installed(model) if installed is not None else None

    def _init(self, spec: JobSpec, problem: Problem) -> Weights | None:
        """Fine-tune from the version the first node runs (the registry's, else the one its agent
        shipped with), if it fits the job's model."""
        cur = self.registry.current(spec.model, spec.nodes[0])
        if cur is not None:
            w = cur.load()
        else:
            shipped = next((q for n in spec.nodes if (q := self._installed(spec.model, n)) is not None), None)
            if shipped is None:
                return None
            w = shipped.dequantize()
        shapes = [tuple(a.shape) for a in w]
        fresh = [tuple(p.shape) for p in problem.model_fn().state_dict().values()]
        return w if shapes == fresh else None

    def _current_accuracy(self, spec: JobSpec, problem: Problem, node: str) -> tuple[float | None, Any]:
        """(validation accuracy, version) of what ``node`` runs now: the registry's latest version,
        else the agent's shipped int8 model when it reads the job's inputs ("shipped")."""
        cur = self.registry.current(spec.model, node)
        if cur is not None:
            return validate(problem, cur.load())["accuracy"], cur.version
        q = self._installed(spec.model, node)
        x, y = problem.val
        if q is None or q.in_dim != x.shape[1] or q.out_dim != problem.model_fn()[-1].out_features:
            return None, None
        out = torch.from_numpy(q.predict_logits(x.numpy()))
        return float(problem.task.correct(out, y).double().mean()), "shipped"

    def deploy(self, spec: JobSpec, problem: Problem, node_weights: dict[str, Weights]) -> dict[str, Any]:
        """Per node: publish and push the new version only if it is not worse on validation (also
        for weights trained elsewhere, e.g. by ``tinylarge learn run``)."""
        report: dict[str, Any] = {}
        for node, w in node_weights.items():
            new = validate(problem, w)
            old, version = self._current_accuracy(spec, problem, node)
            if old is not None and new["accuracy"] < old:
                report[node] = {"deployed": False, "version": version, "val_accuracy": new["accuracy"],
                                "current_val_accuracy": old, "reason": "worse than current"}
                continue
            v = self.registry.publish(spec.model, node, w, {"val_" + k: x for k, x in new.items()}, spec.id)
            if node in self.agents:
                self.agents[node].load_weights(spec.model, v.version, w)
            report[node] = {"deployed": True, "version": v.version, "val_accuracy": new["accuracy"],
                            **({"current_val_accuracy": old} if old is not None else {})}
        return report


def kept_models(home: Path) -> Path:
    """Where each node's deployed int8 models are kept (``<node>/<slot>_int8.npz``), for the next start."""
    return home / "models" / "nodes"


def agent_runner(store: Store, home: Path, agents: Mapping[str, Any], echo: Echo | None = None) -> JobRunner:
    """The job runner over these node agents (``tiny_nodes.runtime.NodeAgent``): the registry in
    ``home/models``, what a job deploys installed in the agents and kept in :func:`kept_models`."""
    cache: dict[str, Problem] = {}
    sinks = {n: AgentSink(agent, cache, keep=kept_models(home)) for n, agent in agents.items()}
    return JobRunner(store, ModelRegistry(home / "models"), sinks, echo=echo)


def site_runner(store: Store, home: Path, nodes: list[str], echo: Echo | None = None) -> JobRunner:
    """The job runner over new agents of ``nodes``, as the hub runs them (each loads the models
    deployed to it before)."""
    from tiny_nodes.runtime import NodeAgent

    return agent_runner(store, home, {n: NodeAgent.default(n, deployed=kept_models(home)) for n in nodes}, echo)
