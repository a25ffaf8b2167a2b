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


def test_a_gnb_row_is_the_traffic_of_the_sites_it_serves_over_its_own_uplink():
    from netmodel.twin import generate_metro

    g = generate_metro(60, seed=1)
    sim = TelemetrySimulator(g, seed=2)
    gnb, sites = next((n, s) for n, s in sim.served.items() if len(s) == 2)  # one gNB serves two sites here
    sim.inject("ddos", sites[0], start=1, duration=3)
    calm, hot = sim.step(), sim.step()
    rows, row = np.stack([hot.site_features[s] for s in sites]), hot.gnb_features[gnb]
    for name in ("pkts_per_s", "mbps_up", "flows_per_s"):
        assert row[F[name]] == pytest.approx(rows[:, F[name]].sum(), rel=1e-5)
    pps = rows[:, F["pkts_per_s"]]
    assert row[F["syn_ratio"]] == pytest.approx((rows[:, F["syn_ratio"]] * pps).sum() / pps.sum(), rel=1e-5)
    assert row[F["mean_pkt_bytes"]] < 150  # the flood's small packets dominate what the gNB carries
    uplink = hot.uplink(gnb)
    assert gnb in uplink and uplink in hot.path_links(sites[0])
    assert row[F["uplink_util"]] == pytest.approx(hot.links[uplink].utilization, rel=1e-5)
    assert hot.gnb_labels[gnb] == "ddos" and calm.gnb_labels[gnb] == "normal"
    assert set(sim.served) == {n for n, r in g.nodes(data="role") if r == "ran" and any(
        g.nodes[s]["role"] == "site" for s in g.neighbors(n))}


def test_a_congested_gnb_uplink_shows_in_the_gnb_row(metro):
    sim = TelemetrySimulator(metro, seed=2)
    sim.inject("congestion", ("gnb-3", "agg-north"), duration=2)
    snap = sim.step()
    assert snap.uplink("gnb-3") == ("agg-north", "gnb-3") and snap.gnb_labels["gnb-3"] == "anomaly"
    assert snap.gnb_features["gnb-3"][F["uplink_util"]] == 1.0 and snap.gnb_features["gnb-3"][F["uplink_loss"]] > 0.1
    assert snap.gnb_labels["gnb-1"] == "normal"


def test_the_shipped_site_detector_is_valid_on_gnb_rows():
    """The same int8 detector runs on gNB rows: on held-out runs (other seeds, night and day, metro6g
    and a generated metro) it alarms on normal gNB rows no more than on normal site rows, and on
    every flood and degraded backhaul a gNB carries."""
    from netmodel.twin import generate_metro, load_topology
    from tiny_nodes.deployed import Detector, artifact_path

    det = Detector.load(artifact_path("site_int8.npz"))
    rates = {}
    for gnbs in (False, True):
        parts = [site_dataset(g, ticks=150, seed=200 + i, fault_rate=0.08, start_minute=start, gnbs=gnbs)
                 for i, g in enumerate((load_topology(), generate_metro(120, seed=5))) for start in (3 * 60, 21 * 60)]
        x, y = np.concatenate([p[0] for p in parts]), np.concatenate([p[1] for p in parts])
        alarm = np.array([d.alarm for d in det.detect(x)])
        rates[gnbs] = alarm[y == 0].mean(), alarm[y > 0].mean(), int((y > 0).sum())
    assert rates[True][2] > 300 and rates[True][1] >= 0.99  # floods and degraded backhauls at gNBs
    assert rates[True][0] <= rates[False][0] and rates[True][0] < 0.005, rates  # false alarms on normal rows
