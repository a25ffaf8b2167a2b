from __future__ import annotations

import numpy as np
import pytest

from netmodel.telemetry import SITE_FEATURES, TelemetrySimulator, site_dataset

F = {name: i for i, name in enumerate(SITE_FEATURES)}


def test_same_seed_same_stream_other_seed_differs(metro):
    a = TelemetrySimulator(metro, seed=4).run(6)[-1]
    b = TelemetrySimulator(metro, seed=4).run(6)[-1]
    c = TelemetrySimulator(metro, seed=5).run(6)[-1]
    assert all(np.array_equal(a.site_features[s], b.site_features[s]) for s in a.site_features)
    assert not all(np.array_equal(a.site_features[s], c.site_features[s]) for s in a.site_features)


def test_ddos_burst_shows_in_the_site_features_and_label(metro):
    sim = TelemetrySimulator(metro, seed=1)
    calm = sim.step()
    sim.inject("ddos", "factory-1", duration=2)
    hot = sim.step()
    f0, f1 = calm.site_features["factory-1"], hot.site_features["factory-1"]
    assert hot.site_labels["factory-1"] == "ddos" and calm.site_labels["factory-1"] == "normal"
    assert f1[F["pkts_per_s"]] > 10 * f0[F["pkts_per_s"]]
    assert f1[F["mean_pkt_bytes"]] < 150 < f0[F["mean_pkt_bytes"]]
    assert hot.site_labels["campus"] == "normal"
    sim.run(2)
    assert sim.step().site_labels["factory-1"] == "normal"  # the burst ended


def test_link_down_cuts_a_single_homed_site_and_congestion_adds_delay(metro):
    sim = TelemetrySimulator(metro, seed=2)
    base = sim.step()
    sim.inject("link_down", ("gnb-1", "agg-north"), duration=3)
    sim.inject("congestion", ("agg-east", "gnb-6"), duration=3)
    sim.inject("latency_spike", ("agg-south", "gnb-4"), duration=3, magnitude=30)
    snap = sim.step()
    assert snap.links[("agg-north", "gnb-1")].up is False
    assert snap.site_features["hospital-1"][F["uplink_loss"]] == 1.0
    assert snap.site_labels["hospital-1"] == "anomaly"
    campus = snap.site_features["campus"]
    assert campus[F["uplink_latency_ms"]] > 3 * base.site_features["campus"][F["uplink_latency_ms"]]
    assert snap.site_features["hospital-2"][F["uplink_latency_ms"]] > 30
    assert snap.site_labels["stadium"] == "normal"
    assert {f.kind for f in snap.faults} == {"link_down", "congestion", "latency_spike"}


def test_faults_need_real_targets(metro):
    sim = TelemetrySimulator(metro)
    with pytest.raises(ValueError, match="site"):
        sim.inject("ddos", "core-1")
    with pytest.raises(ValueError, match="link"):
        sim.inject("link_down", ("campus", "stadium"))
    with pytest.raises(ValueError, match="duration"):
        sim.inject("congestion", ("agg-east", "gnb-6"), duration=0)


def test_slices_load_their_links_only_inside_their_schedule(manager):
    from netmodel.manager import parse_intents

    manager.apply(parse_intents({"kind": "slice.create", "service": "embb", "sites": ["stadium"], "bandwidth_mbps": 1500,
                                 "schedule": {"start": "20:00", "end": "23:00"}}))
    evening = TelemetrySimulator(manager.g, seed=0, policies=manager.running, start_minute=21 * 60).step()
    morning = TelemetrySimulator(manager.g, seed=0, policies=manager.running, start_minute=9 * 60).step()
    assert evening.links[("gnb-3", "stadium")].load_mbps > 700
    assert morning.links[("gnb-3", "stadium")].load_mbps < 200


def test_site_dataset_has_all_three_labels(metro):
    X, y = site_dataset(metro, ticks=150, seed=3)
    assert X.shape == (150 * 8, len(SITE_FEATURES))
    assert set(np.unique(y)) == {0, 1, 2}
    assert np.isfinite(X).all()
