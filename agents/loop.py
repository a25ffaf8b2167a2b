"""The closed loop (zero-touch): node agents watch the twin's telemetry; a condition that holds
becomes an alarm; an alarm a running ``ztn`` rule matches becomes an action, compiled and verified
like any intent and applied commit-confirmed; the action is confirmed only when the network is
better for it a few ticks later, and rolled back otherwise.

    tick ─> node agents of sites and gNBs (int8 detectors: ddos, anomaly) ─┐
        └─> intent assurance (slices, routes, links) ──────────────────────┴─> conditions ─(hysteresis)─> alarms (store)
    alarm ─> ztn rule, auto ───> guardrails ─> apply, commit-confirmed ─(judge_after ticks)─> confirm | roll back
          ├> ztn rule, approve ─> the hub agent, waiting for a person (``tinylarge runs approve``)
          └> no rule ──────────> the hub agent proposes the action of the runbook it retrieves, for a person
    alarm cleared ─> a confirmed mitigation (isolate, rate limit) is withdrawn
    detector alarms judged false ─(retrain_after at a node)─> the hub agent: retrain its detector, approve | auto

Measured by :func:`netmodel.assurance.sla` (broken slice and route promises, congested links,
floods carried unchecked, sites cut off that attack no one): an action helps when the mean count
over its judging ticks is below the count when it was taken (for an action taken on a forecast,
before anything broke: not above it). One action is judged at a time; alarms raised meanwhile
wait their turn. A gNB's alarm and the same alarm at a site it serves are one incident, answered
once (:meth:`ClosedLoop._echo`). With a :class:`agents.forecast.Forecaster`, a link forecast to
congest raises ``congestion`` at the sites whose slices cross it before it happens (the predictive
loop). A node whose detector keeps raising alarms judged false (:mod:`agents.retrain`) gets its
detector retrained: a learning job the loop proposes through the hub agent, approved by a person
(or started, in auto mode), at most once per ``retrain_cooldown`` ticks.
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from netmodel.assurance import Violation, sla
from netmodel.errors import TinyLargeError
from netmodel.manager import NetworkManager, parse_intents
from netmodel.policy import PolicySet, ZtnRule
from netmodel.resolve import resolve_all
from netmodel.store import StaleVersion
from netmodel.telemetry import TelemetrySimulator
from netmodel.twin import link_key
from tiny_nodes.runtime import NodeAgent

from .retrain import FalseAlarms, retrain_job

EVIDENCE = {"ddos": ("pkts_per_s", "mean_pkt_bytes", "syn_ratio", "udp_ratio"),
            "anomaly": ("uplink_util", "uplink_latency_ms", "uplink_loss")}
"""The features an alarm carries (never the node's raw telemetry)."""
ROWS = 64
"""Telemetry rows a detector's condition keeps: those of an alarm judged false train its node."""
MITIGATIONS = ("isolate", "rate_limit")
LIVE = ("applied", "confirmed", "waiting", "alerted")
"""The states of an action that still answers its alarm (an echo of that alarm is not answered again)."""
CONFIRM_TIMEOUT_S = 600.0
"""The deadline of the loop's commit-confirmed changes: the loop judges them within ticks; if it
dies first, the store rolls them back by this deadline."""


@dataclass(frozen=True)
class Guardrails:
    """What bounds the loop's automatic actions (approve-mode actions wait for a person instead)."""

    max_devices: int = 8  # blast radius: devices one automatic action may touch (a rerouted slice: old and new path)
    max_actions: int = 3  # automatic actions ...
    per_ticks: int = 30  # ... within this many ticks
    raise_after: int = 2  # ticks a condition must hold before its alarm is raised
    clear_after: int = 3  # ticks it must be gone before the alarm clears
    judge_after: int = 3  # ticks an action runs before it is confirmed or rolled back
    cooldown: int = 20  # ticks before the same rule acts at the same node again
    retrain_after: int = 3  # alarms of a node's detector judged false before retraining it is proposed
    retrain_cooldown: int = 500  # ticks before retraining the same node is proposed again
    retrain_mode: Literal["approve", "auto"] = "approve"  # a person approves the job, or it starts at once
    retrain_rounds: int = 3  # federated rounds of a retraining job


@dataclass
class Action:
    """One response to an alarm, and what became of it."""

    rule: str
    node: str
    event: str
    action: str
    tick: int
    status: str = "new"  # applied | confirmed | rolled_back | withdrawn | waiting | refused | alerted | no_change
    # (a retraining: waiting | learning | rejected | refused, then retrained | not_deployed | failed)
    why: str = ""
    intents: list[dict] = field(default_factory=list)
    version: int | None = None
    before: int = 0
    after: list[int] = field(default_factory=list)
    drained: tuple[str, str] | None = None
    objects: list[str] = field(default_factory=list)
    run_id: str | None = None
    predicted: bool = False  # taken on a forecast, before anything broke
    base: int = 0  # the version running before it: what rolling it back restores
    grounds: dict = field(default_factory=dict)  # why: the alarm, the rule or the runbook section cited, a note
    job: str | None = None  # a retraining's learning job

    @property
    def changed_network(self) -> bool:
        """Whether it is (or was) a change to the network: not an alert, a refusal or a retraining."""
        return self.action != "retrain" and self.status not in ("alerted", "refused")


@dataclass
class _Condition:
    seen: int = 0
    quiet: int = 0
    alarm: int | None = None
    score: float = 0.0
    evidence: dict = field(default_factory=dict)
    link: tuple[str, str] | None = None
    rows: list = field(default_factory=list)  # a detector condition's telemetry rows (the last ROWS)


@dataclass
class _Drain:
    was_up: bool  # the link's state before the loop drained it: what restoring it puts back
    healthy: int = 0  # ticks in a row its own probe (no fault on it) says it is fine


KILL = -1  # an alarm refused by the kill switch is tried again when the switch is off


@dataclass
class Tick:
    """What one tick saw and did."""

    tick: int
    violations: list[Violation]
    raised: list[tuple[str, str]]
    cleared: list[tuple[str, str]]
    actions: list[Action]


class ClosedLoop:
    """The loop over one network manager, one telemetry source and the node agents of its sites and
    gNBs (:func:`node_agents`).

    ``hub`` (an :class:`agents.hub.HubAgent` on the same store) takes the actions that wait for a
    person, proposes from its runbooks for alarms no rule covers and runs the retraining jobs;
    without one those actions are refused, and the proposals are alerts. ``echo`` hears every
    alarm and action as a line.
    """

    def __init__(self, manager: NetworkManager, sim: TelemetrySimulator, agents: Mapping[str, Any],
                 guard: Guardrails | None = None, hub: Any = None, echo: Callable[[str], None] | None = None,
                 act: bool = True, forecaster: Any = None) -> None:
        self.manager, self.sim, self.agents = manager, sim, dict(agents)
        self.guard, self.hub, self.echo, self.act = guard or Guardrails(), hub, echo, act
        self.forecaster = forecaster  # agents.forecast.Forecaster: congestion raised before it happens
        self.store = manager.store
        self.actions: list[Action] = []
        self._conditions: dict[tuple[str, str], _Condition] = {}
        self._todo: list[tuple[str, str]] = []
        self._pending: Action | None = None
        self._last: dict[tuple[str, str], int] = {}
        self._releases: list[tuple[str, str]] = []  # cleared alarms whose mitigation waits to be withdrawn
        self._drained: dict[tuple[str, str], _Drain] = {}
        self._waiting: list[Action] = []  # with a person, through the hub agent
        self._blocked: dict[tuple[str, str], int] = {}  # alarm -> tick from which to try again (KILL: switch off)
        self.last_snapshot: Any = None  # the telemetry of the last tick (the API serves it)
        self._gnb_of: dict[str, list[str]] = {}  # site -> the gNBs serving it
        self.false_alarms = FalseAlarms(self.store, self.agents, sim.served)
        self._learning: list[Action] = []  # retrainings whose job runs
        self._proposed: dict[str, int] = {}  # node -> tick its retraining was last proposed
        for gnb, sites in sim.served.items():
            for site in sites:
                self._gnb_of.setdefault(site, []).append(gnb)

    def run(self, ticks: int, on_tick: Callable[[Tick], None] | None = None) -> list[Tick]:
        out = []
        for _ in range(ticks):
            out.append(self.tick())
            if on_tick:
                on_tick(out[-1])
        return out

    def tick(self) -> Tick:
        """One tick: telemetry, alarms, then (unless watching only) judging, withdrawing, restoring and acting.
        The loop makes one change at a time: nothing else commits while an action is being judged."""
        running = self.manager.running
        self.sim.policies = running
        snap = self.last_snapshot = self.sim.step()
        violations = sla(snap, running)
        raised, cleared = self._hysteresis(self._detect(snap, violations, running), snap.t)
        self.false_alarms.observe(snap, violations)
        for node in self.false_alarms.poll():
            self._say(f"tick {snap.t}: an alarm at {node} judged false by a person")
        before = len(self.actions)
        self._releases += cleared
        if self.act:
            killed = self.store.loop_killed()
            if self._pending is not None:
                if killed:
                    a = self._pending
                    self._undo(a, snap.t, "the kill switch is on")
                    self._blocked[(a.event, a.node)] = KILL  # tried again once the switch is off
                else:
                    self._judge(snap.t, violations)
            self._poll(snap.t)
            if not killed and self._pending is None:
                for key in self._releases:
                    self._release(key, snap.t)
                self._releases = []
                self._restore(snap)
            self._retry(snap.t, killed)
            while self._todo and self._pending is None:
                self._respond(self._todo.pop(0), snap.t, violations)
            self._retrain(snap.t, killed)
            self._learnt(snap.t)
        return Tick(snap.t, violations, raised, cleared, self.actions[before:])

    def stop(self) -> None:
        """Leave nothing half-done: an action still being judged is rolled back (its deadline would
        otherwise do it later, with the loop no longer there to restore what it drained)."""
        if self._pending is not None:
            self._undo(self._pending, self.sim.t, "the loop stopped before judging it")

    def open_alarms(self) -> list[tuple[str, str]]:
        """(event, node) of the alarms raised and not cleared."""
        return [k for k, c in sorted(self._conditions.items()) if c.alarm is not None]

    # -- seeing ------------------------------------------------------------------------------
    def _detect(self, snap: Any, violations: list[Violation], running: PolicySet) -> dict[tuple[str, str], tuple]:
        """(event, node) -> (score, evidence, link) of every condition that holds this tick."""
        found: dict[tuple[str, str], tuple] = {}
        for node, alarm in NodeAgent.observe_all(list(self.agents.values()), snap).items():
            if alarm is not None:
                evidence = {k: round(float(alarm.features[k]), 4) for k in EVIDENCE.get(alarm.kind, ())}
                link = snap.uplink(node) if alarm.kind == "anomaly" else None  # what its uplink features measure
                if link is not None:
                    evidence["uplink"] = "--".join(link)
                found[(alarm.kind, node)] = (alarm.score, evidence, link, snap.features(node))
        for v in violations:
            if v.event in ("link_down", "latency_violation", "congestion"):
                found.setdefault((v.event, v.node), (1.0, {"subject": v.subject, "message": v.message}, v.link, None))
        if self.forecaster is not None:
            for link, p in self.forecaster.observe(snap).items():  # congestion raised where slices cross the link
                for site in sorted({site for s in running.slices.values() for site in s.sites_over(*link)}):
                    found.setdefault(("congestion", site), (p, {
                        "forecast": round(p, 3), "link": "--".join(link), "within_ticks": self.forecaster.horizon},
                        link, None))
        return found

    def _hysteresis(self, found: dict, tick: int) -> tuple[list, list]:
        raised, cleared = [], []
        for key in sorted(set(self._conditions) | set(found)):
            c = self._conditions.setdefault(key, _Condition())
            if key in found:
                c.seen, c.quiet = c.seen + 1, 0
                c.score, c.evidence, c.link, row = found[key]
                if row is not None:  # kept in place: an alarm being judged holds this very list
                    if c.alarm is None and c.seen == 1:
                        c.rows = []
                    c.rows.append(row)
                    del c.rows[:-ROWS]
                if c.alarm is None and c.seen >= self.guard.raise_after:
                    c.alarm = self.store.raise_alarm(key[1], key[0], c.score, tick, c.evidence)
                    if key[0] in EVIDENCE:  # a detector's alarm: judged false or real when it clears
                        self.false_alarms.raised(c.alarm, key[0], key[1], c.rows)
                    raised.append(key)
                    self._todo.append(key)
                    self._say(f"tick {tick}: alarm {key[0]} at {key[1]} (score {c.score:.2f})")
            else:
                c.seen, c.quiet = 0, c.quiet + 1
                if c.alarm is not None and c.quiet >= self.guard.clear_after:
                    self.store.clear_alarm(c.alarm, tick)
                    false = self.false_alarms.cleared(c.alarm)
                    c.alarm = None
                    cleared.append(key)
                    self._say(f"tick {tick}: {key[0]} at {key[1]} cleared" + (" (judged false)" if false else ""))
                if c.alarm is None and c.quiet > self.guard.clear_after:
                    del self._conditions[key]
        return raised, cleared

    # -- acting ------------------------------------------------------------------------------
    def _rules(self, event: str, node: str) -> list[ZtnRule]:
        return [r for r in self.manager.running.ztn.values()
                if r.event == event and node in resolve_all(self.manager.g, r.scope)]

    def _respond(self, key: tuple[str, str], tick: int, violations: list[Violation]) -> None:
        c = self._conditions.get(key)
        if c is None or c.alarm is None:
            return  # cleared before its turn came
        event, node = key
        echoed = self._echo(event, node)
        if echoed is not None:
            self.store.log("loop", "loop_echo", {"node": node, "event": event, "answered_at": echoed, "tick": tick})
            self._say(f"tick {tick}: {event} at {node} echoes {event} at {echoed}: answered there")
            return
        rules = self._rules(event, node)
        predicted = "forecast" in c.evidence
        alarm = f"{event} at {node} (score {c.score:.2f})"
        if rules:
            rule = rules[0]
            self._take(Action(rule.name, node, event, rule.action, tick, predicted=predicted,
                              grounds={"alarm": alarm, "rule": rule.name}), rule.mode, rule.rate_mbps, c, violations)
            return
        if self.hub is None:  # no rule covers it: the hub proposes from the runbooks, always for a person
            proposal = {"action": "alert", "runbook": None, "note": "no hub agent to propose from the runbooks: only an alert"}
        else:
            proposal = self.hub.runbook(event, f"{alarm}; evidence {c.evidence}")
        self._take(Action("runbook", node, event, proposal["action"], tick, predicted=predicted,
                          grounds={"alarm": alarm, "runbook": proposal["runbook"], "note": proposal["note"]}),
                   "approve", None, c, violations)

    def _echo(self, event: str, node: str) -> str | None:
        """The node whose alarm answers the same incident, when ``node``'s alarm only echoes it: a
        gNB sees the flood or the degraded path of a site it serves, and the site sees its gNB's.
        One incident gets one response: at the site when a rule covers the site's alarm, or when no
        rule covers the gNB's; at the gNB otherwise. Assurance events are raised once each already."""
        if event not in EVIDENCE:
            return None
        for site in self.sim.served.get(node, ()):  # node is a gNB
            c = self._conditions.get((event, site))
            if c is not None and (c.alarm is not None or c.seen) and (self._rules(event, site) or not self._rules(event, node)):
                return site
        for gnb in self._gnb_of.get(node, ()):  # node is a site
            c = self._conditions.get((event, gnb))
            if c is not None and c.alarm is not None and any(
                    (a.event, a.node) == (event, gnb) and a.status in LIVE for a in self.actions):
                return gnb
        return None

    def _intents(self, a: Action, rate: float | None, c: _Condition) -> list[dict]:
        if a.action == "isolate":
            return [{"kind": "sdn.block", "src": a.node, "dst": "any"}]
        if a.action == "rate_limit":
            return [{"kind": "sdn.rate_limit", "src": a.node, "dst": "any", "rate_mbps": rate or 50.0}]
        running = self.manager.running
        if a.action == "reroute" and c.link is not None:
            a.drained = c.link
            return [{"kind": "slice.modify", "name": s.name, "bandwidth_mbps": s.bandwidth_mbps}
                    for s in running.slices.values() if s.sites_over(*c.link)]
        if a.action == "scale_slice":
            return [{"kind": "slice.modify", "name": s.name, "bandwidth_mbps": s.bandwidth_mbps * 1.5}
                    for s in running.slices.values() if a.node in s.sites]
        return []

    def _record(self, a: Action, **extra: Any) -> None:
        self.store.log("loop", "loop_action", {"rule": a.rule, "node": a.node, "event": a.event, "action": a.action,
                                               "status": a.status, "tick": a.tick, **extra})

    def _refused(self, a: Action, why: str, retry_at: int | None = None) -> None:
        """Refuse ``a``; with ``retry_at`` (a tick, or KILL) its alarm is tried again then if still open."""
        a.status, a.why = "refused", why
        if retry_at is not None:
            self._blocked[(a.event, a.node)] = retry_at
        self._record(a, why=why)
        self._say(f"tick {a.tick}: {a.action} at {a.node} refused: {why}")

    def _retry(self, tick: int, killed: bool) -> None:
        for key, at in list(self._blocked.items()):
            c = self._conditions.get(key)
            if c is None or c.alarm is None:
                del self._blocked[key]
            elif (at == KILL and not killed) or (at != KILL and tick >= at):
                del self._blocked[key]
                self._todo.append(key)

    def _take(self, a: Action, mode: str, rate: float | None, c: _Condition, violations: list[Violation]) -> None:
        self.actions.append(a)
        if a.action == "alert":
            a.status = "alerted"
            self._record(a, evidence=c.evidence, grounds=a.grounds)
            self._say(f"tick {a.tick}: alert: {a.event} at {a.node}{_cited(a)}")
            return
        a.intents = self._intents(a, rate, c)
        if not a.intents:
            return self._refused(a, f"nothing to {a.action} for {a.event} at {a.node}")
        if a.action == "isolate" and self.manager.g.nodes[a.node]["role"] not in ("site", "ran"):
            return self._refused(a, f"{a.node} is infrastructure: never isolated automatically")
        if mode == "approve":
            if self.hub is None:
                return self._refused(a, "the action waits for a person, and no hub agent is attached to ask one")
            self._drain(a)  # taking a failing link out of service changes no policy; the re-placement waits
            state = self.hub.ask(intents=a.intents, actor="loop", source="alarm", grounds=a.grounds)
            a.status, a.run_id = state["status"], state["run_id"]
            self._waiting.append(a)
            self._say(f"tick {a.tick}: {a.action} at {a.node} waits for approval (run {a.run_id}){_cited(a)}")
            return
        if self.store.loop_killed():
            return self._refused(a, "the kill switch is on", KILL)
        recent = [x for x in self.actions if x.version is not None and x.run_id is None
                  and x.tick > a.tick - self.guard.per_ticks]
        if len(recent) >= self.guard.max_actions:
            return self._refused(a, f"{len(recent)} automatic actions in the last {self.guard.per_ticks} ticks "
                                    f"(at most {self.guard.max_actions})", recent[0].tick + self.guard.per_ticks)
        last = self._last.get((a.rule, a.node))
        if last is not None and a.tick - last < self.guard.cooldown:
            return self._refused(a, f"{a.rule} acted at {a.node} {a.tick - last} ticks ago "
                                    f"(cooldown {self.guard.cooldown})", last + self.guard.cooldown)
        self._apply(a, len(violations))

    def _apply(self, a: Action, before: int) -> None:
        active = self.store.active_version()
        a.base = active.id if active is not None else 0
        self._drain(a)
        try:
            r = self.manager.apply(parse_intents(a.intents), source="loop", actor="loop",
                                   text=f"{a.rule}: {a.action} on {a.event} at {a.node}",
                                   confirm_timeout_s=CONFIRM_TIMEOUT_S, max_devices=self.guard.max_devices)
        except TinyLargeError as e:
            self._undrain(a)
            return self._refused(a, e.message)
        except BaseException:
            self._undrain(a)
            raise
        self._last[(a.rule, a.node)] = a.tick
        if r.status == "no_change":
            a.status = "no_change"
            self._undrain(a)
            return
        a.status, a.version, a.before = "applied", r.version, before
        a.objects = _mitigation(a, r.produced)
        self._pending = a
        self._say(f"tick {a.tick}: {a.action} at {a.node} applied as version {r.version} (commit-confirmed)")

    # -- links the loop takes out of service ----------------------------------------------------
    def _drain(self, a: Action) -> None:
        if a.drained and a.drained not in self._drained:
            self._drained[a.drained] = _Drain(was_up=bool(self.manager.g.edges[a.drained]["up"]))
            self.manager.set_link(*a.drained, up=False, actor="loop")  # drained: routing avoids it

    def _undrain(self, a: Action) -> None:
        if a.drained and (d := self._drained.pop(a.drained, None)) is not None:
            self.manager.set_link(*a.drained, up=d.was_up, actor="loop")

    def _restore(self, snap: Any) -> None:
        """Put a drained link back in service once its own probe has found no fault on it for
        ``clear_after`` ticks (the slices moved off it stay where they are)."""
        faulty = {f.target for f in snap.faults if isinstance(f.target, tuple)}  # the simulator keys links by link_key
        for link, d in list(self._drained.items()):
            d.healthy = 0 if link_key(*link) in faulty else d.healthy + 1
            if d.healthy >= self.guard.clear_after and not any(w.drained == link for w in self._waiting):
                del self._drained[link]
                self.manager.set_link(*link, up=d.was_up, actor="loop")
                self.store.log("loop", "loop_restore", {"link": "--".join(link), "tick": snap.t})
                self._say(f"tick {snap.t}: link {'--'.join(link)} healthy again: back in service")

    # -- judging ---------------------------------------------------------------------------------
    def _judge(self, tick: int, violations: list[Violation]) -> None:
        a = self._pending
        a.after.append(len(violations))
        if len(a.after) < self.guard.judge_after:
            return
        self._pending = None
        pending = self.manager.network.pending()
        if pending is None or pending.id != a.version:  # someone else's commit confirmed it meanwhile
            a.status, a.why = "confirmed", "confirmed by a later commit before it was judged"
            self._record(a, why=a.why)
            return
        mean = sum(a.after) / len(a.after)
        if mean < a.before or (a.predicted and mean <= a.before):  # taken early: nothing broke, nothing may
            self.manager.confirm(actor="loop", version=a.version)  # never another writer's pending version
            a.status = "confirmed"
            self._say(f"tick {tick}: {a.action} at {a.node} confirmed (SLA violations {a.before} -> {mean:.1f})")
            return
        self._undo(a, tick, f"SLA violations {a.before} -> {mean:.1f} over {len(a.after)} ticks: no better")

    def _undo(self, a: Action, tick: int, why: str) -> None:
        """Roll the action back to the version it was applied on, and put back what it drained."""
        self._pending = None
        a.why = why
        try:  # only while it is the running version: a later change on top of it is never undone with it
            self.manager.rollback(a.base, reason=f"loop: {a.action} for {a.event} at {a.node}: {why}", actor="loop",
                                  base=a.version)
        except StaleVersion:
            a.status, a.why = "confirmed", f"{why}; left in force: a later change was committed on top of it"
            self._record(a, why=a.why)
            self._say(f"tick {tick}: {a.action} at {a.node} left in force ({a.why})")
            return
        self._undrain(a)
        a.status = "rolled_back"
        self._say(f"tick {tick}: {a.action} at {a.node} rolled back ({why})")

    def _poll(self, tick: int) -> None:
        """What became of the actions a person was asked about."""
        for a in list(self._waiting):
            state = self.hub.state(a.run_id)
            if state.get("status") == "waiting":
                continue
            self._waiting.remove(a)
            if a.action == "retrain":
                self._started(a, state, tick)
                continue
            a.status = {"assured": "confirmed", "applied": "confirmed"}.get(state.get("status"), state.get("status"))
            out = state.get("outcome") or {}
            a.version = out.get("version")
            a.objects = _mitigation(a, out.get("produced") or {}) if a.status == "confirmed" else []
            if a.status != "confirmed":
                self._undrain(a)
            self._say(f"tick {tick}: {a.action} at {a.node}: {a.status} by a person (run {a.run_id})")

    # -- retraining a detector that keeps raising false alarms ------------------------------------
    def _retrain(self, tick: int, killed: bool) -> None:
        """Propose retraining the detector of each node with ``retrain_after`` alarms judged false,
        unless its last proposal is waiting, learning or within ``retrain_cooldown`` ticks."""
        g = self.guard
        for node, ids in list(self.false_alarms.counted.items()):
            last = self._proposed.get(node)
            busy = any(a.node == node and a.status in ("waiting", "learning") for a in self._waiting + self._learning)
            if len(ids) < g.retrain_after or busy or (last is not None and tick - last < g.retrain_cooldown):
                continue
            del self.false_alarms.counted[node]
            self._proposed[node] = tick
            a = Action("retrain", node, "false_alarm", "retrain", tick, grounds={
                "alarms": ids, "note": f"{len(ids)} alarms of {node}'s detector judged false"})
            self.actions.append(a)
            auto = g.retrain_mode == "auto"
            if self.hub is None:
                self._refused(a, "retraining goes through the hub agent, and none is attached")
            elif auto and killed:
                self._refused(a, "the kill switch is on")
            elif auto and self.hub.engines.runner is None:
                self._refused(a, "the hub agent has no job runner to retrain with")
            else:
                state = self.hub.propose_job(retrain_job(node, g.retrain_rounds), grounds=a.grounds, approved=auto)
                a.run_id = state["run_id"]
                self._record(a, run=a.run_id, alarms=ids)
                if state["status"] == "waiting":
                    a.status = "waiting"
                    self._waiting.append(a)
                    self._say(f"tick {tick}: retrain the detector of {node} ({a.grounds['note']}) waits for approval "
                              f"(run {a.run_id})")
                else:
                    self._started(a, state, tick)

    def _started(self, a: Action, state: dict, tick: int) -> None:
        """A retraining a person decided on (or the loop started, in auto mode)."""
        started = (state.get("learning") or {}).get("started") or []
        if not started:
            a.status = state.get("status", "rejected")
            self._record(a, run=a.run_id)
            self._say(f"tick {tick}: retrain at {a.node}: {a.status}")
            return
        a.status, a.job = "learning", started[0]
        self._learning.append(a)
        self._record(a, run=a.run_id, job=a.job)
        self._say(f"tick {tick}: retrain at {a.node}: job {a.job} started")

    def _learnt(self, tick: int) -> None:
        """Retraining jobs that ended: the new detector deployed, kept out by the deployment gate, or failed."""
        for a in list(self._learning):
            job = self.store.job(a.job)
            if job.status not in ("done", "failed", "cancelled"):
                continue
            self._learning.remove(a)
            verdict = ((job.result or {}).get("deployed") or {}).get(a.node) or {}
            a.status = ("retrained" if verdict.get("deployed") else "not_deployed") if job.status == "done" else job.status
            if a.status == "retrained":  # alarms judged false of the detector it replaced count no more
                self.false_alarms.counted.pop(a.node, None)
            a.why = verdict.get("reason") or (job.result or {}).get("error") or ""
            self._record(a, job=a.job, why=a.why)
            self._say(f"tick {tick}: retrain at {a.node}: {a.status}" + (f" ({a.why})" if a.why else ""))

    def _release(self, key: tuple[str, str], tick: int) -> None:
        """The alarm a confirmed mitigation answered has cleared: take the mitigation out."""
        event, node = key
        for a in self.actions:
            if a.status == "confirmed" and (a.event, a.node) == key and a.objects:
                live = [o for o in a.objects if o.partition("/")[2] in self.manager.running.acls]
                if live:
                    self.manager.withdraw(live, reason=f"loop: {event} at {node} cleared", actor="loop")
                a.status = "withdrawn"
                self._say(f"tick {tick}: {a.action} at {node} withdrawn: {event} cleared")

    def _say(self, line: str) -> None:
        if self.echo:
            self.echo(line)


def node_agents(sim: TelemetrySimulator, deployed: Path | None = None) -> dict[str, NodeAgent]:
    """One node agent per site and per gNB that serves sites, each reading its own row of ``sim``'s
    telemetry with the shipped int8 site detector (valid on gNB rows: tests/test_loop.py measures
    it) or the one a learning job deployed to it since (kept under ``deployed``)."""
    return {n: NodeAgent.default(n, flows=False, deployed=deployed) for n in [*sim.sites, *sim.served]}


def _cited(a: Action) -> str:
    """Where a proposal without a rule comes from: the runbook section cited, or why there is none."""
    if a.rule != "runbook":
        return ""
    book = a.grounds.get("runbook")
    return f" (proposed by {book['source']})" if book else f" ({a.grounds.get('note')})"


def _mitigation(a: Action, produced: dict[str, list[str]]) -> list[str]:
    """The ACLs (``acls/<key>``) an isolation or rate limit put in force, which its release withdraws."""
    return [f"acls/{k}" for keys in produced.values() for k in keys] if a.action in MITIGATIONS else []


def summary(ticks: list[Tick], actions: list[Action], fault_at: int) -> dict[str, Any]:
    """What a run did, as the loop's bench and CLI report it (ticks count from 0; faults from ``fault_at``)."""
    hit = [k for k in ticks if k.tick >= fault_at]
    detected = next((k.tick for k in hit if k.raised), None)
    broken = next((i for i, k in enumerate(hit) if k.violations), None)
    mitigated = None if broken is None else next((k.tick for k in hit[broken:] if not k.violations), None)
    changes = [a for a in actions if a.changed_network]
    return {"SLA-violation ticks": sum(1 for k in ticks if k.violations),
            "violations (summed over ticks)": sum(len(k.violations) for k in ticks),
            "ticks to detect": "-" if detected is None else detected - fault_at,
            "ticks to mitigate": "-" if mitigated is None else mitigated - fault_at,
            "changes": ", ".join(f"{a.action}@{a.node}: {a.status}" for a in changes) or "none",
            "alerts": sum(1 for a in actions if a.status == "alerted"),
            "refused": sum(1 for a in actions if a.status == "refused"),
            "retrainings": ", ".join(f"{a.node}: {a.status}" for a in actions if a.action == "retrain") or "none"}
