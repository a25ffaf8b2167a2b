"""From a compiled learning job (:class:`netmodel.policy.JobSpec`) to an engine run.

``learn.fedft`` runs :func:`federated.engine.run_federated`, ``learn.split`` runs
:func:`federated.split.run_split`; the model name picks the app (clients and data).
Job params the IR does not carry (``alpha``, ``fraction``, ``epsl_ratio``, ``proximal_mu``...)
may be given in ``params`` and fall back to defaults.
"""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import torch

from .apps.detector import nslkdd_problem, site_detector_problem
from .apps.intent import intent_problem
from .client import LocalConfig, Task, evaluate_weights
from .engine import FedConfig, run_federated
from .problem import Problem
from .split import SplitConfig, run_split
from .weights import Weights

STRATEGY_KNOBS = ("proximal_mu", "beta", "f", "keep")


@dataclass
class Outcome:
    node_weights: dict[str, Weights]
    history: list[dict[str, Any]]
    config: dict[str, Any]
    cancelled: bool
    epsilon: float | None = None


def problem_for(model: str, nodes: list[str], params: dict[str, Any],
                local: dict[str, list[tuple[Any, str]]] | None = None) -> Problem:
    """The clients and data of a job on ``model`` over ``nodes``; ``local`` are labelled examples each
    node holds of its own (the intent classifier's approved escalations; the site detector's
    telemetry rows of alarms judged false)."""
    if model == "anomaly_detector":
        return nslkdd_problem(nodes, alpha=float(params.get("alpha", 0.5)), seed=int(params.get("seed", 0)),
                              max_rows=params.get("max_rows"))
    if model == "intent_classifier":
        return intent_problem(nodes, n_per_site=int(params.get("n_per_site", 400)), alpha=float(params.get("alpha", 0.5)),
                              seed=int(params.get("seed", 0)), n_val=int(params.get("n_val", 600)), local=local,
                              local_share=float(params.get("local_share", 0.2)),
                              written=bool(params.get("written", True)))
    if model == "site_detector":
        return site_detector_problem(nodes, ticks=int(params.get("ticks", 240)), seed=int(params.get("seed", 0)),
                                     local_share=float(params.get("local_share", 0.2)), local=local)
    if model == "hub_adapter":
        raise ValueError("hub_adapter FedFT (HetLoRA) is not a background job yet; run `tinylarge learn hetlora`")
    raise ValueError(f"no federated app for model {model!r} yet (supported: anomaly_detector, intent_classifier, "
                     "site_detector)")


def run_job(kind: str, problem: Problem, params: dict[str, Any], *, init: Weights | None = None,
            on_round: Callable[[dict], None] | None = None, cancel: threading.Event | None = None) -> Outcome:
    """Run one learning job of ``kind`` (``learn.fedft`` | ``learn.split``) on ``problem``."""
    seed = int(params.get("seed", 0))
    if kind == "learn.fedft":
        local = LocalConfig(epochs=int(params.get("local_epochs", 1)), batch_size=int(params.get("batch_size", 64)),
                            lr=float(params.get("lr", 1e-3)))
        cfg = FedConfig(rounds=int(params.get("rounds", 10)), fraction=float(params.get("fraction", 1.0)),
                        local=local, strategy=str(params.get("strategy", "fedavg")),
                        strategy_params={k: params[k] for k in STRATEGY_KNOBS if k in params},
                        dp_epsilon=params.get("dp_epsilon"), seed=seed)
        r = run_federated(problem.model_fn, problem.clients, cfg, problem.val, task=problem.task, init=init,
                          on_round=on_round, cancel=cancel)
        return Outcome({c.name: r.weights for c in problem.clients}, r.history, r.config, r.cancelled, r.epsilon)
    if kind == "learn.split":
        cfg_s = SplitConfig(method=params.get("method", "splitfed_v1"), rounds=int(params.get("rounds", 10)),
                            cut_layer=int(params.get("cut_layer", 1)), batch_size=int(params.get("batch_size", 64)),
                            lr=float(params.get("lr", 1e-3)), epsl_ratio=float(params.get("epsl_ratio", 0.5)),
                            seed=seed)
        s = run_split(problem.model_fn, problem.clients, cfg_s, problem.val, task=problem.task, init=init,
                      on_round=on_round, cancel=cancel)
        return Outcome(s.node_weights, s.history, s.config, s.cancelled)
    raise ValueError(f"unknown job kind {kind!r}")


def validate(problem: Problem, weights: Weights, on: tuple[torch.Tensor, torch.Tensor] | None = None,
             task: Task | None = None) -> dict[str, float]:
    """Metrics of ``weights`` on the hub's validation split (the deployment gate)."""
    return evaluate_weights(problem.model_fn, weights, *(on or problem.val), task or problem.task)
