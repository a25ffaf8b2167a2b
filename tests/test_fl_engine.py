"""Federated engine: aggregation rules, DP accounting, partitions, byte counts, cancel."""
from __future__ import annotations

import threading

import numpy as np
import pytest
import torch
from torch import nn

from federated.client import ClientData, LocalConfig, train_local
from federated.dp import ClientDP, epsilon, noise_for_epsilon
from federated.engine import FedConfig, aggregate, run_federated
from federated.partition import dirichlet_partition
from federated.strategies import FedAvg, Krum, Median, TrimmedMean, make_strategy
from federated.weights import flatten, get_weights, nbytes

LOCAL = LocalConfig(epochs=2, lr=1e-2, batch_size=32)


def small_model() -> nn.Sequential:
    return nn.Sequential(nn.Linear(6, 16), nn.ReLU(), nn.Linear(16, 2))


@pytest.fixture(scope="module")
def clients() -> tuple[list[ClientData], tuple[torch.Tensor, torch.Tensor]]:
    g = torch.Generator().manual_seed(0)
    x = torch.randn(3000, 6, generator=g)
    y = (x @ torch.tensor([1.0, -2.0, 0.5, 0.0, 1.5, -1.0]) > 0).long()
    shards = dirichlet_partition(y[:2400].numpy(), 6, alpha=1.0, seed=0)
    return [ClientData(f"site-{i}", x[s], y[s]) for i, s in enumerate(shards)], (x[2400:], y[2400:])


def test_fedavg_of_identical_updates_is_that_update():
    u = np.random.default_rng(0).normal(size=50)
    agg = FedAvg().aggregate(np.stack([u] * 5), np.array([10, 1, 3, 7, 2]))
    np.testing.assert_allclose(agg, u, rtol=1e-12)


def test_fedavg_weights_by_samples():
    agg = FedAvg().aggregate(np.array([[0.0], [4.0]]), np.array([3, 1]))
    assert agg[0] == pytest.approx(1.0)


@pytest.mark.parametrize("rule", [Median(), TrimmedMean(beta=0.2), Krum(f=1)])
def test_robust_rules_resist_a_scaled_poisoned_update(rule):
    rng = np.random.default_rng(1)
    honest = 1.0 + 0.05 * rng.normal(size=(7, 30))
    updates = np.vstack([honest, -50.0 * honest[:1]])
    n = np.full(8, 100)
    assert np.abs(FedAvg().aggregate(updates, n) - 1.0).max() > 3  # the plain mean is dragged away
    assert np.abs(rule.aggregate(updates, n) - 1.0).max() < 0.2


def test_krum_picks_an_honest_update():
    honest = np.array([[1.0, 1.0], [1.1, 0.9], [0.9, 1.1], [1.0, 1.05]])
    out = Krum(f=1).aggregate(np.vstack([honest, [[40.0, -40.0]]]), np.ones(5))
    assert any(np.allclose(out, h) for h in honest)


def test_unknown_strategy_and_bad_trim_are_refused():
    with pytest.raises(ValueError, match="unknown strategy"):
        make_strategy("fedsgd")
    with pytest.raises(ValueError, match="leaves nothing"):
        TrimmedMean(beta=0.5).aggregate(np.zeros((2, 3)), np.ones(2))


def test_dirichlet_partition_is_a_seeded_partition_and_alpha_controls_skew():
    labels = np.repeat(np.arange(5), 400)
    a = dirichlet_partition(labels, 8, alpha=0.5, seed=3)
    assert sorted(np.concatenate(a).tolist()) == list(range(len(labels)))
    assert all((x == y).all() for x, y in zip(a, dirichlet_partition(labels, 8, alpha=0.5, seed=3)))

    def skew(parts: list[np.ndarray]) -> float:  # mean max-class share per client
        return float(np.mean([np.bincount(labels[p], minlength=5).max() / len(p) for p in parts]))

    assert skew(dirichlet_partition(labels, 8, alpha=0.1, seed=3)) > skew(dirichlet_partition(labels, 8, alpha=100, seed=3)) + 0.3


