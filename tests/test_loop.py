"""The closed loop on the metro6g twin: the real int8 node detectors, the real store and compiler,
the telemetry simulator's faults."""
from __future__ import annotations

import pytest

from agents.hub import HubAgent
from agents.loop import ClosedLoop, Guardrails, node_agents, summary
from agents.scenarios import SCENARIOS, rule
from netmodel.errors import Conflict
from netmodel.manager import NetworkManager, parse_intents
from netmodel.store import Store
from netmodel.telemetry import TelemetrySimulator
from tiny_nodes.runtime import NodeAgent
from tools.network import Engines

FAULT, DURATION = 5, 40


def make(tmp_path, scenario: str, seed: int = 3, gnbs: bool = True, **kw) -> ClosedLoop:
    """The scenario on metro6g with a node agent per site and gNB (``gnbs=False``: per site only)."""
    m = NetworkManager(Store.at(tmp_path / "loop.db"))
    sim = TelemetrySimulator(m.g, seed=seed, start_minute=21 * 60)
    SCENARIOS[scenario].setup(m, sim, start=FAULT, duration=DURATION)
    agents = {n: a for n, a in node_agents(sim).items() if gnbs or n in sim.sites}
    return ClosedLoop(m, sim, agents, **kw)


@pytest.mark.parametrize("scenario,event", [("ddos", "rate_limit"), ("link_down", "reroute"),
                                            ("latency", "reroute"), ("congestion", "reroute")])
def test_each_scenario_is_mitigated_with_the_loop_on_and_still_violating_with_it_off(tmp_path, scenario, event):
    off = make(tmp_path / "off", scenario, act=False)
    off_ticks = off.run(30)
    assert all(k.violations for k in off_ticks[FAULT:30]) and not off.actions  # it sees, and does nothing
    on = make(tmp_path / "on", scenario)
    ticks = on.run(30)
    s = summary(ticks, on.actions, FAULT)
    assert s["ticks to detect"] <= 2 and s["ticks to mitigate"] <= 6, s
    assert not any(k.violations for k in ticks[FAULT + 6:30])
    (act,) = [a for a in on.actions if a.status == "confirmed"]
    assert act.action == event and on.manager.store.audit(1, action="confirm")[0].actor == "loop"


def test_a_congested_gnb_backhaul_is_answered_by_the_gnb_agent(tmp_path):
    """The fan zone's gNB backhaul congests; the only rule is scoped to gNBs. The gNB's node agent
    raises the alarm at gnb-3 and the rule reroutes the slice off its uplink; with the loop off, or
    with agents on the sites only, the violations last as long as the fault."""
    on = make(tmp_path / "on", "gnb_congestion")
    ticks = on.run(30)
    (act,) = [a for a in on.actions if a.status == "confirmed"]
    assert (act.node, act.event, act.action, act.rule) == ("gnb-3", "anomaly", "reroute", "anomaly-reroute-ran")
    assert act.drained == ("agg-north", "gnb-3") and "gnb-3" not in on.manager.running.slices["fans"].paths["stadium"][2:]
    assert not any(k.violations for k in ticks[FAULT + 6:30])
    raised = [a for a in on.manager.store.alarms() if a.node == "gnb-3"]
    assert raised and raised[0].evidence["uplink"] == "agg-north--gnb-3"
    for off in (make(tmp_path / "off", "gnb_congestion", act=False), make(tmp_path / "sites", "gnb_congestion", gnbs=False)):
        assert all(k.violations for k in off.run(30)[FAULT + 1:30])
        assert not [a for a in off.actions if a.status == "confirmed"]


def test_a_flood_seen_by_the_site_and_its_gnb_is_answered_once(tmp_path):
    loop = make(tmp_path, "ddos")
    loop.run(FAULT + 8)
    assert {a.node for a in loop.manager.store.alarms() if a.kind == "ddos"} == {"factory-1", "gnb-2"}
    assert [(a.action, a.node) for a in loop.actions if a.event == "ddos"] == [("rate_limit", "factory-1")]
    (echo,) = loop.manager.store.audit(50, action="loop_echo")
    assert echo.detail["node"] == "gnb-2" and echo.detail["answered_at"] == "factory-1"


