"""The contract every federated app implements: a :class:`Problem` is what a learning job needs,
whatever the model and data (the engines, the job runner and the Flower adapter see only this)."""
from __future__ import annotations

from dataclasses import dataclass

import torch

from .client import ClientData, ModelFn, Task


@dataclass
class Problem:
    """What a learning job needs: model factory, clients, hub validation and test sets, task."""

    model_fn: ModelFn
    clients: list[ClientData]
    val: tuple[torch.Tensor, torch.Tensor]
    test: tuple[torch.Tensor, torch.Tensor]
    task: Task


def default_sites() -> list[str]:
    """The twin's ``site`` nodes (they run node agents with detectors): an app's clients when a job names none."""
    from netmodel.twin import load_topology

    g = load_topology()
    return sorted(n for n, d in g.nodes(data=True) if d["role"] == "site")