def test_dp_epsilon_decreases_with_noise_and_calibration_meets_target():
    eps = [epsilon(s, sample_rate=0.5, rounds=20) for s in (0.8, 1.5, 3.0)]
    assert eps[0] > eps[1] > eps[2] > 0
    sigma = noise_for_epsilon(8.0, sample_rate=1.0, rounds=20)
    assert epsilon(sigma, 1.0, 20) <= 8.0 + 1e-6
    assert epsilon(sigma * 0.9, 1.0, 20) > 8.0


def test_dp_clipping_bounds_each_update():
    dp = ClientDP(noise_multiplier=0.0, clip=1.0)
    clipped = dp.clip_updates(np.array([[3.0, 4.0], [0.3, 0.4]]))
    np.testing.assert_allclose(np.linalg.norm(clipped, axis=1), [1.0, 0.5])


def test_byte_counts_are_tensor_sizes(clients):
    data, val = clients
    res = run_federated(small_model, data, FedConfig(rounds=1), val)
    n_params = sum(p.numel() for p in small_model().parameters())
    assert nbytes(get_weights(small_model())) == 4 * n_params
    assert res.final["bytes_up"] == res.final["bytes_down"] == len(data) * 4 * n_params


def test_fedavg_learns_and_is_reproducible(clients):
    data, val = clients
    cfg = FedConfig(rounds=3, local=LOCAL)
    a = run_federated(small_model, data, cfg, val)
    b = run_federated(small_model, data, cfg, val)
    assert a.final["val_accuracy"] > 0.95
    assert all((x == y).all() for x, y in zip(a.weights, b.weights))


def test_client_sampling_uses_the_fraction(clients):
    data, val = clients
    res = run_federated(small_model, data, FedConfig(rounds=2, fraction=0.5), val)
    assert all(len(ev["clients"]) == 3 for ev in res.history)


def test_fedprox_keeps_the_client_near_the_global_model(clients):
    data, _ = clients
    start = get_weights(small_model())
    drift = {}
    for mu in (0.0, 5.0):
        w, _ = train_local(small_model, start, data[0], LocalConfig(epochs=3, lr=1e-2, proximal_mu=mu), seed=0)
        drift[mu] = np.linalg.norm(flatten(w) - flatten(start))
    assert drift[5.0] < 0.8 * drift[0.0]


def test_scaled_attacker_breaks_fedavg_but_not_median(clients):
    data, val = clients
    poisoned = [ClientData(c.name, c.x, c.y, attack="scale" if i == 0 else None) for i, c in enumerate(data)]
    fedavg = run_federated(small_model, poisoned, FedConfig(rounds=3, local=LOCAL), val)
    median = run_federated(small_model, poisoned, FedConfig(rounds=3, local=LOCAL, strategy="median"), val)
    assert fedavg.final["val_accuracy"] < 0.7
    assert median.final["val_accuracy"] > 0.9


def test_dp_job_reports_epsilon_within_target(clients):
    data, val = clients
    res = run_federated(small_model, data, FedConfig(rounds=3, dp_epsilon=4.0), val)
    assert 0 < res.epsilon <= 4.0 + 1e-6
    assert [ev["epsilon"] for ev in res.history] == sorted(ev["epsilon"] for ev in res.history)


def test_dp_with_robust_rule_is_refused():
    with pytest.raises(ValueError, match="fedavg/fedprox"):
        aggregate(Median(), [np.zeros(2)], [([np.ones(2)], 1)], ClientDP(1.0))


def test_cancel_stops_between_rounds(clients):
    data, val = clients
    cancel = threading.Event()
    res = run_federated(small_model, data, FedConfig(rounds=50), val, on_round=lambda ev: cancel.set(), cancel=cancel)
    assert res.cancelled and len(res.history) == 1