def test_a_mitigation_is_withdrawn_when_its_alarm_clears(tmp_path):
    loop = make(tmp_path, "ddos")
    loop.run(FAULT + DURATION + 6)
    (act,) = [a for a in loop.actions if a.action == "rate_limit"]
    assert act.status == "withdrawn" and not loop.manager.running.acls
    assert [a.kind for a in loop.manager.store.alarms() if a.node == "factory-1"] == ["ddos"]
    assert loop.manager.store.alarms()[0].cleared_tick is not None or loop.open_alarms()


def test_an_action_that_makes_things_worse_is_rolled_back_by_itself(tmp_path):
    """A rule that answers any anomaly by policing the site to 1 Mbit/s: smart-farm's detector raises a
    false anomaly, the action cuts a tenant off, the SLA gets worse, and the loop rolls it back."""
    loop = make(tmp_path, "none")
    loop.manager.apply(parse_intents([rule("anomaly", "rate_limit", rate_mbps=1)]))
    version = loop.manager.store.active_version().id
    loop.run(12)
    bad = next(a for a in loop.actions if a.action == "rate_limit")
    assert bad.status == "rolled_back" and "no better" in bad.why
    assert not loop.manager.running.acls and loop.manager.store.active_version().id > version
    assert loop.manager.store.audit(20, action="rollback")[0].actor == "loop"


def test_approve_mode_waits_for_a_person_and_then_applies(tmp_path):
    m = NetworkManager(Store.at(tmp_path / "loop.db"))
    sim = TelemetrySimulator(m.g, seed=3, start_minute=21 * 60)
    m.apply(parse_intents([rule("ddos", "isolate", mode="approve")]))
    sim.inject("ddos", "factory-1", start=FAULT, duration=DURATION)
    hub = HubAgent(Engines(m, translator=None))
    loop = ClosedLoop(m, sim, {"factory-1": NodeAgent.default("factory-1", flows=False)}, hub=hub)
    loop.run(15)
    (act,) = [a for a in loop.actions if a.action == "isolate"]
    assert act.status == "waiting" and not m.running.acls  # nothing applied while it waits
    assert hub.state(act.run_id)["waiting_for"]["why"] == ["raised by an alarm"]
    done = hub.resume(act.run_id, approve=True, actor="noc")
    assert done["status"] in ("assured", "applied") and m.running.source_rule("factory-1").action == "drop"


def test_the_kill_switch_stops_every_automatic_action_and_is_audited(tmp_path):
    loop = make(tmp_path, "mixed")
    loop.manager.store.set_loop_killed(True, "noc", "maintenance")
    ticks = loop.run(20)
    assert {a.status for a in loop.actions if a.action != "alert"} == {"refused"}
    assert all("kill switch" in a.why for a in loop.actions if a.status == "refused")
    assert all(k.violations for k in ticks[FAULT + 1:20]) and len(loop.manager.running.acls) == 0
    assert loop.manager.store.audit(50, action="loop_kill")[0].actor == "noc"


def test_the_blast_radius_and_the_action_rate_are_limits(tmp_path):
    narrow = make(tmp_path / "narrow", "link_down", guard=Guardrails(max_devices=2))
    narrow.run(12)
    (act,) = [a for a in narrow.actions if a.action == "reroute"]
    assert act.status == "refused" and "touches" in act.why and "at most 2" in act.why
    assert narrow.manager.g.edges[act.drained]["up"]  # the link it drained to reroute is restored
    slow = make(tmp_path / "slow", "mixed", guard=Guardrails(max_actions=1, per_ticks=100))
    slow.run(15)
    assert [a.status for a in slow.actions if a.action != "alert"] == ["confirmed", "refused"]
    (refused,) = [a for a in slow.actions if a.status == "refused"]
    assert "automatic actions in the last 100 ticks" in refused.why


