"""Detector models (training side, torch): a plain Linear/ReLU MLP with two heads in one output.

Output layout of every detector: column 0 is the *attack* logit (binary head, sigmoid; trained with
BCE), columns ``1..`` are the class logits (softmax over e.g. :data:`~tiny_nodes.nslkdd.FAMILIES`,
class 0 = normal; trained with cross-entropy). One shared trunk, one final ``Linear`` holding both
heads, so the model stays a flat ``nn.Sequential`` that quantizes, exports to C and splits after
any block ``k`` (``model[: 2 * k]`` / ``model[2 * k:]``) without special cases.
"""
from __future__ import annotations

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
    """BCE on the attack logit plus cross-entropy on the class logits."""
    return F.binary_cross_entropy_with_logits(logits[:, 0], y_binary.float()) + F.cross_entropy(logits[:, 1:], y_class)


def distill_loss(logits: torch.Tensor, teacher_logits: torch.Tensor, temperature: float) -> torch.Tensor:
    """Hinton-style soft-target loss on both heads (T^2-scaled KL on classes, BCE on softened attack prob)."""
    t = temperature
    kl = F.kl_div(F.log_softmax(logits[:, 1:] / t, 1), F.softmax(teacher_logits[:, 1:] / t, 1), reduction="batchmean")
    bce = F.binary_cross_entropy_with_logits(logits[:, 0] / t, torch.sigmoid(teacher_logits[:, 0] / t))
    return (kl + bce) * t * t


@dataclass
class TrainConfig:
    hidden: tuple[int, ...] = (64, 32)
    epochs: int = 30
    batch_size: int = 256
    lr: float = 3e-3
    weight_decay: float = 1e-4
    seed: int = 0
    distill_alpha: float = 0.5  # weight of the soft-target loss when a teacher is given
    temperature: float = 3.0


def train(X: np.ndarray, y_binary: np.ndarray, y_class: np.ndarray, cfg: TrainConfig | None = None,
          model: nn.Sequential | None = None, teacher: nn.Module | None = None,
          masks: dict[str, torch.Tensor] | None = None, progress: bool = False) -> nn.Sequential:
    """Train (or fine-tune ``model``) with AdamW and cosine decay; returns the model in eval mode.

    ``teacher`` adds knowledge distillation; ``masks`` (parameter name -> 0/1 tensor) keeps pruned
    weights at zero during fine-tuning.
    """
    cfg = cfg or TrainConfig()
    torch.manual_seed(cfg.seed)
    n_classes = int(max(y_class.max(), 1)) + 1
    model = model or build_mlp(X.shape[1], cfg.hidden, 1 + n_classes)
    xt, yb, yc = torch.from_numpy(X), torch.from_numpy(y_binary), torch.from_numpy(y_class)
    opt = torch.optim.AdamW(model.parameters(), lr=cfg.lr, weight_decay=cfg.weight_decay)
    steps = cfg.epochs * ((len(X) + cfg.batch_size - 1) // cfg.batch_size)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=cfg.lr, total_steps=steps)
    gen = torch.Generator().manual_seed(cfg.seed)
    if teacher is not None:
        teacher.eval()
    model.train()
    for _ in tqdm(range(cfg.epochs), desc="train", disable=not progress):
        for idx in torch.randperm(len(X), generator=gen).split(cfg.batch_size):
            logits = model(xt[idx])
            loss = detector_loss(logits, yb[idx], yc[idx])
            if teacher is not None:
                with torch.no_grad():
                    t_logits = teacher(xt[idx])
                a = cfg.distill_alpha
                loss = (1 - a) * loss + a * distill_loss(logits, t_logits, cfg.temperature)
            opt.zero_grad()
            loss.backward()
            opt.step()
            sched.step()
            if masks:
                apply_masks(model, masks)
    return model.eval()


def apply_masks(model: nn.Module, masks: dict[str, torch.Tensor]) -> None:
    """Zero the pruned entries of each masked parameter (in place)."""
    with torch.no_grad():
        params = dict(model.named_parameters())
        for name, m in masks.items():
            params[name].mul_(m)


@torch.no_grad()
def predict_logits(model: nn.Module, X: np.ndarray, batch_size: int = 8192) -> np.ndarray:
    """fp32 logits of a torch detector, as numpy."""
    model.eval()
    return np.concatenate([model(torch.from_numpy(X[i: i + batch_size])).numpy()
                           for i in range(0, len(X), batch_size)])


def evaluate(model: nn.Module, X: np.ndarray, y_binary: np.ndarray, y_class: np.ndarray) -> dict[str, float]:
    """Binary accuracy/F1/ROC-AUC and class accuracy/macro-F1 of a torch detector."""
    return detector_metrics(predict_logits(model, X), y_binary, y_class)
