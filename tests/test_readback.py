"""The read-back an operator approves is rendered from the compiled policies, one line per change."""
from __future__ import annotations

from netmodel.manager import parse_intents
from netmodel.readback import readback


def test_every_change_is_read_back_with_its_verb(manager):
    manager.apply(parse_intents({"kind": "slice.create", "service": "embb", "sites": ["stadium"],
                                 "bandwidth_mbps": 500, "name": "fans"}))
    plan = manager.plan(parse_intents([
        {"kind": "slice.modify", "name": "fans", "bandwidth_mbps": 800},
        {"kind": "sdn.block", "src": "gnb-3", "dst": "smart-farm", "protocol": "tcp", "port": 22},
        {"kind": "sdn.rate_limit", "src": "port", "dst": "any", "rate_mbps": 300},
        {"kind": "sdn.route", "src": "campus", "dst": "cloud-dc", "via": ["agg-east"]},
        {"kind": "ztn.policy", "trigger": {"event": "ddos", "scope": ["role:site"]}, "action": "isolate",
         "mode": "approve", "name": "guard"}]))
    lines = readback(plan.running, plan.candidate)
    assert "CHANGE slice fans: eMBB 500 Mbit/s" in lines[0] and "→ slice fans: eMBB 800 Mbit/s" in lines[0]
    assert "BLOCK tcp/22 traffic from gnb-3 to smart-farm on 1 device(s)" in lines
    assert "LIMIT traffic from port to anywhere to 300 Mbit/s on 1 device(s)" in lines
    assert any(ln.startswith("ROUTE traffic campus → cloud-dc over campus → ") and "agg-east" in ln for ln in lines)
    assert "ADD rule guard: on ddos at 8 node(s), isolate after asking an operator" in lines
    assert len(lines) == 5
    drop = manager.plan(parse_intents({"kind": "slice.delete", "name": "fans"}))
    assert readback(drop.running, drop.candidate) == [
        "REMOVE slice fans: eMBB 500 Mbit/s, at most 20 ms, for stadium, reserved on 3 link(s)"]
