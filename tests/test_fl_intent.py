"""Federated learning of the node's tiny intent classifier on synthetic, non-IID site shards:
FedAvg and split learning through ``run_job``, a ``learn.fedft`` job through the JobRunner, and the
int8 push of the result into a real NodeAgent's ``intent`` slot."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from agents.jobs import JobRunner, NodeAgentSink
from federated.intent_app import intent_problem
from federated.launch import problem_for, run_job, validate
from federated.registry import ModelRegistry
from federated.weights import get_weights
from netmodel.policy import JobSpec
from tiny_nodes.intent import LABELS

SITES = ["hospital-1", "factory-1", "campus"]
DATA = {"n_per_site": 600, "n_val": 400}
TRAIN = {"lr": 1e-2, "batch_size": 32, "local_epochs": 3}


@pytest.fixture(scope="module")
def problem():
    return intent_problem(SITES, alpha=0.5, seed=0, **DATA)


def test_sites_get_non_iid_shards_and_held_out_validation(problem):
    assert [c.name for c in problem.clients] == SITES
    counts = np.stack([torch.bincount(c.y, minlength=len(LABELS)).numpy() for c in problem.clients])
    share = counts / counts.sum(1, keepdims=True)
    assert np.abs(share - counts.sum(0) / counts.sum()).max() > 0.1  # Dirichlet(0.5): label mixes differ per site
    assert problem.val[0].shape == (400, 4096) and problem.test[0].shape == (400, 4096)
    assert problem.model_fn()(problem.val[0][:2]).shape == (2, len(LABELS))


def test_fedavg_improves_held_out_accuracy(problem):
    torch.manual_seed(0)
    init = get_weights(problem.model_fn())
    before = validate(problem, init)["accuracy"]
    out = run_job("learn.fedft", problem, {"rounds": 3, "strategy": "fedavg", **TRAIN}, init=init)
    acc = [h["val_accuracy"] for h in out.history]
    assert len(acc) == 3 and not out.cancelled
    assert acc[-1] > max(before + 0.3, 0.5), (before, acc)
    assert acc[-1] > acc[0]
    after = validate(problem, out.node_weights["campus"])["accuracy"]
    assert after == pytest.approx(acc[-1])
    test_acc = validate(problem, out.node_weights["campus"], on=problem.test)["accuracy"]
    assert test_acc > before + 0.3


def test_split_job_runs_and_learns(problem):
    torch.manual_seed(0)
    init = get_weights(problem.model_fn())
    before = validate(problem, init)["accuracy"]
    out = run_job("learn.split", problem, {"rounds": 3, "method": "splitfed_v1", "lr": 1e-2, "batch_size": 32},
                  init=init)
    assert [h["round"] for h in out.history] == [1, 2, 3]
    assert set(out.node_weights) == set(SITES)
    assert all(h["bytes_up"] > 0 for h in out.history)
    assert out.history[-1]["val_accuracy"] > before + 0.1


def test_problem_for_builds_the_intent_app_and_keeps_hub_adapter_error():
    p = problem_for("intent_classifier", SITES[:2], {"n_per_site": 100, "n_val": 50, "seed": 3})
    assert [c.name for c in p.clients] == SITES[:2] and len(p.val[1]) == 50
    with pytest.raises(ValueError, match="HetLoRA"):
        problem_for("hub_adapter", SITES, {})


def test_fedft_job_pushes_int8_intent_weights_to_a_node_agent(store, tmp_path, problem):
    from tiny_nodes.runtime import NodeAgent

    agent = NodeAgent.default("campus", flows=False)
    before = agent.version("intent")
    old_temperature = agent.models["intent"].temperature
    sink = NodeAgentSink(agent, problem.model_fn, problem.val[0].numpy(), val=(problem.val[0].numpy(), problem.val[1].numpy()))
    runner = JobRunner(store, ModelRegistry(tmp_path / "models"), {"campus": sink})
    spec = JobSpec(id="fedft-intent", kind="learn.fedft", model="intent_classifier", nodes=SITES,
                   params={**DATA, **TRAIN, "rounds": 3})
    runner.start(spec)
    assert runner.wait("fedft-intent", timeout=120) == "done", store.job("fedft-intent").result
    result = store.job("fedft-intent").result
    rounds = [e for e in store.job("fedft-intent").progress if e["event"] == "round"]
    assert [e["round"] for e in rounds] == [1, 2, 3]
    # the job fine-tunes the model campus ships with (dequantized), so it starts near its accuracy
    # (from scratch, round 1 scores ~0.2 here) and is deployed only if not worse than it
    assert rounds[0]["val_accuracy"] > 0.75
    campus = result["deployed"]["campus"]
    assert campus["val_accuracy"] >= campus["current_val_accuracy"] > 0.75
    assert all(result["deployed"][s]["deployed"] for s in SITES)
    assert runner.registry.current("intent_classifier", "campus").version == 1
    # the node now runs the job's weights, int8, with a cascade re-calibrated on the hub's held-out rows
    assert agent.version("intent") == before + 1
    clf = agent.models["intent"]
    assert clf.model.meta["hidden"] == [16] and clf.temperature != old_temperature
    int8_acc = float((clf.model.predict_logits(problem.val[0].numpy()).argmax(1) == problem.val[1].numpy()).mean())
    assert int8_acc > result["deployed"]["campus"]["val_accuracy"] - 0.05
    guesses = agent.classify(["drain the upf at campus"])
    assert guesses[0].guess.label in LABELS
    with pytest.raises(ValueError, match="no node-agent slot"):
        sink.load_weights("hub_adapter", 2, runner.registry.current("intent_classifier", "campus").load())