def test_infrastructure_is_never_isolated_automatically(tmp_path):
    m = NetworkManager(Store.at(tmp_path / "loop.db"))
    with pytest.raises(Conflict, match="isolate infrastructure"):
        m.apply(parse_intents([{"kind": "ztn.policy", "trigger": {"event": "anomaly", "scope": ["role:core"]},
                                "action": "isolate", "mode": "auto"}]))


def test_a_fault_free_thousand_ticks_change_nothing(tmp_path, forecaster_fit):
    """No fault, the rules of every scenario in force, the forecaster on: 1,000 ticks, no change to
    the network; the detectors' false alarms are counted (they only ever alert)."""
    from agents.forecast import Forecaster

    loop = make(tmp_path, "none", forecaster=Forecaster(model=forecaster_fit.model, threshold=forecaster_fit.threshold))
    ticks = loop.run(1000)
    changes = [a for a in loop.actions if a.changed_network]
    assert changes == [] and not any(k.violations for k in ticks)
    assert loop.manager.store.active_version().id == 1  # the scenario's own commit only
    alerts = [a for a in loop.actions if a.status == "alerted"]
    assert all(a.event == "anomaly" for a in alerts)


@pytest.fixture(scope="module")
def forecaster_fit():
    from agents.forecast import Forecaster, history
    from netmodel.twin import load_topology

    return Forecaster().fit(history(load_topology()))  # seed 100: never the runs below


def test_the_forecaster_warns_before_traffic_that_builds_up_and_is_quiet_otherwise(forecaster_fit):
    from agents.forecast import history
    from netmodel.twin import load_topology

    g = load_topology()
    x, y = forecaster_fit.samples(history(g, seed=7))
    said = forecaster_fit.predict(x) >= forecaster_fit.threshold
    assert y[said].mean() >= 0.6 and said[y].mean() >= 0.3  # held out: right most of the time it speaks
    quiet, _ = forecaster_fit.samples(history(g, seed=8, ramps=0))
    assert not (forecaster_fit.predict(quiet) >= forecaster_fit.threshold).any()


def test_the_predictive_loop_moves_the_slice_before_the_link_fills(tmp_path, forecaster_fit):
    from agents.forecast import Forecaster

    reactive = make(tmp_path / "r", "buildup")
    r = reactive.run(25)
    predictive = make(tmp_path / "p", "buildup", forecaster=Forecaster(model=forecaster_fit.model,
                                                                       threshold=forecaster_fit.threshold))
    p = predictive.run(25)
    assert any(k.violations for k in r) and not any(k.violations for k in p)
    (act,) = [a for a in predictive.actions if a.action == "reroute"]
    assert act.predicted and act.status == "confirmed"
    first_broken = next(k.tick for k in r if k.violations)
    assert act.tick < first_broken


def test_the_loop_runs_on_a_generated_twin_from_the_cli(tmp_path):
    """`tinylarge loop run --nodes 1000`: 474 site and 473 gNB agents, a flood and a link failure mitigated."""
    import os
    import subprocess

    from tests.test_cli import EXE

    p = subprocess.run([EXE, "loop", "run", "--scenario", "mixed", "--ticks", "20", "--nodes", "1000"],
                       capture_output=True, text=True, timeout=600, env={**os.environ, "COLUMNS": "200"})
    assert p.returncode == 0, p.stderr
    assert "rate_limit@site-2: confirmed" in p.stdout and "reroute@site-1: confirmed" in p.stdout


def test_a_drained_link_goes_back_in_service_once_its_probe_is_clean(tmp_path):
    loop = make(tmp_path, "link_down")
    loop.run(FAULT + 6)
    (act,) = [a for a in loop.actions if a.action == "reroute"]
    assert act.status == "confirmed" and not loop.manager.g.edges[act.drained]["up"]  # out of service
    loop.run(DURATION + 2)  # the failure ends at tick FAULT + DURATION; clear_after healthy probes later
    assert loop.manager.g.edges[act.drained]["up"] and loop.manager.store.audit(30, action="loop_restore")


