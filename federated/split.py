"""Split learning of a ``nn.Sequential`` cut between node (first layers) and hub (the rest).

Five methods, as the survey (§IV-C, IV-D) describes them:

* ``vanilla``: clients one after another; the client-side weights are passed on to the next
  client through the hub; one server-side model.
* ``parallel`` (PSL): all clients step together; the hub concatenates their smashed data,
  runs one forward/backward and returns each client its cut-layer gradients. Client models
  are never aggregated (each node keeps its own).
* ``epsl``: PSL where, for a fraction ``epsl_ratio`` of each client's batch positions, the
  last-layer gradients are summed over clients and back-propagated *once* through the server
  model (at the clients' mean smashed activation for that position); the resulting cut-layer
  gradient is broadcast to all clients. The rest is PSL. ``epsl_ratio=0`` is PSL exactly.
  (Our reading of Lin et al., IEEE TMC 2024: server BP and downlink shrink from O(N) to O(1)
  for the aggregated part, at some accuracy cost.)
* ``splitfed_v1``: clients in parallel, each with its own copy of the server model; at the
  end of a round the hub FedAvgs the client-side models and the server-side copies.
* ``splitfed_v2``: one server model processing clients sequentially (random order); client
  models start each round from the global one and are FedAvg'd at the end of the round.

A round is one pass over every client's data. Communication is measured per round (smashed
activations + labels up, cut-layer gradients down, client weights both ways where the method
moves them); client compute is counted in FLOPs (2·in·out per Linear per sample forward,
twice that backward) and in measured seconds.
"""
from __future__ import annotations

import copy
import math
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import Any, Literal

import numpy as np
import torch
from torch import nn

from .client import CLASSIFICATION, ClientData, ModelFn, Task, evaluate, torch_threads
from .weights import Weights, get_weights, nbytes, set_weights

Method = Literal["vanilla", "parallel", "epsl", "splitfed_v1", "splitfed_v2"]
METHODS: tuple[Method, ...] = ("vanilla", "parallel", "epsl", "splitfed_v1", "splitfed_v2")
Event = dict[str, Any]


def split_model(model: nn.Module, cut_layer: int) -> tuple[nn.Sequential, nn.Sequential]:
    """Cut after the ``cut_layer``-th Linear layer and the activations that follow it."""
    if not isinstance(model, nn.Sequential):
        raise TypeError("split learning needs an nn.Sequential model")
    linear = [i for i, m in enumerate(model) if isinstance(m, nn.Linear)]
    if not 1 <= cut_layer < len(linear):
        raise ValueError(f"cut_layer must be in 1..{len(linear) - 1} for a model with {len(linear)} Linear layers")
    cut = linear[cut_layer]  # the server part starts at the next Linear
    return model[:cut], model[cut:]


def forward_flops(part: nn.Module) -> int:
    """Multiply-adds x2 of one sample's forward pass through the Linear layers of ``part``."""
    return sum(2 * m.in_features * m.out_features for m in part.modules() if isinstance(m, nn.Linear))


@dataclass(frozen=True)
class SplitConfig:
    method: Method = "splitfed_v1"
    rounds: int = 10
    cut_layer: int = 1
    batch_size: int = 64
    """Per-client batch (PSL/EPSL: mean per-client batch; each client's is proportional to its data)."""
    lr: float = 1e-3
    epsl_ratio: float = 0.5
    seed: int = 0
    threads: int | None = 1


@dataclass
class SplitResult:
    node_weights: dict[str, Weights]
    """Full-model weights each node ends with (the same for all but PSL/EPSL)."""
    history: list[Event]
    config: dict[str, Any]
    cancelled: bool = False

    @property
    def final(self) -> Event:
        return self.history[-1] if self.history else {}


class _Meter:
    """Bytes and client compute of one round."""

    def __init__(self, client_flops: int) -> None:
        self.up = self.down = self.client_flops = 0
        self.client_seconds = 0.0
        self._per_sample = client_flops

    def client_step(self, n: int, seconds: float) -> None:
        self.client_flops += 3 * self._per_sample * n  # forward + backward (~2x forward)
        self.client_seconds += seconds


class _Node:
    """One client's side: its model segment and optimizer."""

    def __init__(self, part: nn.Sequential, lr: float) -> None:
        self.part = part
        self.opt = torch.optim.Adam(part.parameters(), lr=lr)

    def forward(self, x: torch.Tensor, meter: _Meter) -> torch.Tensor:
        t0 = time.perf_counter()
        self.part.train()
        self.opt.zero_grad()
        out = self.part(x)
        meter.client_seconds += time.perf_counter() - t0
        return out

    def backward(self, smashed: torch.Tensor, grad: torch.Tensor, meter: _Meter) -> None:
        t0 = time.perf_counter()
        smashed.backward(grad)
        self.opt.step()
        meter.client_step(len(grad), time.perf_counter() - t0)


