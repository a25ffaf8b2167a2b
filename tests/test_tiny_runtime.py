"""NodeAgent: alarms on twin telemetry (DDoS injected), flows, intent cascade, bad input, new weights."""
from __future__ import annotations

import numpy as np
import pydantic
import pytest

from netmodel.telemetry import SITE_FEATURES, TelemetrySimulator
from netmodel.twin import load_topology
from tiny_nodes.deployed import artifact_path
from tiny_nodes.nslkdd import InputError
from tiny_nodes.qmodel import QuantizedMLP
from tiny_nodes.runtime import Alarm, NodeAgent
from tiny_nodes.training.intent_train import corpus


@pytest.fixture(scope="module")
def twin():
    return load_topology()


@pytest.fixture
def agent(twin):
    site = sorted(n for n, r in twin.nodes(data="role") if r == "site")[1]
    return NodeAgent.default(site, hub=lambda text: {"intents": [], "error": None, "from": "hub", "text": text})


def test_ddos_in_twin_telemetry_raises_a_ddos_alarm(twin, agent):
    sim = TelemetrySimulator(twin, seed=11)
    quiet = [agent.observe_snapshot(sim.step()) for _ in range(40)]
    assert sum(a is not None for a in quiet) <= 1
    sim.inject("ddos", agent.node, duration=4)
    sim.step()  # the fault starts on the next tick
    alarms = [agent.observe_snapshot(sim.step()) for _ in range(3)]
    assert all(isinstance(a, Alarm) for a in alarms)
    a = alarms[0]
    assert a.node == agent.node and a.kind == "ddos" and a.label == "ddos" and a.score > 0.5
    assert set(a.features) == set(SITE_FEATURES) and a.time == 41.0 and a.model_version >= 1
    assert a.features["mean_pkt_bytes"] < 150  # the flood's small packets, as observed
    after = [agent.observe_snapshot(sim.step()) for _ in range(12)][2:]  # back to normal once the fault ends
    assert sum(x is not None for x in after) <= 1
    assert agent.counters["observations"] == 40 + 3 + 12 and agent.counters["alarms"] >= 3
    with pytest.raises(pydantic.ValidationError):
        a.score = 0.1  # alarms are immutable records


def test_alarm_on_a_neighbour_site_is_not_ours(twin, agent):
    sim = TelemetrySimulator(twin, seed=5)
    other = next(s for s in sim.sites if s != agent.node)
    sim.inject("ddos", other, duration=5)
    sim.step()
    assert [agent.observe_snapshot(sim.step()) for _ in range(3)] == [None, None, None]
    with pytest.raises(KeyError):
        NodeAgent.default("core-1", flows=False).observe_snapshot(sim.step())


@pytest.mark.parametrize("features, message", [
    ([1.0, 2.0, 3.0], "expected 12 fields, got 3"),
    ([1.0] * 11 + [float("nan")], "uplink_loss is nan"),
    ([1.0] * 13, "expected 12 fields, got 13"),
    (["fast"] + [1.0] * 11, "is not a number"),
    ([[1.0] * 12], "one telemetry vector"),
])
def test_bad_telemetry_is_refused_not_scored(agent, features, message):
    with pytest.raises(InputError, match=message):
        agent.observe(features)
    assert agent.counters["rejected_telemetry"] == 1 and agent.counters["observations"] == 0


def test_flow_records_raise_intrusion_alarms(shared, agent):
    from tiny_nodes.nslkdd import load_raw

    rows, labels = load_raw("test")
    alarms = agent.inspect_flows(rows[:300], time=7.0)
    attacks = sum(lbl != "normal" for lbl in labels[:300])
    assert 0.6 * attacks < len(alarms) < 1.3 * attacks
    assert all(a.kind == "intrusion" and a.label in ("normal", "DoS", "Probe", "R2L", "U2R") for a in alarms)
    bad = list(rows[0])
    bad[3] = "XX"
    with pytest.raises(InputError, match="unknown flag 'XX'"):
        agent.inspect_flows([rows[1], bad])
    assert agent.counters["rejected_flows"] == 1 and agent.counters["flows"] == 300


