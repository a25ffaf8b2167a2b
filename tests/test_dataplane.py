"""The netns data plane, proved with packets: a metro6g lab of Linux namespaces, the netns driver
behind the real manager and store, and ping / traceroute / iperf3 between namespaces."""
from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from netmodel.errors import ApplyError
from netmodel.lab import Lab, LabError, missing_tools
from netmodel.manager import NetworkManager, parse_intents
from netmodel.probes import ping, start_flow, throughput, trace
from netmodel.store import Store
from netmodel.twin import load_topology

NEEDS = missing_tools() + [t for t in ("iperf3", "ping", "traceroute") if shutil.which(t) is None]
pytestmark = pytest.mark.skipif(os.geteuid() != 0 or bool(NEEDS),
                                reason=f"the lab needs root and {', '.join(NEEDS) or 'iproute2/nftables/iperf3'} "
                                       "(`make test` installs them as root)")
PREFIX = "tlt-"  # not the CLI's prefix: a lab someone runs by hand is left alone


@pytest.fixture(scope="module")
def lab():
    with Lab(load_topology(), prefix=PREFIX).running() as lab:
        yield lab
    assert Lab(load_topology(), prefix=PREFIX).present() == []


@pytest.fixture()
def m(lab, tmp_path):
    from netmodel.drivers.netns import NetnsDriver

    g = lab.g
    for u, v in list(lab.down_links):
        lab.set_link(u, v, True)
    manager = NetworkManager(Store.at(tmp_path / "lab.db", g), NetnsDriver(lab), graph=g)
    yield manager
    manager.rollback(0, reason="test over")  # the lab runs nothing for the next test
    manager.network.close()


def apply(m: NetworkManager, *intents: dict):
    return m.apply(parse_intents(list(intents)))


def test_lab_up_is_idempotent_and_down_leaves_nothing(tmp_path):
    lab = Lab(load_topology(), prefix="tlu-")
    try:
        lab.up()
        lab.up()  # again: rebuilt, not doubled
        st = lab.status()
        assert st["namespaces"] == 25 and st["interfaces_up"] == 2 * 29 and st["interfaces_down"] == 0
        assert ping(lab, "hospital-1", "cloud-dc") and ping(lab, "smart-farm", "stadium")
        assert st["latency_emulated"] in (True, False)
    finally:
        assert lab.down() == 25
    assert lab.present() == []
    out = subprocess.run(["ip", "-j", "link", "show"], capture_output=True, text=True).stdout
    assert "tlu-" not in out  # nothing was ever created in the host's namespace


def test_a_block_stops_its_flow_only_and_rollback_lets_it_through(m, lab):
    assert ping(lab, "stadium", "cloud-dc")
    v = apply(m, {"kind": "sdn.block", "src": "stadium", "dst": "cloud-dc"}).version
    assert not ping(lab, "stadium", "cloud-dc")
    assert ping(lab, "campus", "cloud-dc") and ping(lab, "stadium", "core-2")  # unrelated flows still pass
    m.rollback(v - 1 if v > 1 else 0)
    assert ping(lab, "stadium", "cloud-dc")


def test_a_protocol_block_drops_that_protocol_only(m, lab):
    apply(m, {"kind": "sdn.block", "src": "campus", "dst": "cloud-dc", "protocol": "icmp"})
    assert not ping(lab, "campus", "cloud-dc")
    assert throughput(lab, "campus", "cloud-dc", seconds=1) > 10  # TCP still goes


def test_a_rate_limit_caps_throughput_within_ten_percent(m, lab):
    before = throughput(lab, "port", "cloud-dc", seconds=2)
    apply(m, {"kind": "sdn.rate_limit", "src": "port", "dst": "any", "rate_mbps": 50})
    limit = 50 * lab.scale
    got = throughput(lab, "port", "cloud-dc", seconds=5, omit_s=2)  # past the policer's one-second bucket
    assert before > 3 * limit and abs(got - limit) <= 0.1 * limit, (before, got)


def test_a_slice_keeps_its_rate_against_bulk_traffic_and_loses_it_when_removed(m, lab):
    apply(m, {"kind": "slice.create", "name": "stad", "service": "embb", "sites": ["stadium"], "bandwidth_mbps": 1200})
    anchor = m.running.slices["stad"].paths["stadium"][-1]
    guaranteed = 1200 * lab.scale  # on the stadium uplink of 2,000 x scale

    def slice_rate() -> float:
        bulk = start_flow(lab, "stadium", "cloud-dc", seconds=6, port=5301, streams=4)
        got = throughput(lab, "stadium", anchor, seconds=4, omit_s=1)
        bulk.mbit_s()
        return got

    assert anchor != "cloud-dc" and trace(lab, "stadium", anchor) == m.running.slices["stad"].paths["stadium"]
    with_slice = slice_rate()
    apply(m, {"kind": "slice.delete", "name": "stad"})
    without = slice_rate()
    assert with_slice >= 0.9 * guaranteed and without < 0.7 * guaranteed, (with_slice, without)