def _fedavg(parts: Sequence[nn.Module], sizes: Sequence[int]) -> Weights:
    w = np.asarray(sizes, dtype=np.float64) / sum(sizes)
    states = [get_weights(p) for p in parts]
    return [sum(wi * s[k] for wi, s in zip(w, states)).astype(np.float32) for k in range(len(states[0]))]


def _serial_epoch(node: _Node, server: nn.Module, server_opt: torch.optim.Optimizer, data: ClientData,
                  batch_size: int, gen: torch.Generator, meter: _Meter, task: Task) -> list[float]:
    """One client's local epoch against one server model (vanilla SL, SplitFed V1/V2)."""
    losses = []
    server.train()
    for idx in torch.randperm(len(data), generator=gen).split(batch_size):
        smashed = node.forward(data.x[idx], meter)
        remote = smashed.detach().requires_grad_()
        meter.up += nbytes([remote, data.y[idx]])
        server_opt.zero_grad()
        loss = task.loss(server(remote), data.y[idx])
        loss.backward()
        server_opt.step()
        meter.down += nbytes([remote.grad])
        node.backward(smashed, remote.grad, meter)
        losses.append(loss.item())
    return losses


def _parallel_step(nodes: Sequence[_Node], server: nn.Module, server_opt: torch.optim.Optimizer,
                   xs: Sequence[torch.Tensor], ys: Sequence[torch.Tensor], ratio: float, meter: _Meter,
                   task: Task) -> float:
    """One PSL/EPSL step over all clients' batches; returns the mean loss over the global batch."""
    smashed = [node.forward(x, meter) for node, x in zip(nodes, xs)]
    remote = [s.detach() for s in smashed]
    meter.up += nbytes([*remote, *ys])
    total = sum(len(y) for y in ys)
    ks = [int(math.floor(ratio * len(y))) for y in ys]
    server.train()
    server_opt.zero_grad()
    # unaggregated part: exact per-sample back-propagation (all of it when ratio == 0: PSL)
    su = torch.cat([r[k:] for r, k in zip(remote, ks)]).requires_grad_()
    yu = torch.cat([y[k:] for y, k in zip(ys, ks)])
    objective = task.loss(server(su), yu) * len(yu) / total
    with torch.no_grad():
        loss = float(task.loss(server(torch.cat(remote)), torch.cat(ys)))
    kmax = max(ks)
    if kmax:  # aggregated part: per position j, sum last-layer grads over clients, one BP at the mean input
        count = torch.zeros(kmax)
        s_sum = torch.zeros(kmax, remote[0].shape[1])
        g_sum = None
        for r, y, k in zip(remote, ys, ks):
            z = server(r[:k]).detach().requires_grad_()
            (g,) = torch.autograd.grad(task.loss(z, y[:k]) * k / total, z)  # per-sample last-layer grads
            g_sum = torch.zeros(kmax, z.shape[1]) if g_sum is None else g_sum
            count[:k] += 1
            s_sum[:k] += r[:k]
            g_sum[:k] += g
        s_bar = (s_sum / count[:, None]).requires_grad_()
        objective = objective + (server(s_bar) * g_sum).sum()
    objective.backward()
    server_opt.step()
    grads_u = su.grad.split([len(y) - k for y, k in zip(ys, ks)])
    meter.down += nbytes(grads_u)
    if kmax:
        g_bcast = s_bar.grad / count[:, None]
        meter.down += nbytes([g_bcast])  # one broadcast to all clients
    for node, s, gu, k in zip(nodes, smashed, grads_u, ks):
        grad = torch.cat([g_bcast[:k], gu]) if k else gu
        node.backward(s, grad, meter)
    return loss


def run_split(model_fn: ModelFn, clients: Sequence[ClientData], cfg: SplitConfig,
              eval_data: tuple[torch.Tensor, torch.Tensor], *, task: Task = CLASSIFICATION,
              init: Weights | None = None, on_round: Callable[[Event], None] | None = None,
              cancel: threading.Event | None = None) -> SplitResult:
    """Train ``model_fn()`` split at ``cfg.cut_layer`` with ``cfg.method``; evaluate after each round."""
    if cfg.method not in METHODS:
        raise ValueError(f"unknown split method {cfg.method!r}; expected one of {', '.join(METHODS)}")
    if not clients:
        raise ValueError("no clients")
    if not 0 <= cfg.epsl_ratio <= 1:
        raise ValueError("epsl_ratio must be in [0, 1]")
    with torch_threads(cfg.threads):
        return _SplitRun(model_fn, clients, cfg, eval_data, task, init).run(on_round, cancel)


