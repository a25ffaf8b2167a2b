"""Client code shared by the in-process engine and the Flower ClientApp: a client's data and what
it does in a round (local training from the global weights, evaluation).

The framework knows nothing of NSL-KDD or the twin: a client is a name, tensors and an optional
attack (for the poisoning benchmark). Apps (``apps.detector``) build clients from site data.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

import numpy as np
import torch
from torch import nn

from .weights import Weights, get_weights, set_weights

Attack = Literal["label_flip", "scale"]
ModelFn = Callable[[], nn.Module]


@dataclass
class ClientData:
    """One node agent's private shard. ``attack`` marks a poisoned client (benchmarks/tests)."""

    name: str
    x: torch.Tensor
    y: torch.Tensor
    attack: Attack | None = None
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.x = torch.as_tensor(self.x, dtype=torch.float32)
        self.y = torch.as_tensor(self.y, dtype=torch.long)
        if len(self.x) != len(self.y) or len(self.x) == 0:
            raise ValueError(f"client {self.name}: need as many labels as rows (> 0), got {len(self.x)}/{len(self.y)}")

    def __len__(self) -> int:
        return len(self.y)


def _ce(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return nn.functional.cross_entropy(out, y)


def _argmax_correct(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return out.argmax(1) == y


def _flip_binary(y: torch.Tensor) -> torch.Tensor:
    return 1 - y


@dataclass(frozen=True)
class Task:
    """How outputs are scored: ``loss`` (mean over the batch, each sample's term depending only on
    its own output row), ``correct`` (bool per sample) and ``flip`` (labels a label-flipping
    attacker trains on). Module-level functions keep it picklable for Flower/Ray workers."""

    loss: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] = _ce
    correct: Callable[[torch.Tensor, torch.Tensor], torch.Tensor] = _argmax_correct
    flip: Callable[[torch.Tensor], torch.Tensor] = _flip_binary


CLASSIFICATION = Task()
"""Cross-entropy over logits; the label flip swaps classes 0 and 1 (binary tasks)."""


@dataclass(frozen=True)
class LocalConfig:
    epochs: int = 1
    batch_size: int = 64
    lr: float = 1e-3
    proximal_mu: float = 0.0
    attack_scale: float = -10.0
    """Factor applied to a ``scale`` attacker's update (negative = sign-flipped and boosted)."""


@contextmanager
def torch_threads(n: int | None) -> Iterator[None]:
    """Run with ``n`` intra-op threads (process-wide in torch), then restore. Small models train
    20x faster on one thread than on two contended ones, so the engines default to 1."""
    if n is None:
        yield
        return
    old = torch.get_num_threads()
    torch.set_num_threads(n)
    try:
        yield
    finally:
        torch.set_num_threads(old)


def batches(n: int, batch_size: int, gen: torch.Generator) -> Iterator[torch.Tensor]:
    """Shuffled index batches covering ``range(n)`` once."""
    perm = torch.randperm(n, generator=gen)
    yield from perm.split(batch_size)


def train_local(model_fn: ModelFn, global_w: Weights, data: ClientData, cfg: LocalConfig,
                seed: int, task: Task = CLASSIFICATION) -> tuple[Weights, dict[str, float]]:
    """Local epochs of Adam from ``global_w`` on the client's shard -> (new weights, metrics).

    FedProx adds ``mu/2 ||w - w_global||^2``. A ``label_flip`` client trains on flipped labels;
    a ``scale`` client returns ``global + attack_scale * (local - global)``.
    """
    torch.manual_seed(seed)
    gen = torch.Generator().manual_seed(seed)
    model = model_fn()
    set_weights(model, global_w)
    anchor = [p.detach().clone() for p in model.parameters()] if cfg.proximal_mu > 0 else None
    opt = torch.optim.Adam(model.parameters(), lr=cfg.lr)
    y = task.flip(data.y) if data.attack == "label_flip" else data.y
    model.train()
    total, seen = 0.0, 0
    for _ in range(cfg.epochs):
        for idx in batches(len(data), cfg.batch_size, gen):
            opt.zero_grad()
            loss = task.loss(model(data.x[idx]), y[idx])
            if anchor is not None:
                loss = loss + cfg.proximal_mu / 2 * sum(((p - a) ** 2).sum() for p, a in zip(model.parameters(), anchor))
            loss.backward()
            opt.step()
            total += loss.item() * len(idx)
            seen += len(idx)
    new_w = get_weights(model)
    if data.attack == "scale":
        new_w = [g + cfg.attack_scale * (w - g) for w, g in zip(new_w, global_w)]
    return new_w, {"loss": total / max(seen, 1)}


@torch.no_grad()
def evaluate(model: nn.Module, x: torch.Tensor, y: torch.Tensor, task: Task = CLASSIFICATION,
             batch_size: int = 8192) -> dict[str, float]:
    """Mean loss and accuracy of ``model`` on ``(x, y)``."""
    model.eval()
    loss, correct = 0.0, 0
    for i in range(0, len(y), batch_size):
        out, yb = model(x[i: i + batch_size]), y[i: i + batch_size]
        loss += float(task.loss(out, yb)) * len(yb)
        correct += int(task.correct(out, yb).sum())
    return {"loss": loss / len(y), "accuracy": correct / len(y)}


def evaluate_weights(model_fn: ModelFn, weights: Sequence[np.ndarray], x: torch.Tensor,
                     y: torch.Tensor, task: Task = CLASSIFICATION) -> dict[str, float]:
    model = model_fn()
    set_weights(model, weights)
    return evaluate(model, x, y, task)