def test_the_kill_switch_rolls_back_what_is_being_judged_and_alarms_are_tried_again_after(tmp_path):
    loop = make(tmp_path, "ddos")
    loop.run(FAULT + 2)  # the rate limit is applied, not judged yet
    (act,) = [a for a in loop.actions if a.action == "rate_limit"]
    assert act.status == "applied" and loop.manager.running.acls
    loop.manager.store.set_loop_killed(True, "noc")
    loop.run(3)
    assert act.status == "rolled_back" and "kill switch" in act.why and not loop.manager.running.acls
    loop.manager.store.set_loop_killed(False, "noc")
    loop.run(30)  # cooldown over: the open ddos alarm is acted on again
    again = [a for a in loop.actions if a.action == "rate_limit" and a is not act]
    assert again and again[-1].status == "confirmed" and loop.manager.running.source_rule("factory-1")


def test_a_mitigation_a_person_approved_is_withdrawn_with_its_alarm(tmp_path):
    m = NetworkManager(Store.at(tmp_path / "loop.db"))
    sim = TelemetrySimulator(m.g, seed=3, start_minute=21 * 60)
    m.apply(parse_intents([rule("ddos", "rate_limit", mode="approve", rate_mbps=50)]))
    sim.inject("ddos", "factory-1", start=FAULT, duration=10)
    hub = HubAgent(Engines(m, translator=None))
    loop = ClosedLoop(m, sim, {"factory-1": NodeAgent.default("factory-1", flows=False)}, hub=hub)
    loop.run(FAULT + 3)
    (act,) = loop.actions
    hub.resume(act.run_id, approve=True, actor="noc")
    loop.run(1)
    assert act.status == "confirmed" and act.objects and m.running.source_rule("factory-1")
    loop.run(15)  # the flood ends at FAULT + 10: the alarm clears, the approved rate limit is lifted
    assert act.status == "withdrawn" and m.running.source_rule("factory-1") is None


def test_an_action_judged_after_someone_else_committed_is_not_rolled_back_over_their_change(tmp_path):
    loop = make(tmp_path, "ddos")
    loop.run(FAULT + 2)
    (act,) = [a for a in loop.actions if a.action == "rate_limit"]
    loop.manager.apply(parse_intents([{"kind": "sdn.block", "src": "campus", "dst": "cloud-dc", "protocol": "tcp",
                                       "port": 23}]))  # an operator's commit confirms the pending one
    loop.run(3)
    assert act.status == "confirmed" and "later commit" in act.why and len(loop.manager.running.acls) == 2


def test_the_alarms_of_a_run_are_listed_from_its_store(tmp_path):
    import os
    import subprocess

    from tests.test_cli import EXE

    db, env = str(tmp_path / "loop.db"), {**os.environ, "COLUMNS": "200"}
    run = subprocess.run([EXE, "loop", "run", "--scenario", "ddos", "--ticks", "12", "--db", db], capture_output=True,
                         text=True, timeout=300, env=env)
    assert run.returncode == 0, run.stderr
    shown = subprocess.run([EXE, "loop", "alarms", "--db", db, "--open"], capture_output=True, text=True, timeout=120,
                           env=env)
    assert shown.returncode == 0 and "factory-1" in shown.stdout and "ddos" in shown.stdout
    assert "syn_ratio" in shown.stdout or "pkts_per_s" in shown.stdout  # the evidence, not raw telemetry


@pytest.fixture(scope="module")
def knowledge(tmp_path_factory):
    from knowledge.index import KnowledgeIndex

    index = KnowledgeIndex(tmp_path_factory.mktemp("kb"))
    index.build()
    return index


def flood_without_rules(tmp_path, hub_of) -> tuple[ClosedLoop, HubAgent | None]:
    """A flood at factory-1 and no rule for it: what the hub proposes decides."""
    m = NetworkManager(Store.at(tmp_path / "loop.db"))
    sim = TelemetrySimulator(m.g, seed=3, start_minute=21 * 60)
    sim.inject("ddos", "factory-1", start=FAULT, duration=DURATION)
    hub = hub_of(m)
    return ClosedLoop(m, sim, {"factory-1": NodeAgent.default("factory-1", flows=False)}, hub=hub), hub


