"""The app that wires the engines to TinyLarge: node agents of the twin's sites as clients, each
holding a non-IID shard of NSL-KDD (Dirichlet α over attack families) and its own twin telemetry.

Two learning problems come out of here:

* :func:`nslkdd_problem` -- the TinyML anomaly detector of :mod:`tiny_nodes.training.detector` (attack
  logit + family logits, its own loss), evaluated by binary accuracy on the hub's validation
  split (held out of KDDTrain+, never given to a client) and on KDDTest+.
* :func:`telemetry_problem` -- a site-telemetry classifier (normal/ddos/anomaly) where every
  client trains on the telemetry its own site produced in a twin run.
* :func:`site_detector_problem` -- the node agents' int8 site detector itself (the shipped
  ``site_int8.npz``: its preprocessing, widths and two heads), which the closed loop retrains at a
  node whose alarms were judged false.
"""
from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence

import numpy as np
import torch
from torch import nn

from ..client import CLASSIFICATION, ClientData, ModelFn, Task
from ..partition import dirichlet_partition
from ..problem import Problem, default_sites

DETECTOR_HIDDEN = (64, 32)


def _detector_loss(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    from tiny_nodes.training.detector import detector_loss

    return detector_loss(out, y[:, 0], y[:, 1])


def _detector_correct(out: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
    return (out[:, 0] > 0).long() == y[:, 0]


def _detector_flip(y: torch.Tensor) -> torch.Tensor:
    """Attacks become normal traffic and normal traffic a DoS: the label-flipping attacker."""
    return torch.stack([1 - y[:, 0], (y[:, 0] == 0).long()], dim=1)


DETECTOR_TASK = Task(loss=_detector_loss, correct=_detector_correct, flip=_detector_flip)
"""Labels are ``(y_binary, y_family)`` rows; accuracy is the binary (attack/normal) accuracy."""


def detector_model_fn(in_dim: int, hidden: tuple[int, ...] = DETECTOR_HIDDEN, n_classes: int = 5) -> ModelFn:
    from tiny_nodes.training.detector import build_mlp

    return functools.partial(build_mlp, in_dim, tuple(hidden), 1 + n_classes)


def mark_poisoned(clients: list[ClientData], fraction: float, attack: str, seed: int) -> None:
    """Turn ``round(fraction * n)`` seeded-random clients into attackers (benchmarks/tests)."""
    k = int(round(fraction * len(clients)))
    for i in np.random.default_rng(seed + 99).choice(len(clients), size=k, replace=False):
        clients[int(i)].attack = attack  # type: ignore[assignment]


def nslkdd_problem(sites: Sequence[str] | None = None, alpha: float = 0.5, seed: int = 0,
                   val_fraction: float = 0.1, max_rows: int | None = None) -> Problem:
    """NSL-KDD detector clients, one per site (default: the twin's 8 sites).

    ``max_rows`` subsamples the training split (seeded) for quick tests.
    """
    from tiny_nodes.nslkdd import load_split

    sites = list(sites or default_sites())
    x, yb, yf = load_split("train")
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(x))
    if max_rows:
        order = order[:max_rows]
    n_val = int(math.ceil(val_fraction * len(order)))
    val_idx, train_idx = order[:n_val], order[n_val:]
    y = np.stack([yb, yf], axis=1)
    shards = dirichlet_partition(yf[train_idx], len(sites), alpha, seed)
    clients = [ClientData(s, x[train_idx[p]], y[train_idx[p]], meta={"site": s}) for s, p in zip(sites, shards)]
    xt, ybt, yft = load_split("test")
    return Problem(detector_model_fn(x.shape[1]), clients,
                   (torch.from_numpy(x[val_idx]), torch.from_numpy(y[val_idx])),
                   (torch.from_numpy(xt), torch.from_numpy(np.stack([ybt, yft], axis=1))), DETECTOR_TASK)


def _site_rows(ticks: int, seed: int) -> tuple[list[str], np.ndarray, np.ndarray]:
    from netmodel.telemetry import TelemetrySimulator, site_dataset
    from netmodel.twin import load_topology

    g = load_topology()
    names = TelemetrySimulator(g, seed=seed).sites
    x, y = site_dataset(g, ticks=ticks, seed=seed)
    return list(names), np.log1p(np.maximum(x, 0)), y  # rows are tick-major, one per site


def telemetry_problem(sites: Sequence[str] | None = None, ticks: int = 300, seed: int = 0) -> Problem:
    """Site-telemetry classifier clients: every site trains on its own telemetry from a twin run.

    The hub standardises with statistics of its own, separate twin run (seed + 1), which is also
    its validation set; a third run (seed + 2) is the test set.
    """
    names, x, y = _site_rows(ticks, seed)
    _, xv, yv = _site_rows(max(ticks // 3, 30), seed + 1)
    _, xt, yt = _site_rows(max(ticks // 3, 30), seed + 2)
    mean, std = xv.mean(0), xv.std(0) + 1e-6
    site_of = np.tile(np.arange(len(names)), len(x) // len(names))
    chosen = list(sites or names)
    unknown = set(chosen) - set(names)
    if unknown:
        raise ValueError(f"no telemetry for {sorted(unknown)}; sites are {names}")
    clients = [ClientData(s, (x[site_of == names.index(s)] - mean) / std, y[site_of == names.index(s)],
                          meta={"site": s}) for s in chosen]
    model_fn: ModelFn = functools.partial(_telemetry_mlp, x.shape[1])
    return Problem(model_fn, clients, (torch.tensor((xv - mean) / std, dtype=torch.float32), torch.tensor(yv)),
                   (torch.tensor((xt - mean) / std, dtype=torch.float32), torch.tensor(yt)), CLASSIFICATION)


def _telemetry_mlp(in_dim: int) -> nn.Sequential:
    from netmodel.telemetry import SITE_LABELS
    from tiny_nodes.training.detector import build_mlp

    return build_mlp(in_dim, (32, 16), len(SITE_LABELS))


DAY = (0, 6 * 60, 12 * 60, 18 * 60)
"""Start minutes of the telemetry runs a site-detector job learns and is validated on: the whole day."""


def _day_rows(ticks: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Raw rows and labels of sites and gNBs, with random faults, over the whole day on metro6g and
    a generated metro (``ticks`` in all per twin and role)."""
    from netmodel.telemetry import site_dataset
    from netmodel.twin import generate_metro, load_topology

    parts = [site_dataset(g, ticks // len(DAY), seed + 10 * i + j, fault_rate=0.08, start_minute=start, gnbs=gnbs)
             for i, g in enumerate((load_topology(), generate_metro(60, seed + 1)))
             for j, start in enumerate(DAY) for gnbs in (False, True)]
    return np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])


def site_detector_problem(nodes: Sequence[str], ticks: int = 240, seed: int = 0, local_share: float = 0.2,
                          local: Mapping[str, Sequence[tuple[Sequence[float], str]]] | None = None) -> Problem:
    """Site-detector clients, one per node in ``nodes`` (sites or gNBs: the detector reads both).

    Each client gets an even share of the telemetry of :func:`_day_rows` (seed ``seed``) and its own
    ``local[node]`` rows (telemetry its alarms were raised on, labelled by the verdict on them, e.g.
    ``normal`` for an alarm judged false), repeated to make about ``local_share`` of its rows. Rows
    are preprocessed as the shipped detector does and the model has its widths, so a job fine-tunes
    from the int8 model a node runs and its result packs into the node's ``site`` slot. The hub
    validates on the same kind of telemetry of seed ``seed + 1`` (the deployment gate) and tests on
    seed ``seed + 2``.
    """
    from netmodel.telemetry import SITE_LABELS
    from tiny_nodes.deployed import Detector, artifact_path

    if not nodes:
        raise ValueError("a site-detector job needs at least one node")
    if not 0 < local_share < 1:
        raise ValueError(f"local_share must be between 0 and 1 (exclusive), not {local_share}")
    local = local or {}
    unknown = sorted(set(local) - set(nodes))
    if unknown:
        raise ValueError(f"local examples for nodes outside the job: {', '.join(unknown)}")
    shipped = Detector.load(artifact_path("site_int8.npz"))

    def tensors(raw: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return shipped.pre.transform(raw).astype(np.float32), np.stack([(y > 0), y], axis=1).astype(np.int64)

    x, y = tensors(*_day_rows(ticks, seed))
    order = np.random.default_rng(seed).permutation(len(x))
    clients = []
    for node, part in zip(nodes, np.array_split(order, len(nodes))):
        mine = list(local.get(node, ()))
        xs, ys = x[part], y[part]
        if mine:
            copies = max(1, round(local_share * len(part) / ((1 - local_share) * len(mine))))
            own = tensors(np.array([row for row, _ in mine] * copies, dtype=np.float64),
                          np.array([SITE_LABELS.index(label) for _, label in mine] * copies))
            xs, ys = np.concatenate([xs, own[0]]), np.concatenate([ys, own[1]])
        clients.append(ClientData(node, xs, ys, meta={"site": node, "local": len(mine)}))
    val, test = (tuple(map(torch.from_numpy, tensors(*_day_rows(max(ticks // 2, len(DAY)), seed + k)))) for k in (1, 2))
    hidden = tuple(shipped.model.meta["hidden"])
    return Problem(detector_model_fn(x.shape[1], hidden, len(SITE_LABELS)), clients, val, test, DETECTOR_TASK)