def test_intent_cascade_asks_the_hub_only_when_unsure(agent):
    texts = corpus(40, 7, "heldout")[0] + ["create an embb slice for the stadium and also show me the alarms on core-1"]
    res = agent.classify(texts)
    assert res[-1].escalated and res[-1].guess.label == "multi"  # several kinds: always the hub's
    local = [r for r in res if not r.escalated]
    assert local and all(r.label == r.guess.label and r.hub_record is None for r in local)
    for r in res:
        assert r.escalated == (r.guess.confidence < agent.models["intent"].threshold or r.guess.label == "multi")
        assert (r.hub_record is not None) == r.escalated
        if r.escalated:
            assert r.label is None and r.hub_record["text"] == r.text
    assert agent.counters["answered_locally"] + agent.counters["escalated"] == len(texts)
    with pytest.raises(InputError):
        agent.classify("a single string")
    with pytest.raises(InputError, match="empty"):
        agent.classify(["ok", ""])


def test_load_weights_takes_only_newer_compatible_models(tmp_path, agent):
    q = QuantizedMLP.load(artifact_path("site_int8.npz"))
    v = agent.version("site")
    with pytest.raises(ValueError, match="not newer"):
        agent.load_weights("site", q)
    q.meta["version"] = v + 1
    for layer in q.layers:  # a visibly different model: the attack head now always fires
        layer.w = layer.w.copy()
    q.layers[-1].bias = q.layers[-1].bias.copy()
    q.layers[-1].bias[0] = 2 ** 20
    q.save(tmp_path / "site_v2.npz")
    assert agent.load_weights("site", tmp_path / "site_v2.npz") == v + 1
    alarm = agent.observe(np.array([1000, 50, 120, 800, 50, 30, 0.02, 0.2, 0.01, 0.2, 3.0, 0.0]))
    assert alarm is not None and alarm.model_version == v + 1
    wrong = QuantizedMLP.load(artifact_path("nslkdd_int8.npz"))
    wrong.meta["version"] = 99
    with pytest.raises(ValueError, match="maps 122->6"):
        agent.load_weights("site", wrong)
    assert agent.version("site") == v + 1 and agent.counters["weights_site"] == 1


def test_node_path_imports_no_training_stack():
    """Every node-side module (all of tiny_nodes but tiny_nodes.training) runs on numpy alone."""
    import pkgutil
    import subprocess
    import sys

    import tiny_nodes

    node_side = sorted(f"tiny_nodes.{m.name}" for m in pkgutil.iter_modules(tiny_nodes.__path__) if m.name != "training")
    assert {"tiny_nodes.runtime", "tiny_nodes.deployed", "tiny_nodes.intent", "tiny_nodes.qmodel", "tiny_nodes.nslkdd",
            "tiny_nodes.export_c"} <= set(node_side)
    code = (f"import importlib, sys; [importlib.import_module(m) for m in {node_side!r}]; "
            "import tiny_nodes.runtime as r; r.NodeAgent.default('gnb-1').observe([1.0] * 12); "
            "print(sorted(m for m in ('torch', 'onnxruntime', 'onnx', 'sklearn', 'tiny_nodes.training') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_batched_observation_is_each_agent_observing_its_own(twin):
    """observe_all scores agents that share a detector in one batch, and agents with their own model
    (after a deploy) apart; alarms and counters are what each would get alone."""
    sim = TelemetrySimulator(twin, seed=5)
    sim.inject("ddos", "campus", start=0, duration=5)
    snap = sim.step()
    alone = {s: NodeAgent.default(s, flows=False) for s in sim.sites}
    batch = {s: NodeAgent.default(s, flows=False) for s in sim.sites}
    own = QuantizedMLP.load(artifact_path("site_int8.npz"))
    own.meta["version"] = batch["port"].version("site") + 1
    batch["port"].load_weights("site", own)  # port now runs a model of its own
    expected = {s: a.observe_snapshot(snap) for s, a in alone.items()}
    got = NodeAgent.observe_all(list(batch.values()), snap)
    assert {s: a and (a.kind, round(a.score, 6)) for s, a in got.items()} == \
        {s: a and (a.kind, round(a.score, 6)) for s, a in expected.items()}
    assert got["campus"].kind == "ddos" and got["campus"].time == float(snap.t)
    assert all(batch[s].counters["observations"] == 1 for s in sim.sites)