def test_an_alarm_no_rule_covers_gets_the_action_of_the_runbook_the_hub_retrieves(tmp_path, knowledge):
    loop, hub = flood_without_rules(tmp_path, lambda m: HubAgent.for_ir(m, index=knowledge))
    loop.run(FAULT + 3)
    (act,) = loop.actions
    assert (act.rule, act.action, act.status) == ("runbook", "rate_limit", "waiting")
    shown = hub.state(act.run_id)["waiting_for"]
    assert shown["grounds"]["runbook"]["source"] == "runbooks.md: DDoS attack (event `ddos`)"
    assert "covers: `rate_limit`" in shown["grounds"]["runbook"]["text"] and "factory-1" in shown["grounds"]["alarm"]
    hub.resume(act.run_id, approve=True, actor="noc")
    loop.run(1)
    assert act.status == "confirmed" and loop.manager.running.source_rule("factory-1").rate_mbps == 50


@pytest.mark.parametrize("event,action", [("anomaly", "alert"), ("link_down", "reroute"), ("congestion", "reroute"),
                                          ("latency_violation", "reroute")])
def test_every_event_s_runbook_is_retrieved_and_names_its_action(tmp_path, knowledge, event, action):
    hub = HubAgent.for_ir(NetworkManager(Store.at(tmp_path / "s.db")), index=knowledge)
    got = hub.runbook(event, f"{event} at stadium")
    assert got["action"] == action and f"(event `{event}`)" in got["runbook"]["source"] and got["note"] is None


def test_without_a_knowledge_index_or_a_hub_the_proposal_is_an_alert_that_says_why(tmp_path):
    for name, hub_of, why in (("no-index", HubAgent.for_ir, "no knowledge index"), ("no-hub", lambda m: None, "no hub")):
        loop, _ = flood_without_rules(tmp_path / name, hub_of)
        loop.run(FAULT + 3)
        (act,) = loop.actions
        assert (act.action, act.status, act.grounds["runbook"]) == ("alert", "alerted", None) and why in act.grounds["note"]
        assert not loop.manager.running.acls


def test_a_detector_that_keeps_alarming_falsely_gets_one_retraining_a_person_approves(tmp_path):
    """Fault-free, smart-farm's detector raises anomaly alarms that clear with no SLA violation: the
    third one judged false makes the loop propose retraining it, once, through the hub agent; a person
    approves, the job runs on the job runner over the loop's own agents, the new int8 detector passes
    the deployment gate and is installed, and smart-farm stops alarming."""
    from federated.jobs import agent_runner, kept_models

    m = NetworkManager(Store.at(tmp_path / "loop.db"))
    sim = TelemetrySimulator(m.g, seed=0, start_minute=21 * 60)
    SCENARIOS["none"].setup(m, sim)
    agents = node_agents(sim)
    hub = HubAgent.for_ir(m, runner=agent_runner(m.store, tmp_path, agents))
    loop = ClosedLoop(m, sim, agents, hub=hub)
    loop.run(300)
    (act,) = [a for a in loop.actions if a.action == "retrain"]
    assert (act.node, act.status) == ("smart-farm", "waiting") and len(act.grounds["alarms"]) == 3
    judged = {a.id: a for a in m.store.alarms(limit=1000)}
    assert all(judged[i].verdict == "false" and judged[i].judged_by == "loop" for i in act.grounds["alarms"])
    assert "retrain the site_detector of smart-farm" in hub.state(act.run_id)["waiting_for"]["readback"][0]
    assert len(agents["smart-farm"].lessons) >= 3  # the rows it alarmed on, labelled normal, stay at the node
    state = hub.resume(act.run_id, approve=True, actor="noc")
    assert state["status"] == "learning" and hub.engines.runner.wait(state["learning"]["started"][0], 300) == "done"
    loop.run(1)
    assert act.status == "retrained" and agents["smart-farm"].version("site") == 2
    assert (kept_models(tmp_path) / "smart-farm" / "site_int8.npz").exists()
    before = sum(1 for a in loop.actions if a.node == "smart-farm" and a.status == "alerted")
    loop.run(300)
    assert [a for a in loop.actions if a.action == "retrain" and a.node == "smart-farm"] == [act]  # exactly one
    assert sum(1 for a in loop.actions if a.node == "smart-farm" and a.status == "alerted") <= before + 1
    assert not [a for a in loop.actions if a.changed_network]


