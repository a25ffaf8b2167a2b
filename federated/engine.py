"""In-process federated engine: rounds of client sampling, local training and aggregation.

One call of :func:`run_federated` is one federated job. Progress leaves through ``on_round``
(one event dict per round: round, loss, accuracy, bytes...), cancellation comes in through a
``threading.Event`` checked between clients (the result then says ``cancelled`` and holds the
last complete global model). Nothing here knows about HTTP, the console or the
store: the job runner in ``federated/jobs.py`` wires those.
"""
from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any

import numpy as np
import torch

from .client import CLASSIFICATION, ClientData, LocalConfig, ModelFn, Task, evaluate_weights, torch_threads, train_local
from .dp import ClientDP, epsilon, noise_for_epsilon
from .strategies import Strategy, make_strategy
from .weights import Weights, flatten, get_weights, nbytes, unflatten

Event = dict[str, Any]
OnRound = Callable[[Event], None]


@dataclass(frozen=True)
class FedConfig:
    rounds: int = 10
    fraction: float = 1.0
    """Fraction of clients sampled each round (at least ``min_clients``)."""
    min_clients: int = 2
    local: LocalConfig = LocalConfig()
    strategy: str = "fedavg"
    strategy_params: dict[str, Any] = field(default_factory=dict)
    """Strategy knobs: ``proximal_mu`` (FedProx), ``beta`` (trimmed mean), ``f``/``keep`` (Krum)."""
    dp_epsilon: float | None = None
    dp_delta: float = 1e-5
    dp_clip: float = 1.0
    seed: int = 0
    threads: int | None = 1
    """torch intra-op threads while the job runs (None = leave as is)."""

    def make_strategy(self) -> Strategy:
        return make_strategy(self.strategy, **self.strategy_params)


@dataclass
class FedResult:
    weights: Weights
    history: list[Event]
    config: dict[str, Any]
    epsilon: float | None = None
    cancelled: bool = False

    @property
    def final(self) -> Event:
        return self.history[-1] if self.history else {}


def client_seed(seed: int, rnd: int, index: int) -> int:
    """Seed of one client's local training in one round (same in-process and under Flower)."""
    return (seed * 1_000_003 + rnd * 10_007 + index) % (2**31 - 1)


def sample_clients(n: int, cfg: FedConfig, rng: np.random.Generator) -> list[int]:
    m = min(n, max(cfg.min_clients, math.ceil(cfg.fraction * n)))
    return sorted(rng.choice(n, size=m, replace=False).tolist()) if m < n else list(range(n))


def aggregate(strategy: Strategy, global_w: Weights, results: Sequence[tuple[Weights, int]],
              dp: ClientDP | None = None, rng: np.random.Generator | None = None) -> Weights:
    """New global weights from client results ``(weights, n_samples)`` (shared with the Flower app)."""
    g = flatten(global_w)
    updates = np.stack([flatten(w) - g for w, _ in results])
    if dp is not None:
        if strategy.name not in ("fedavg", "fedprox"):
            raise ValueError("client-level DP is implemented for fedavg/fedprox only")
        agg = dp.noisy_mean(dp.clip_updates(updates), rng or np.random.default_rng())
    else:
        agg = strategy.aggregate(updates, np.array([n for _, n in results]))
    return unflatten(g + agg, global_w)


def run_federated(model_fn: ModelFn, clients: Sequence[ClientData], cfg: FedConfig,
                  eval_data: tuple[torch.Tensor, torch.Tensor], *, task: Task = CLASSIFICATION,
                  init: Weights | None = None, on_round: OnRound | None = None,
                  cancel: threading.Event | None = None) -> FedResult:
    """Run ``cfg.rounds`` rounds; evaluates the global model on ``eval_data`` after each."""
    with torch_threads(cfg.threads):
        return _run(model_fn, clients, cfg, eval_data, task, init, on_round, cancel)


def _run(model_fn: ModelFn, clients: Sequence[ClientData], cfg: FedConfig,
         eval_data: tuple[torch.Tensor, torch.Tensor], task: Task, init: Weights | None,
         on_round: OnRound | None, cancel: threading.Event | None) -> FedResult:
    if not clients:
        raise ValueError("no clients")
    strategy = cfg.make_strategy()
    local = replace(cfg.local, proximal_mu=strategy.proximal_mu)
    rng = np.random.default_rng(cfg.seed)
    torch.manual_seed(cfg.seed)
    weights = init if init is not None else get_weights(model_fn())
    m = min(len(clients), max(cfg.min_clients, math.ceil(cfg.fraction * len(clients))))
    q = m / len(clients)
    dp = None
    if cfg.dp_epsilon is not None:
        dp = ClientDP(noise_for_epsilon(cfg.dp_epsilon, q, cfg.rounds, cfg.dp_delta), cfg.dp_clip, cfg.dp_delta)
    history: list[Event] = []
    cum_up = cum_down = 0
    stopped = False
    for rnd in range(1, cfg.rounds + 1):
        t0 = time.perf_counter()
        chosen = sample_clients(len(clients), cfg, rng)
        results, losses, up, down = [], [], 0, 0
        for i in chosen:
            if cancel is not None and cancel.is_set():
                break
            down += nbytes(weights)
            new_w, metrics = train_local(model_fn, weights, clients[i], local,
                                         client_seed(cfg.seed, rnd, i), task)
            up += nbytes(new_w)
            results.append((new_w, len(clients[i])))
            losses.append(metrics["loss"])
        if len(results) < len(chosen):  # cancelled mid-round: keep the last complete global model
            stopped = True
            break
        weights = aggregate(strategy, weights, results, dp, rng)
        cum_up, cum_down = cum_up + up, cum_down + down
        ev = {"round": rnd, "train_loss": float(np.mean(losses)),
              **{f"val_{k}": v for k, v in evaluate_weights(model_fn, weights, *eval_data, task).items()},
              "clients": [clients[i].name for i in chosen], "bytes_up": up, "bytes_down": down,
              "cum_bytes": cum_up + cum_down, "seconds": time.perf_counter() - t0}
        if dp is not None:
            ev["epsilon"] = epsilon(dp.noise_multiplier, q, rnd, dp.delta)
        history.append(ev)
        if on_round:
            on_round(ev)
    conf = {**asdict(cfg), "local": asdict(local), **strategy.describe()}
    if dp is not None:
        conf["noise_multiplier"] = dp.noise_multiplier
    return FedResult(weights, history, conf, history[-1].get("epsilon") if history else None, stopped)
