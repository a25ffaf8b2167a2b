"""Split learning: model cut, the five methods, EPSL's reduction to PSL, communication counts."""
from __future__ import annotations

import threading

import pytest
import torch
from torch import nn

from federated.client import ClientData
from federated.partition import dirichlet_partition
from federated.split import METHODS, SplitConfig, forward_flops, run_split, split_model


def model() -> nn.Sequential:
    return nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 8), nn.ReLU(), nn.Linear(8, 2))


@pytest.fixture(scope="module")
def data() -> tuple[list[ClientData], tuple[torch.Tensor, torch.Tensor]]:
    g = torch.Generator().manual_seed(1)
    x = torch.randn(2000, 6, generator=g)
    y = (x @ torch.tensor([1.0, -2.0, 0.5, 0.0, 1.5, -1.0]) > 0).long()
    shards = dirichlet_partition(y[:1600].numpy(), 4, alpha=1.0, seed=0)
    return [ClientData(f"gnb-{i}", x[s], y[s]) for i, s in enumerate(shards)], (x[1600:], y[1600:])


def test_cut_layer_splits_after_the_activation():
    client, server = split_model(model(), 1)
    assert [type(m) for m in client] == [nn.Linear, nn.ReLU]
    assert isinstance(server[0], nn.Linear) and len(server) == 3
    assert forward_flops(client) == 2 * 6 * 16
    with pytest.raises(ValueError, match="cut_layer"):
        split_model(model(), 3)


@pytest.mark.parametrize("method", METHODS)
def test_every_method_learns(method, data):
    clients, val = data
    res = run_split(model, clients, SplitConfig(method=method, rounds=3, lr=1e-2, batch_size=16), val)
    assert res.final["val_accuracy"] > 0.88, res.history
    assert set(res.node_weights) == {c.name for c in clients}


def test_epsl_with_ratio_zero_is_psl(data):
    clients, val = data
    psl = run_split(model, clients, SplitConfig(method="parallel", rounds=2), val)
    epsl = run_split(model, clients, SplitConfig(method="epsl", epsl_ratio=0.0, rounds=2), val)
    for name in psl.node_weights:
        assert all(torch.equal(torch.from_numpy(a), torch.from_numpy(b))
                   for a, b in zip(psl.node_weights[name], epsl.node_weights[name]))
    assert psl.history == [{**e, "seconds": p["seconds"], "client_seconds": p["client_seconds"]}
                           for e, p in zip(epsl.history, psl.history)]


def test_epsl_aggregation_shrinks_the_downlink_only(data):
    clients, val = data
    psl = run_split(model, clients, SplitConfig(method="parallel", rounds=1), val).final
    epsl = run_split(model, clients, SplitConfig(method="epsl", epsl_ratio=0.5, rounds=1), val).final
    assert epsl["bytes_up"] == psl["bytes_up"]
    assert epsl["bytes_down"] < 0.9 * psl["bytes_down"]  # broadcast once instead of per client


def test_psl_bytes_are_smashed_data_labels_and_gradients(data):
    clients, val = data
    n = sum(len(c) for c in clients)
    ev = run_split(model, clients, SplitConfig(method="parallel", rounds=1, cut_layer=2), val).final
    assert ev["bytes_up"] == n * (8 * 4 + 8)  # 8 float32 activations + one int64 label per sample
    assert ev["bytes_down"] == n * 8 * 4
    assert ev["client_flops"] == 3 * n * (2 * 6 * 16 + 2 * 16 * 8)


def test_vanilla_and_splitfed_move_client_weights(data):
    clients, val = data
    psl = run_split(model, clients, SplitConfig(method="parallel", rounds=1), val).final
    client_bytes = 4 * sum(p.numel() for p in split_model(model(), 1)[0].parameters())
    for method in ("vanilla", "splitfed_v1", "splitfed_v2"):
        ev = run_split(model, clients, SplitConfig(method=method, rounds=1), val).final
        assert ev["bytes_up"] == psl["bytes_up"] + len(clients) * client_bytes


def test_psl_keeps_personal_client_models_splitfed_a_global_one(data):
    clients, val = data
    psl = run_split(model, clients, SplitConfig(method="parallel", rounds=1), val).node_weights
    sfl = run_split(model, clients, SplitConfig(method="splitfed_v1", rounds=1), val).node_weights
    a, b = (psl[c.name][0] for c in clients[:2])
    assert not (a == b).all()
    a, b = (sfl[c.name][0] for c in clients[:2])
    assert (a == b).all()


def test_cancel_and_bad_config(data):
    clients, val = data
    cancel = threading.Event()
    cancel.set()
    assert run_split(model, clients, SplitConfig(rounds=3), val, cancel=cancel).cancelled
    with pytest.raises(ValueError, match="unknown split method"):
        run_split(model, clients, SplitConfig(method="ring"), val)  # type: ignore[arg-type]
