"""Compression pipeline for detectors: structured magnitude pruning, distillation, alarm threshold, int8.

Each step is a function from a model to a smaller/better one; :func:`compress_detector` runs them
in order and measures every stage (size in bytes and metrics) on the evaluation sets it is given,
so each step has a before/after. Training side: torch and scikit-learn are allowed here.
"""
from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import numpy as np
import torch
from sklearn.ensemble import RandomForestClassifier
from torch import nn

from ..qmodel import QuantizedMLP
from .detector import TrainConfig, predict_logits, train
from .metrics import detector_metrics
from .quantize import quantize_int8

EvalSets = dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]


def fp32_bytes(model: nn.Module) -> int:
    return 4 * sum(p.numel() for p in model.parameters())


def hidden_sizes(model: nn.Sequential) -> tuple[int, ...]:
    return tuple(m.out_features for m in model if isinstance(m, nn.Linear))[:-1]


# -- step 1: structured magnitude pruning ---------------------------------------------------------
@torch.no_grad()
def prune_structured(model: nn.Sequential, keep: float) -> nn.Sequential:
    """Drop the hidden neurons with the least weight magnitude, keeping ``keep`` of each hidden layer.

    A neuron's magnitude is the L1 norm of its incoming weights times that of its outgoing weights
    (a neuron with a tiny fan-in or fan-out contributes little). Whole neurons go, so each Linear
    layer shrinks and the dense int8 layout on the MCU shrinks with it (unstructured sparsity would not).
    """
    if not 0 < keep <= 1:
        raise ValueError(f"keep must be in (0, 1], got {keep}")
    layers = [copy.deepcopy(m) for m in model]
    linear_at = [i for i, m in enumerate(layers) if isinstance(m, nn.Linear)]
    for a, b in zip(linear_at, linear_at[1:]):
        fc, nxt = layers[a], layers[b]
        score = fc.weight.abs().sum(1) * nxt.weight.abs().sum(0)
        k = max(1, round(keep * fc.out_features))
        idx = torch.sort(torch.topk(score, k).indices).values
        new_fc, new_nxt = nn.Linear(fc.in_features, k), nn.Linear(k, nxt.out_features)
        new_fc.weight.copy_(fc.weight[idx]), new_fc.bias.copy_(fc.bias[idx])
        new_nxt.weight.copy_(nxt.weight[:, idx]), new_nxt.bias.copy_(nxt.bias)
        layers[a], layers[b] = new_fc, new_nxt
    return nn.Sequential(*layers).eval()


