"""The verifier catches hand-made bad policy sets the compiler would never produce."""
from __future__ import annotations

from netmodel.compiler import compile_intents
from netmodel.ir import parse_intent
from netmodel.policy import FlowMatch, FlowRule, PolicySet, RoutePolicy, SliceReservation, ZtnRule
from netmodel.verifier import verify


def kinds(g, ps):
    return sorted(c.kind for c in verify(g, ps).conflicts)


def slice_(name, bw, path, latency=20.0, schedule=None):
    return SliceReservation(name=name, service="embb", sst=1, sites=[path[0]], bandwidth_mbps=bw,
                            max_latency_ms=latency, paths={path[0]: path}, schedule=schedule)


def test_compiled_sets_verify_clean(metro):
    intents = [parse_intent(x) for x in [
        {"kind": "slice.create", "service": "embb", "sites": ["role:site"], "bandwidth_mbps": 200},
        {"kind": "sdn.route", "src": "gnb-3", "dst": "cloud-dc", "paths": 2},
        {"kind": "sdn.block", "src": "any", "dst": "core-1", "protocol": "udp", "port": 53},
    ]]
    ps, _ = compile_intents(metro, PolicySet(), intents)
    v = verify(metro, ps)
    assert v.ok and v.checked["slices"] == 1 and v.checked["routes"] == 1


def test_two_slices_over_subscribing_a_link(metro):
    ps = PolicySet()
    ps.put(slice_("a", 1200, ["stadium", "gnb-3", "agg-north"]))
    ps.put(slice_("b", 1000, ["stadium", "gnb-3", "agg-east"]))
    v = verify(metro, ps)
    (c,) = v.conflicts
    assert c.kind == "capacity" and "gnb-3--stadium" in c.message and set(c.objects) == {"slices/a", "slices/b"}


def test_latency_budget_broken_path_and_down_link(metro):
    ps = PolicySet()
    ps.put(slice_("slow", 10, ["smart-farm", "gnb-8", "agg-east"], latency=1))
    ps.put(slice_("teleport", 10, ["campus", "core-1"]))
    assert kinds(metro, ps) == ["broken_path", "latency"]
    metro.edges["gnb-8", "smart-farm"]["up"] = False
    assert "link_down" in kinds(metro, ps)


def test_route_waypoints_avoid_and_disjointness(metro):
    ps = PolicySet()
    ps.put(RoutePolicy(src="campus", dst="cloud-dc", via=["core-2"], avoid=["core-1"],
                       paths=[["campus", "gnb-6", "agg-east", "core-1", "cloud-dc"]]))
    ps.put(RoutePolicy(src="gnb-3", dst="core-1", paths=[["gnb-3", "agg-north", "core-1"]] * 2))
    assert kinds(metro, ps) == ["avoid", "disjoint", "waypoint"]


def test_block_versus_route_and_shadowed_rate_limit():
    from netmodel.twin import load_topology

    g = load_topology()
    block = FlowRule(match=FlowMatch(src=("campus",)), action="drop", devices=("campus",))
    port_block = FlowRule(match=FlowMatch(src=("campus",), protocol="tcp", port=22), action="drop", devices=("campus",))
    police = FlowRule(match=FlowMatch(src=("campus",), dst=("cloud-dc",)), action="police", rate_mbps=5, devices=("campus",))
    police2 = FlowRule(match=FlowMatch(src=("campus",)), action="police", rate_mbps=50, devices=("campus",))
    route = RoutePolicy(src="campus", dst="cloud-dc", paths=[["campus", "gnb-6", "agg-east", "core-1", "cloud-dc"]])
    ps = PolicySet()
    for o in (port_block, route):
        ps.put(o)
    assert verify(g, ps).ok  # blocking ssh does not contradict routing all traffic
    ps.put(block)
    assert kinds(g, ps) == ["contradiction"]
    ps = PolicySet()
    for o in (block, police):
        ps.put(o)
    assert kinds(g, ps) == ["shadowed"]
    ps = PolicySet()
    for o in (police, police2):
        ps.put(o)
    assert kinds(g, ps) == ["contradiction"]


def test_auto_isolation_of_infrastructure_is_a_guardrail_conflict(metro):
    ps = PolicySet()
    ps.put(ZtnRule(name="z", event="anomaly", scope=["core-1", "campus"], action="isolate", mode="auto"))
    ps.put(ZtnRule(name="ok", event="anomaly", scope=["core-1"], action="isolate", mode="approve"))
    ps.put(ZtnRule(name="ok2", event="ddos", scope=["campus"], action="isolate", mode="auto"))
    v = verify(metro, ps)
    assert [c.objects for c in v.conflicts] == [["ztn/z"]] and v.conflicts[0].kind == "guardrail"
