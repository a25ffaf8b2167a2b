"""The Flower engine (Message API, simulation runtime) agrees with the in-process engine."""
from __future__ import annotations

import numpy as np
import pytest
import torch

pytest.importorskip("flwr", reason="needs the [flower] extra")


@pytest.mark.slow
def test_two_round_fedavg_under_flower_matches_in_process():
    from federated.apps.detector import nslkdd_problem
    from federated.engine import FedConfig, run_federated
    from federated.flower import run_flower_simulation
    from federated.weights import get_weights

    problem = nslkdd_problem(["hospital-1", "campus", "port"], max_rows=2000, seed=0)
    cfg = FedConfig(rounds=2)
    torch.manual_seed(0)
    init = get_weights(problem.model_fn())
    local = run_federated(problem.model_fn, problem.clients, cfg, problem.val, task=problem.task, init=init)
    flower = run_flower_simulation(problem, cfg, init)
    assert max(float(np.abs(a - b).max()) for a, b in zip(local.weights, flower["weights"])) < 1e-4
    assert [h["round"] for h in flower["history"]] == [1, 2]
    assert abs(flower["history"][-1]["accuracy"] - local.final["val_accuracy"]) < 0.005
    # Flower's serialised payloads: the raw tensor bytes plus a little framing
    raw = sum(ev["bytes_up"] for ev in local.history)
    assert raw <= flower["bytes_up"] < 1.1 * raw
