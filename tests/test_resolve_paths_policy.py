"""Node references, path algorithms and policy-set diffs, one module at a time."""
from __future__ import annotations

import pytest

from netmodel import ir
from netmodel.errors import UnknownEntity
from netmodel.paths import NoPath, disjoint_paths, shortest_path, waypoint_path
from netmodel.policy import FlowMatch, FlowRule, PolicySet, ZtnRule
from netmodel.resolve import check_references, nearest_ids, references, resolve, resolve_all


def test_resolve_ids_roles_and_words(metro):
    assert resolve(metro, "gnb-3") == ["gnb-3"]
    assert sorted(resolve(metro, "role:edge")) == ["edge-east", "edge-north", "edge-south"]
    assert len(resolve(metro, "all")) == len(resolve(metro, "any")) == 25
    assert resolve_all(metro, ["campus", "role:core", "campus"]) == ["campus", "core-1", "core-2"]


def test_unknown_ids_name_the_nearest_valid_one(metro):
    with pytest.raises(UnknownEntity, match="did you mean 'smart-farm'") as e:
        resolve(metro, "smart-farms")
    assert e.value.details["nearest"][0] == "smart-farm"
    assert sorted(nearest_ids(metro, "hospital-7")[:2]) == ["hospital-1", "hospital-2"]
    assert nearest_ids(metro, "agg-west")[0].startswith("agg-")


def test_references_include_nested_trigger_scope(metro):
    z = ir.parse_intent({"kind": "ztn.policy", "trigger": {"event": "ddos", "scope": ["campus", "gnb-9"]},
                         "action": "alert", "mode": "auto"})
    assert references(z) == ["campus", "gnb-9"]
    with pytest.raises(UnknownEntity, match="gnb-9"):
        check_references(metro, z)


def test_shortest_path_objectives_and_constraints(metro):
    assert shortest_path(metro, "campus", "campus") == ["campus"]
    lat = shortest_path(metro, "gnb-3", "core-2")
    assert lat == ["gnb-3", "agg-east", "core-2"]
    around = shortest_path(metro, "gnb-3", "core-2", avoid=["agg-east"])
    assert "agg-east" not in around and around[0] == "gnb-3"
    with pytest.raises(NoPath, match="20000 Mbit/s free"):
        shortest_path(metro, "stadium", "cloud-dc", min_residual=20000)
    metro.edges["gnb-3", "agg-east"]["up"] = False
    assert "agg-east" not in shortest_path(metro, "gnb-3", "core-2")


def test_widest_path_maximises_the_bottleneck(metro):
    p = shortest_path(metro, "gnb-3", "agg-east", objective="bandwidth")
    assert p == ["gnb-3", "agg-north", "core-1", "agg-east"]  # 10G/40G/40G beats the direct 5G link


def test_waypoints_and_disjoint_paths(metro):
    p = waypoint_path(metro, "campus", "cloud-dc", via=["agg-east", "core-2"])
    assert p.index("agg-east") < p.index("core-2") and len(set(p)) == len(p)
    with pytest.raises(NoPath, match="also in the avoid list"):
        waypoint_path(metro, "campus", "cloud-dc", via=["core-1"], avoid=["core-1"])
    a, b = disjoint_paths(metro, "gnb-5", "core-2", 2)
    assert not {frozenset(e) for e in zip(a, a[1:])} & {frozenset(e) for e in zip(b, b[1:])}


def test_policy_set_diff_digest_and_idempotent_put():
    old, new = PolicySet(), PolicySet()
    rule = FlowRule(match=FlowMatch(src=("port",)), action="drop", devices=("port",), intent_id="i-1")
    z1 = ZtnRule(name="z", event="ddos", scope=["campus"], action="alert", mode="auto")
    old.put(rule)
    old.put(z1)
    new.put(rule.model_copy(update={"intent_id": "i-2"}))  # same rule from another intent: kept as it was
    new.put(z1.model_copy(update={"mode": "approve"}))
    new.put(ZtnRule(name="z2", event="congestion", scope=["port"], action="reroute", mode="approve"))
    ops = {(e.section, e.key, e.op) for e in old.diff(new).entries}
    assert ops == {("ztn", "z", "change"), ("ztn", "z2", "add")}
    assert not new.diff(new) and new.digest() == PolicySet.model_validate_json(new.canonical_json()).digest()
    assert {(e.op) for e in new.diff(old).entries} == {"change", "remove"}
    copy = new.copy_set()
    copy.ztn.clear()
    assert len(new.ztn) == 2
