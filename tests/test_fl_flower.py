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
    assert [h["clients"] for h in flower["history"]] == [h["clients"] for h in local.history]  # a lost reply shows here
    assert max(float(np.abs(a - b).max()) for a, b in zip(local.weights, flower["weights"])) < 1e-4
    assert [h["round"] for h in flower["history"]] == [1, 2]
    assert abs(flower["history"][-1]["accuracy"] - local.final["val_accuracy"]) < 0.005
    # Flower's serialised payloads: the raw tensor bytes plus a little framing
    raw = sum(ev["bytes_up"] for ev in local.history)
    assert raw <= flower["bytes_up"] < 1.1 * raw


def test_a_failed_repeated_or_stale_reply_is_not_averaged_and_the_round_says_who_took_part():
    from flwr.app import ArrayRecord, Error, Message, MetricRecord, RecordDict

    from federated.engine import FedConfig
    from federated.flower import TinyLargeStrategy

    strategy = TinyLargeStrategy(FedConfig(), ["a", "b", "c"])
    strategy.global_w = [np.zeros(2, dtype=np.float32)]
    ask = Message(RecordDict(), dst_node_id=1, message_type="train")

    def reply(pid: int, rnd: int, value: float) -> Message:
        metrics = MetricRecord({"num-examples": 10, "train_loss": 0.5, "partition-id": pid, "server-round": rnd})
        return Message(RecordDict({"arrays": ArrayRecord([np.full(2, value, dtype=np.float32)]), "metrics": metrics}),
                       reply_to=ask)

    replies = [reply(2, 3, 4.0), reply(0, 3, 2.0), reply(0, 3, 100.0), reply(1, 2, 100.0),
               Message(Error(code=2, reason="boom"), reply_to=ask)]
    arrays, _ = strategy.aggregate_train(3, replies)
    assert arrays.to_numpy_ndarrays()[0].tolist() == [3.0, 3.0]  # the mean of c's 4 and a's first 2
    assert strategy.taken_part[3] == ["a", "c"]