def test_a_real_fault_is_not_a_false_alarm_and_a_person_s_verdict_counts(tmp_path):
    loop = make(tmp_path, "ddos", guard=Guardrails(retrain_after=1))
    loop.run(FAULT + DURATION + 6)  # the flood has ended and its alarms cleared
    alarms = loop.manager.store.alarms(limit=100)
    flood = [a for a in alarms if a.kind == "ddos"]
    assert {a.node for a in flood} == {"factory-1", "gnb-2"} and all(a.cleared_tick and a.verdict is None for a in flood)
    retrain = [a for a in loop.actions if a.action == "retrain"]
    assert {a.node for a in retrain} == {"smart-farm"}  # no hub: refused, and not proposed again within the cooldown
    assert [a.status for a in retrain] == ["refused"] and "hub agent" in retrain[0].why
    loop.manager.store.judge_alarm(flood[0].id, True, "noc", "a load test, not an attack")
    loop.run(1)
    assert [a.node for a in loop.actions if a.action == "retrain"] == ["smart-farm", flood[0].node]


def test_automatic_retraining_obeys_the_kill_switch_and_needs_a_job_runner(tmp_path):
    for name, killed, runner, why in (("killed", True, object(), "kill switch"), ("no-runner", False, None, "job runner")):
        loop = make(tmp_path / name, "none", seed=0, guard=Guardrails(retrain_after=1, retrain_mode="auto"),
                    hub=HubAgent.for_ir(NetworkManager(Store.at(tmp_path / name / "loop.db")), runner=runner))
        loop.manager.store.set_loop_killed(killed, "noc")
        loop.run(120)  # smart-farm's first false alarm has cleared
        (act,) = [a for a in loop.actions if a.action == "retrain"]
        assert act.status == "refused" and why in act.why


def test_a_retraining_proposed_by_the_cli_loop_is_approved_and_run_from_the_cli(tmp_path):
    """`tinylarge loop run` proposes retraining smart-farm's detector; `tinylarge runs show` shows what
    is asked, `tinylarge runs approve` runs the job (the new model is kept for the node's next start),
    and `tinylarge loop judge` records a person's verdict on an alarm."""
    import os
    import re
    import subprocess

    from federated.jobs import kept_models
    from tests.test_cli import EXE

    home = tmp_path / "home"  # its own: the retrained model must not reach other tests' node agents
    db, env = str(tmp_path / "loop.db"), {**os.environ, "COLUMNS": "200", "TINYLARGE_HOME": str(home)}

    def cli(*args: str) -> str:
        p = subprocess.run([EXE, *args, "--db", db], capture_output=True, text=True, timeout=600, env=env)
        assert p.returncode == 0, p.stdout + p.stderr
        return p.stdout

    out = cli("loop", "run", "--scenario", "none", "--seed", "0", "--ticks", "200", "--no-runbooks")
    (run,) = re.findall(r"retrain the detector of smart-farm \(3 alarms of smart-farm's detector judged false\) waits "
                        r"for approval \(run (run-[0-9a-f]+)\)", out)
    assert "retrain the site_detector of smart-farm" in cli("runs", "show", run)
    approved = cli("runs", "approve", run)
    assert re.search(r"job retrain-smart-farm-[0-9a-f]+: done", approved), approved
    assert (kept_models(home) / "smart-farm" / "site_int8.npz").exists()
    first = Store.at(db).alarms(limit=1)[0]
    assert f"alarm {first.id} judged false" in cli("loop", "judge", str(first.id), "--wrong", "--reason", "known noise")
    assert Store.at(db).alarms(limit=1)[0].verdict == "false"