class _SplitRun:
    def __init__(self, model_fn: ModelFn, clients: Sequence[ClientData], cfg: SplitConfig,
                 eval_data: tuple[torch.Tensor, torch.Tensor], task: Task, init: Weights | None) -> None:
        torch.manual_seed(cfg.seed)
        model = model_fn()
        if init is not None:
            set_weights(model, init)
        self.client_part, self.server = split_model(model, cfg.cut_layer)
        self.cfg, self.clients, self.eval_data, self.task = cfg, list(clients), eval_data, task
        self.sizes = [len(c) for c in clients]
        self.gen = torch.Generator().manual_seed(cfg.seed)
        self.server_opt = torch.optim.Adam(self.server.parameters(), lr=cfg.lr)
        persistent = cfg.method in ("parallel", "epsl")
        self.nodes = [_Node(copy.deepcopy(self.client_part), cfg.lr) for _ in clients] if persistent else []
        self.order_rng = np.random.default_rng(cfg.seed)

    # -- one round per method -----------------------------------------------------------------
    def _vanilla(self, meter: _Meter) -> list[float]:
        losses = []
        for data in self.clients:  # the client-side weights travel hub -> client -> hub
            meter.down += nbytes(get_weights(self.client_part))
            node = _Node(self.client_part, self.cfg.lr)
            losses += _serial_epoch(node, self.server, self.server_opt, data, self.cfg.batch_size, self.gen, meter,
                                     self.task)
            meter.up += nbytes(get_weights(self.client_part))
        return losses

    def _splitfed(self, meter: _Meter, v1: bool) -> list[float]:
        losses, parts, servers = [], [], []
        order = range(len(self.clients)) if v1 else self.order_rng.permutation(len(self.clients))
        for i in order:
            meter.down += nbytes(get_weights(self.client_part))
            node = _Node(copy.deepcopy(self.client_part), self.cfg.lr)
            if v1:  # a fresh server-side copy per client, averaged at the end of the round
                server = copy.deepcopy(self.server)
                opt = torch.optim.Adam(server.parameters(), lr=self.cfg.lr)
                servers.append(server)
            else:
                server, opt = self.server, self.server_opt
            losses += _serial_epoch(node, server, opt, self.clients[i], self.cfg.batch_size, self.gen, meter,
                                     self.task)
            meter.up += nbytes(get_weights(node.part))
            parts.append(node.part)
        sizes = [self.sizes[i] for i in order]
        set_weights(self.client_part, _fedavg(parts, sizes))
        if v1:
            set_weights(self.server, _fedavg(servers, sizes))
        return losses

    def _parallel(self, meter: _Meter, ratio: float) -> list[float]:
        n_total = sum(self.sizes)
        steps = math.ceil(n_total / (self.cfg.batch_size * len(self.clients)))
        perms = [torch.randperm(n, generator=self.gen) for n in self.sizes]
        chunks = [p.tensor_split(steps) for p in perms]  # each client covers its data once per round
        losses = []
        for s in range(steps):
            live = [i for i in range(len(self.clients)) if len(chunks[i][s])]
            xs = [self.clients[i].x[chunks[i][s]] for i in live]
            ys = [self.clients[i].y[chunks[i][s]] for i in live]
            losses.append(_parallel_step([self.nodes[i] for i in live], self.server, self.server_opt, xs, ys,
                                         ratio, meter, self.task))
        return losses

    def node_weights(self) -> dict[str, Weights]:
        server = get_weights(self.server)
        if self.nodes:
            return {c.name: get_weights(n.part) + server for c, n in zip(self.clients, self.nodes)}
        full = get_weights(self.client_part) + server
        return {c.name: full for c in self.clients}

    def _evaluate(self) -> dict[str, float]:
        parts = [n.part for n in self.nodes] or [self.client_part]
        scores = [evaluate(nn.Sequential(*p, *self.server), *self.eval_data, self.task) for p in parts]
        return {k: float(np.mean([s[k] for s in scores])) for k in scores[0]}

    def run(self, on_round: Callable[[Event], None] | None, cancel: threading.Event | None) -> SplitResult:
        cfg, history = self.cfg, []
        cum = 0
        flops = forward_flops(self.client_part)
        server_flops = forward_flops(self.server)
        for rnd in range(1, cfg.rounds + 1):
            if cancel is not None and cancel.is_set():
                break
            t0 = time.perf_counter()
            meter = _Meter(flops)
            if cfg.method == "vanilla":
                losses = self._vanilla(meter)
            elif cfg.method in ("splitfed_v1", "splitfed_v2"):
                losses = self._splitfed(meter, cfg.method == "splitfed_v1")
            else:
                losses = self._parallel(meter, cfg.epsl_ratio if cfg.method == "epsl" else 0.0)
            cum += meter.up + meter.down
            ev = {"round": rnd, "train_loss": float(np.mean(losses)),
                  **{f"val_{k}": v for k, v in self._evaluate().items()},
                  "bytes_up": meter.up, "bytes_down": meter.down, "cum_bytes": cum,
                  "client_flops": meter.client_flops, "client_seconds": meter.client_seconds,
                  "seconds": time.perf_counter() - t0}
            history.append(ev)
            if on_round:
                on_round(ev)
        conf = {**asdict(cfg), "client_flops_per_sample": 3 * flops, "server_flops_per_sample": 3 * server_flops}
        return SplitResult(self.node_weights(), history, conf, cancelled=len(history) < cfg.rounds)
