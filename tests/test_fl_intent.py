"""Federated learning of the node's tiny intent classifier on synthetic, non-IID site shards:
FedAvg and split learning through ``run_job``, a ``learn.fedft`` job through the JobRunner, and the
int8 push of the result into a real NodeAgent's ``intent`` slot."""
from __future__ import annotations

import numpy as np
import pytest
import torch

from federated.apps.intent import intent_problem
from federated.jobs import JobRunner, NodeAgentSink
from federated.launch import problem_for, run_job, validate
from federated.registry import ModelRegistry
from federated.weights import get_weights
from netmodel.policy import JobSpec
from tiny_nodes.intent import DIM, HIDDEN, LABELS

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
    assert problem.val[0].shape == (400, DIM) and problem.test[0].shape == (400, DIM)
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
    """A job's app: written and template text per site, the hub validating on both, and a site's own
    escalations (its approved lessons from the hub) given to that site's client alone, ~20 % of it."""
    from tiny_nodes.intent import LABELS, Featurizer

    lesson = ("yo which slices r up rn", "query")
    p = problem_for("intent_classifier", SITES[:2], {"n_per_site": 100, "n_val": 50, "seed": 3},
                    local={SITES[0]: [lesson]})
    assert [c.name for c in p.clients] == SITES[:2] and len(p.test[1]) == 50 and len(p.val[1]) > 1000
    row = torch.from_numpy(Featurizer().transform([lesson[0]])[0])
    mine, other = ((c.x == row).all(1) for c in p.clients)
    assert other.sum() == 0 and 0.15 < mine.float().mean() < 0.3
    assert (p.clients[0].y[mine] == LABELS.index("query")).all() and p.clients[0].meta["local"] == 1
    with pytest.raises(ValueError, match="outside the job"):
        problem_for("intent_classifier", SITES[:2], {"n_per_site": 10, "n_val": 10}, local={"port": [lesson]})
    with pytest.raises(ValueError, match="HetLoRA"):
        problem_for("hub_adapter", SITES, {})


def _run_campus_job(store, tmp_path, problem, agent, job_id):
    sink = NodeAgentSink(agent, problem.model_fn, problem.val[0].numpy(), val=(problem.val[0].numpy(), problem.val[1].numpy()))
    runner = JobRunner(store, ModelRegistry(tmp_path / job_id), {"campus": sink})
    spec = JobSpec(id=job_id, kind="learn.fedft", model="intent_classifier", nodes=SITES,
                   params={**DATA, **TRAIN, "rounds": 3})
    runner.start(spec)
    assert runner.wait(job_id, timeout=120) == "done", store.job(job_id).result
    rounds = [e for e in store.job(job_id).progress if e["event"] == "round"]
    assert [e["round"] for e in rounds] == [1, 2, 3]
    return runner, sink, rounds, store.job(job_id).result


def test_fedft_job_is_not_deployed_over_a_better_shipped_model(store, tmp_path, problem):
    """The shipped classifier learnt from the template and the written corpus; three FedAvg rounds on
    narrow non-IID template shards score below it on the hub's validation, so the gate keeps it."""
    from tiny_nodes.runtime import NodeAgent

    agent = NodeAgent.default("campus", flows=False)
    before = agent.version("intent")
    runner, _, rounds, result = _run_campus_job(store, tmp_path, problem, agent, "fedft-intent-kept")
    assert rounds[0]["val_accuracy"] > 0.75  # fine-tuned from the shipped model, not from scratch
    campus = result["deployed"]["campus"]
    assert campus["deployed"] == (campus["val_accuracy"] >= campus["current_val_accuracy"])
    assert not campus["deployed"] and campus["reason"] == "worse than current"
    assert agent.version("intent") == before and runner.registry.current("intent_classifier", "campus") is None


def test_fedft_job_pushes_int8_intent_weights_to_a_node_agent(store, tmp_path, problem):
    from tiny_nodes.deployed import artifact_path
    from tiny_nodes.qmodel import QuantizedMLP
    from tiny_nodes.runtime import NodeAgent

    agent = NodeAgent.default("campus", flows=False)
    worse = QuantizedMLP.load(artifact_path("intent_int8.npz"))  # a classifier that lost half its hidden units
    worse.meta["version"] = agent.version("intent") + 1
    last = worse.layers[-1]
    last.w = last.w.copy()
    last.w[:, ::2] = 0
    agent.load_weights("intent", worse)
    before = agent.version("intent")
    old_temperature = agent.models["intent"].temperature
    runner, sink, rounds, result = _run_campus_job(store, tmp_path, problem, agent, "fedft-intent")
    campus = result["deployed"]["campus"]
    assert campus["val_accuracy"] >= campus["current_val_accuracy"] and campus["val_accuracy"] > 0.75
    assert all(result["deployed"][s]["deployed"] for s in SITES)
    assert runner.registry.current("intent_classifier", "campus").version == 1
    # the node now runs the job's weights, int8, with a cascade re-calibrated on the hub's held-out rows
    assert agent.version("intent") == before + 1
    clf = agent.models["intent"]
    assert clf.model.meta["hidden"] == list(HIDDEN) and clf.temperature != old_temperature
    int8_acc = float((clf.model.predict_logits(problem.val[0].numpy()).argmax(1) == problem.val[1].numpy()).mean())
    assert int8_acc > campus["val_accuracy"] - 0.05
    guesses = agent.classify(["drain the upf at campus"])
    assert guesses[0].guess.label in LABELS
    with pytest.raises(ValueError, match="no node-agent slot"):
        sink.load_weights("hub_adapter", 2, runner.registry.current("intent_classifier", "campus").load())