def test_via_and_avoid_routes_steer_the_packets(m, lab):
    base = trace(lab, "hospital-1", "port")
    assert "agg-south" not in base
    apply(m, {"kind": "sdn.route", "src": "hospital-1", "dst": "port", "via": ["agg-south"]})
    via = trace(lab, "hospital-1", "port")
    assert "agg-south" in via and via == m.running.routes["hospital-1->port"].paths[0]
    apply(m, {"kind": "sdn.route", "src": "factory-2", "dst": "cloud-dc", "avoid": ["core-2"]})
    assert "core-2" not in trace(lab, "factory-2", "cloud-dc") and ping(lab, "factory-2", "cloud-dc")


def test_two_paths_become_a_multipath_route(m, lab):
    import json

    apply(m, {"kind": "sdn.route", "src": "gnb-3", "dst": "cloud-dc", "paths": 2})
    r = m.running.routes["gnb-3->cloud-dc"]
    assert len(r.paths) == 2
    fork = next(n for n, hops in r.next_hops().items() if len(hops) == 2)
    routes = json.loads(subprocess.run(["ip", "-j", "-n", lab.ns(fork), "route", "show", "table", "all"],
                                       capture_output=True, text=True).stdout)
    multi = [x for x in routes if x.get("dst") == lab.hosts["cloud-dc"] and len(x.get("nexthops", [])) == 2]
    assert multi and ping(lab, "gnb-3", "cloud-dc")


def test_dry_run_shows_the_exact_commands(m, lab):
    r = m.apply(parse_intents([{"kind": "sdn.block", "src": "port", "dst": "cloud-dc", "protocol": "tcp",
                                "port": 23}]), dry_run=True)
    shown = "\n".join(r.diff)
    assert f"ip netns exec {lab.ns('port')} nft -f -" in shown
    assert f"ip saddr {lab.hosts['port']} ip daddr {lab.hosts['cloud-dc']} meta l4proto tcp th dport 23" in shown
    assert ping(lab, "port", "cloud-dc")  # a dry run changed nothing


def test_a_command_failing_mid_commit_undoes_the_namespaces_already_changed(m, lab):
    apply(m, {"kind": "sdn.block", "src": "campus", "dst": "cloud-dc"})
    version = m.store.active_version().id
    port = lab.ports["stadium"]["gnb-3"].ifname
    subprocess.run(["tc", "-n", lab.ns("stadium"), "qdisc", "del", "dev", port, "root"], check=True)  # breaks stadium
    with pytest.raises(ApplyError, match="restored"):
        apply(m, {"kind": "sdn.block", "src": "hospital-1", "dst": "cloud-dc"},
              {"kind": "slice.create", "name": "stad", "service": "embb", "sites": ["stadium"], "bandwidth_mbps": 500})
    assert m.store.active_version().id == version  # the store kept the old version
    assert ping(lab, "hospital-1", "cloud-dc")  # hospital-1's namespace came before stadium's: undone
    assert not ping(lab, "campus", "cloud-dc")  # and what ran before still runs
    roots = subprocess.run(["tc", "-j", "-n", lab.ns("stadium"), "qdisc", "show", "dev", port, "root"],
                           capture_output=True, text=True).stdout
    assert '"kind":"htb"' in roots  # resetting stadium made its link's shaping again


def test_a_lab_that_is_not_up_is_refused_clearly(tmp_path):
    from netmodel.drivers.netns import NetnsDriver

    with pytest.raises(LabError, match="lab up"):
        NetnsDriver(Lab(load_topology(), prefix="tln-")).open()


def test_a_failed_link_breaks_the_slice_and_the_loops_reroute_restores_it(m, lab):
    from agents.loop import ClosedLoop
    from agents.scenarios import SCENARIOS
    from netmodel.telemetry import TelemetrySimulator
    from netmodel.twin import link_key
    from tiny_nodes.runtime import NodeAgent

    sim = TelemetrySimulator(m.g, seed=3, start_minute=21 * 60)
    SCENARIOS["link_down"].setup(m, sim, start=3, duration=60)
    (fault,) = [f for f in sim.faults if f.kind == "link_down"]
    fans = m.running.slices["fans"]
    site = next(iter(fans.paths))
    anchor = fans.paths[site][-1]
    assert ping(lab, site, anchor)
    agents = {n: NodeAgent.default(n, flows=False) for n, r in m.g.nodes(data="role") if r == "site"}
    loop = ClosedLoop(m, sim, agents)
    driver = m.driver

    def mirror(_tick) -> None:  # the twin's failed link fails in the lab too
        driver.follow(sim.failed_links())

    loop.run(4, on_tick=mirror)
    assert lab.down_links == {link_key(*fault.target)} and not ping(lab, site, anchor)
    loop.run(8, on_tick=mirror)
    (act,) = [a for a in loop.actions if a.action == "reroute"]
    assert act.status == "confirmed"
    assert ping(lab, site, anchor) and set(link_key(*fault.target)) - set(trace(lab, site, anchor))


def test_a_node_name_that_could_smuggle_a_command_is_refused(metro):
    import networkx as nx

    g = nx.relabel_nodes(metro, {"campus": "campus\nlink set lo down"})
    with pytest.raises(LabError, match="cannot name a namespace"):
        Lab(g, prefix="tlz-")
