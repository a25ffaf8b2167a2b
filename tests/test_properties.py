"""Property tests (hypothesis) for the compiler/verifier invariants."""
from __future__ import annotations

import networkx as nx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from netmodel import ir
from netmodel.compiler import compile_intents
from netmodel.errors import TinyLargeError
from netmodel.policy import FlowMatch, PolicySet
from netmodel.schedule import active, peak
from netmodel.twin import generate_metro, load_topology, nodes_by_role, path_latency
from netmodel.verifier import verify

METRO = load_topology()
GEN = generate_metro(120, seed=11)
SETTINGS = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

clock = st.builds(lambda h, m: f"{h:02d}:{m:02d}", st.integers(0, 23), st.sampled_from([0, 15, 30, 45]))
schedule = st.one_of(st.none(), st.builds(lambda a, b: ir.Schedule(start=a, end=b), clock, clock))


def slice_intents(g):
    sites = sorted(nodes_by_role(g, "site"))
    return st.builds(
        lambda svc, ss, bw, lat, sch: ir.SliceCreate(service=svc, sites=ss, bandwidth_mbps=bw, max_latency_ms=lat,
                                                     **({"schedule": sch} if sch else {})),
        st.sampled_from(["embb", "urllc", "mmtc", "v2x"]),
        st.lists(st.sampled_from(sites), min_size=1, max_size=3, unique=True),
        st.floats(1, 2500), st.floats(0.5, 30), schedule)


def brute_force_peak(g, ps: PolicySet) -> dict:
    """Minute-by-minute reservation per link, independently of the verifier's event-based peak."""
    worst = {}
    for minute in range(0, 1440, 15):
        load = {}
        for sl in ps.slices.values():
            if active(sl.schedule, minute):
                for p in sl.paths.values():
                    for a, b in zip(p, p[1:]):
                        k = frozenset((a, b))
                        load[k] = load.get(k, 0) + sl.bandwidth_mbps
        for k, v in load.items():
            worst[k] = max(worst.get(k, 0), v)
    return worst


@SETTINGS
@given(st.data())
def test_accepted_slices_never_oversubscribe_or_break_budgets(data):
    g = data.draw(st.sampled_from([METRO, GEN]))
    running = PolicySet()
    for intent in data.draw(st.lists(slice_intents(g), min_size=1, max_size=6)):
        before = running.canonical_json()
        try:
            candidate, _ = compile_intents(g, running, [intent])
        except TinyLargeError:
            assert running.canonical_json() == before  # a refusal changes nothing
            continue
        assert verify(g, candidate).ok
        for k, load in brute_force_peak(g, candidate).items():
            a, b = tuple(k)
            assert load <= g.edges[a, b]["capacity_mbps"] + 1e-6
        for sl in candidate.slices.values():
            assert all(path_latency(g, p) <= sl.max_latency_ms for p in sl.paths.values())
        running = candidate


@SETTINGS
@given(st.data())
def test_routes_honour_endpoints_waypoints_and_avoid(data):
    nodes = sorted(METRO.nodes)
    src, dst = data.draw(st.lists(st.sampled_from(nodes), min_size=2, max_size=2, unique=True))
    others = [n for n in nodes if n not in (src, dst)]
    via = data.draw(st.lists(st.sampled_from(others), max_size=2, unique=True))
    avoid = data.draw(st.lists(st.sampled_from([n for n in others if n not in via]), max_size=2, unique=True))
    k = data.draw(st.integers(1, 2))
    intent = ir.SdnRoute(src=src, dst=dst, paths=k, **({"via": via} if via else {}), **({"avoid": avoid} if avoid else {}),
                         objective=data.draw(st.sampled_from(["latency", "hops", "bandwidth"])))
    try:
        ps, _ = compile_intents(METRO, PolicySet(), [intent])
    except TinyLargeError:
        if not via and not avoid and k == 1:
            raise  # the metro graph is connected: an unconstrained route always exists
        return
    (route,) = ps.routes.values()
    assert verify(METRO, ps).ok and len(route.paths) == k
    for p in route.paths:
        assert (p[0], p[-1]) == (src, dst) and len(set(p)) == len(p)
        assert nx.is_path(METRO, p) and not set(p) & set(avoid)
        assert [n for n in p if n in via] == via


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 1000), schedule), max_size=5), schedule)
def test_event_based_peak_equals_minute_by_minute_peak(items, within):
    brute = max((sum(m for m, w in items if active(w, t)) for t in range(1440) if active(within, t)), default=0.0)
    assert abs(peak(items, within) - brute) < 1e-6


nodes_or_any = st.one_of(st.none(), st.lists(st.sampled_from(["a", "b", "c"]), min_size=1, unique=True).map(tuple))
matches = st.builds(FlowMatch, src=nodes_or_any, dst=nodes_or_any,
                    protocol=st.sampled_from(["any", "tcp", "udp"]), port=st.one_of(st.none(), st.sampled_from([22, 53])))


@settings(max_examples=300, deadline=None)
@given(matches, matches, matches)
def test_flow_match_covering_is_a_preorder_that_implies_overlap(a, b, c):
    assert a.covers(a)
    if a.covers(b):
        assert a.overlaps(b)
    if a.covers(b) and b.covers(c):
        assert a.covers(c)
