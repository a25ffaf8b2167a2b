from __future__ import annotations

import json

import networkx as nx
import pytest

from netmodel import twin


def test_embedded_metro6g_matches_the_shared_reference(shared, metro):
    ref = json.loads((shared / "spec/metro6g.topology.json").read_text())
    assert sorted(metro.nodes) == sorted(n["id"] for n in ref["nodes"])
    assert metro.number_of_edges() == len(ref["links"])
    assert twin.summary(metro)["roles"] == {"cloud": 1, "core": 2, "transport": 3, "edge": 3, "ran": 8, "site": 8}
    d = metro.edges["gnb-3", "stadium"]
    assert (d["capacity_mbps"], d["latency_ms"], d["up"], d["reserved"]) == (2000, 0.8, True, {})


@pytest.mark.parametrize("n", [25, 1000, 10000])
def test_generator_size_roles_and_connectivity(n):
    g = twin.generate_metro(n, seed=3)
    assert g.number_of_nodes() == n
    assert nx.is_connected(g)
    roles = twin.summary(g)["roles"]
    assert set(roles) == set(twin.ROLE_ORDER)
    for site in twin.nodes_by_role(g, "site"):  # every site hangs off a gNB, as in metro6g
        assert {g.nodes[x]["role"] for x in g.neighbors(site)} == {"ran"}


def test_generator_is_deterministic_under_a_seed():
    a, b, c = twin.generate_metro(500, seed=1), twin.generate_metro(500, seed=1), twin.generate_metro(500, seed=2)
    assert twin.to_node_link(a) == twin.to_node_link(b)
    assert twin.to_node_link(a) != twin.to_node_link(c)


def test_round_trip_and_validation(tmp_path, metro):
    p = tmp_path / "t.json"
    p.write_text(json.dumps(twin.to_node_link(metro)))
    assert twin.to_node_link(twin.load_topology(p)) == twin.to_node_link(metro)
    bad = twin.to_node_link(metro)
    bad["nodes"][0]["role"] = "satellite"
    with pytest.raises(ValueError, match="role"):
        twin.from_node_link(bad)
    bad = twin.to_node_link(metro)
    bad["links"][0]["capacity_mbps"] = -1
    with pytest.raises(ValueError, match="capacity_mbps"):
        twin.from_node_link(bad)
    with pytest.raises(ValueError):
        twin.generate_metro(10)


def test_residual_counts_reservations_and_down_links(metro):
    metro.edges["gnb-3", "stadium"]["reserved"] = {"a": 500, "b": 250}
    assert twin.residual_mbps(metro, "stadium", "gnb-3") == 1250
    twin.set_link_up(metro, "gnb-3", "stadium", False)
    assert twin.residual_mbps(metro, "gnb-3", "stadium") == 0
    assert not twin.up_view(metro).has_edge("gnb-3", "stadium")
    with pytest.raises(KeyError):
        twin.set_link_up(metro, "gnb-3", "campus", False)
