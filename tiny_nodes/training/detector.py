"""Detector models (training side, torch): a plain Linear/ReLU MLP with two heads in one output.

Output layout of every detector: column 0 is the *attack* logit (binary head, sigmoid; trained with
BCE), columns ``1..`` are the class logits (softmax over e.g. :data:`~tiny_nodes.nslkdd.FAMILIES`,
class 0 = normal; trained with cross-entropy). One shared trunk, one final ``Linear`` holding both
heads, so the model stays a flat ``nn.Sequential`` that quantizes, exports to C and splits after
any block ``k`` (``model[: 2 * k]`` / ``model[2 * k:]``) without special cases.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import torch
from torch import nn
from torch.nn import functional as F
from tqdm import tqdm

from .metrics import detector_metrics


def build_mlp(in_dim: int, hidden: tuple[int, ...], n_out: int) -> nn.Sequential:
    """``Linear -> ReLU`` blocks for each width in ``hidden``, then a ``Linear`` to ``n_out``."""
    layers: list[nn.Module] = []
    d = in_dim
    for h in hidden:
        layers += [nn.Linear(d, h), nn.ReLU()]
        d = h
    layers.append(nn.Linear(d, n_out))
    return nn.Sequential(*layers)


def split_after_block(model: nn.Sequential, k: int) -> tuple[nn.Sequential, nn.Sequential]:
    """(client part, server part) of a :func:`build_mlp` model cut after its ``k``-th Linear/ReLU block."""
    n_blocks = (len(model) - 1) // 2
    if not 1 <= k <= n_blocks:
        raise ValueError(f"cut after block k in 1..{n_blocks}, got {k}")
    return model[: 2 * k], model[2 * k:]


def detector_loss(logits: torch.Tensor, y_binary: torch.Tensor, y_class: torch.Tensor) -> torch.Tensor:
    """BCE on the attack logit plus cross-entropy on the class logits (rows labelled -1 are skipped)."""
    keep = y_class >= 0
    if not keep.any():
        return logits.sum() * 0.0
    logits, y_binary, y_class = logits[keep], y_binary[keep], y_class[keep]
    return F.binary_cross_entropy_with_logits(logits[:, 0], y_binary.float()) + F.cross_entropy(logits[:, 1:], y_class)


def soft_loss(logits: torch.Tensor, p_attack: torch.Tensor, p_class: torch.Tensor) -> torch.Tensor:
    """Distillation loss against a teacher's probabilities: soft BCE on attack, soft cross-entropy on classes."""
    return F.binary_cross_entropy_with_logits(logits[:, 0], p_attack) + F.cross_entropy(logits[:, 1:], p_class)


@dataclass
class TrainConfig:
    hidden: tuple[int, ...] = (64, 32)
    epochs: int = 30
    batch_size: int = 256
    lr: float = 3e-3
    weight_decay: float = 1e-4
    seed: int = 0
    distill_alpha: float = 0.7  # weight of the teacher's soft targets when they are given


def train(X: np.ndarray, y_binary: np.ndarray, y_class: np.ndarray, cfg: TrainConfig | None = None,
          model: nn.Sequential | None = None, soft: tuple[np.ndarray, np.ndarray] | None = None,
          progress: bool = False) -> nn.Sequential:
    """Train (or fine-tune ``model``) with AdamW and a one-cycle schedule; returns the model in eval mode.

    ``soft = (p_attack [n], p_class [n, c])`` are a teacher's probabilities for every row of ``X``
    (knowledge distillation; rows without a hard label carry ``y_class == -1``).
    """
    cfg = cfg or TrainConfig()
    torch.manual_seed(cfg.seed)
    n_classes = int(max(y_class.max(), 1)) + 1 if soft is None else soft[1].shape[1]
    model = model or build_mlp(X.shape[1], cfg.hidden, 1 + n_classes)
    tensors = [torch.from_numpy(np.ascontiguousarray(a)) for a in (X, y_binary, y_class)]
    if soft is not None:
        tensors += [torch.from_numpy(np.ascontiguousarray(a, dtype=np.float32)) for a in soft]

    def loss_fn(xb: torch.Tensor, yb: torch.Tensor, yc: torch.Tensor, *teacher: torch.Tensor) -> torch.Tensor:
        logits = model(xb)
        loss = detector_loss(logits, yb, yc)
        if teacher:
            loss = (1 - cfg.distill_alpha) * loss + cfg.distill_alpha * soft_loss(logits, *teacher)
        return loss

    return fit(model, tensors, loss_fn, cfg, progress=progress)


def fit(model: nn.Sequential, tensors: list[torch.Tensor], loss_fn: Callable[..., torch.Tensor], cfg: TrainConfig,
        desc: str = "train", progress: bool = False) -> nn.Sequential:
    """The shared loop: shuffled mini-batches of ``tensors`` (row-aligned) -> ``loss_fn(*batch)``, AdamW with a
    one-cycle schedule; returns the model in eval mode."""
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    n = len(tensors[0])
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr,
                                                total_steps=cfg.epochs * ((n + cfg.batch_size - 1) // cfg.batch_size))
    gen = torch.Generator().manual_seed(cfg.seed)
    model.train()
    for _ in tqdm(range(cfg.epochs), desc=desc, disable=not progress):
        for idx in torch.randperm(n, generator=gen).split(cfg.batch_size):
            loss = loss_fn(*(t[idx] for t in tensors))
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
    return model.eval()


@torch.no_grad()
def predict_logits(model: nn.Module, X: np.ndarray, batch_size: int = 8192) -> np.ndarray:
    """fp32 logits of a torch detector, as numpy."""
    model.eval()
    return np.concatenate([model(torch.from_numpy(X[i: i + batch_size])).numpy()
                           for i in range(0, len(X), batch_size)])


def evaluate(model: nn.Module, X: np.ndarray, y_binary: np.ndarray, y_class: np.ndarray) -> dict[str, float]:
    """Binary accuracy/F1/ROC-AUC and class accuracy/macro-F1 of a torch detector."""
    return detector_metrics(predict_logits(model, X), y_binary, y_class)