# -- step 2: knowledge distillation from a larger teacher -----------------------------------------
class ForestTeacher:
    """A random forest over the classes: much larger than the student, and better ranked on shifted
    test traffic than an MLP trained on the same rows; ``probs`` gives soft targets in detector layout."""

    def __init__(self, X: np.ndarray, y_class: np.ndarray, n_trees: int = 300, seed: int = 0) -> None:
        self.forest = RandomForestClassifier(n_estimators=n_trees, random_state=seed, n_jobs=1).fit(X, y_class)
        self.n_classes = int(y_class.max()) + 1

    def probs(self, X: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        p = np.zeros((len(X), self.n_classes), dtype=np.float32)
        p[:, self.forest.classes_] = self.forest.predict_proba(X)
        return 1.0 - p[:, 0], p

    @property
    def n_nodes(self) -> int:
        return sum(t.tree_.node_count for t in self.forest.estimators_)


def mixup_rows(X: np.ndarray, n: int, seed: int = 0, alpha: float = 0.4) -> np.ndarray:
    """``n`` convex mixes of random row pairs: transfer-set points between the training rows, where
    the student learns the teacher's behaviour instead of only its answers on the rows themselves."""
    rng = np.random.default_rng(seed)
    i, j = rng.integers(len(X), size=n), rng.integers(len(X), size=n)
    lam = rng.beta(alpha, alpha, size=(n, 1)).astype(np.float32)
    return (lam * X[i] + (1 - lam) * X[j]).astype(np.float32)


def distill(student: nn.Sequential, teacher: ForestTeacher, X: np.ndarray, y_binary: np.ndarray,
            y_class: np.ndarray, cfg: TrainConfig, extra: int = 60_000, seed: int = 0) -> nn.Sequential:
    """Fine-tune ``student`` on the teacher's soft targets over the training rows plus ``extra`` mixup rows."""
    Xt = np.concatenate([X, mixup_rows(X, extra, seed)])
    unlabeled = np.full(extra, -1, dtype=np.int64)
    yb, yc = np.concatenate([y_binary, unlabeled]), np.concatenate([y_class, unlabeled])
    return train(Xt, yb, yc, cfg, model=copy.deepcopy(student), soft=teacher.probs(Xt))


# -- step 3: the alarm threshold --------------------------------------------------------------------
@torch.no_grad()
def calibrate_threshold(model: nn.Sequential, X_normal: np.ndarray, target_fpr: float) -> nn.Sequential:
    """Shift the attack logit so that ``logit > 0`` flags ``target_fpr`` of held-out normal rows.

    An alarm budget rather than p = 0.5: the deployed decision stays ``logit > 0`` (so int8 and C
    inherit it), and the rate of false alarms on known-normal traffic is what an operator sets.
    """
    scores = predict_logits(model, X_normal)[:, 0]
    thr = float(np.quantile(scores, 1 - target_fpr))
    out = copy.deepcopy(model)
    out[-1].bias[0] -= thr
    return out


# -- the pipeline -----------------------------------------------------------------------------------
@dataclass
class Stage:
    name: str
    size_bytes: int
    hidden: tuple[int, ...]
    metrics: dict[str, dict[str, float]] = field(default_factory=dict)


@dataclass
class CompressResult:
    fp32: nn.Sequential
    pruned: nn.Sequential
    distilled: nn.Sequential
    int8: QuantizedMLP
    stages: list[Stage]
    teacher_nodes: int

    def report(self) -> list[dict]:
        return [asdict(s) for s in self.stages]


def measure(name: str, logits_fn: Callable[[np.ndarray], np.ndarray], size: int, hidden: tuple[int, ...],
            evals: EvalSets) -> Stage:
    return Stage(name, size, hidden, {k: detector_metrics(logits_fn(X), yb, yc) for k, (X, yb, yc) in evals.items()})


def compress_detector(train_set: tuple[np.ndarray, np.ndarray, np.ndarray], val_set: tuple[np.ndarray, np.ndarray, np.ndarray],
                      evals: EvalSets, hidden: tuple[int, ...] = (128, 64), keep: float = 0.25,
                      target_fpr: float = 0.02, epochs: int = 30, teacher_trees: int = 300, transfer_extra: int = 60_000,
                      seed: int = 0, log: Callable[[str], None] = print) -> CompressResult:
    """fp32 -> structured pruning (+ fine-tune) -> distillation from a forest -> int8, each measured on ``evals``.

    ``val_set`` (held out from training) sets every stage's alarm threshold (``target_fpr`` of its
    normal rows) and is the int8 calibration set.
    """
    X, yb, yc = train_set
    X_normal = val_set[0][val_set[2] == 0]
    cfg = TrainConfig(hidden=hidden, epochs=epochs, seed=seed)
    stages = []

    log(f"fp32 {hidden}: training")
    fp32 = train(X, yb, yc, cfg)
    fp32_cal = calibrate_threshold(fp32, X_normal, target_fpr)
    stages.append(measure("fp32", lambda x: predict_logits(fp32_cal, x), fp32_bytes(fp32), hidden, evals))

    pruned = prune_structured(fp32, keep)
    log(f"pruned to {hidden_sizes(pruned)}: fine-tuning")
    pruned = train(X, yb, yc, TrainConfig(hidden=hidden_sizes(pruned), epochs=max(1, epochs // 3), lr=1e-3, seed=seed),
                   model=pruned)
    pruned_cal = calibrate_threshold(pruned, X_normal, target_fpr)
    stages.append(measure("pruned", lambda x: predict_logits(pruned_cal, x), fp32_bytes(pruned), hidden_sizes(pruned), evals))

    log(f"teacher: random forest of {teacher_trees} trees")
    teacher = ForestTeacher(X, yc, teacher_trees, seed)
    stages.append(measure("teacher", lambda x: _teacher_logits(teacher, x), 0, (), evals))
    log("distilling into the pruned student")
    distilled = distill(pruned, teacher, X, yb, yc, TrainConfig(hidden=hidden_sizes(pruned), epochs=max(1, epochs * 2 // 3),
                                                              seed=seed), transfer_extra, seed)
    distilled = calibrate_threshold(distilled, X_normal, target_fpr)
    stages.append(measure("distilled", lambda x: predict_logits(distilled, x), fp32_bytes(distilled),
                          hidden_sizes(distilled), evals))

    log("int8 post-training quantization (onnxruntime quantize_static)")
    int8, _ = quantize_int8(distilled, val_set[0], meta={"hidden": list(hidden_sizes(distilled)), "target_fpr": target_fpr})
    stages.append(measure("int8", int8.predict_logits, int8.weight_bytes, hidden_sizes(distilled), evals))
    return CompressResult(fp32_cal, pruned_cal, distilled, int8, stages, teacher.n_nodes)


def _teacher_logits(teacher: ForestTeacher, X: np.ndarray) -> np.ndarray:
    p_attack, p_class = teacher.probs(X)
    eps = 1e-4
    p_attack = np.clip(p_attack, eps, 1 - eps)
    return np.concatenate([np.log(p_attack / (1 - p_attack))[:, None], np.log(p_class + eps)], axis=1)
