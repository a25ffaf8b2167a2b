"""The hub agent: one LangGraph graph from an operator's request to an applied, assured and
explained change.

    classify ─> translate ─┬─> query ─────────────────────────────────────────────────────> end
    (IR given) ────────────┴─> plan ─┬─> (dry run) ───────────────────────────────────────> end
                                     └─> policy ─> approve ─> apply ─> assure ─┬─> (confirmed) ─> [learn] ─> end
              (refused, rejected, rolled back) ─> explain ─> end               └─> rollback ─> explain
    (a job the loop proposes) ─> propose ─> policy ─> approve ─> learn ─> end

Each step is a typed tool of :mod:`tools.network`; the graph only chooses the next one. State is
checkpointed in the project's store (the same SQLite file or PostgreSQL database), so a run
waiting for approval survives a restart and is resumed by its run id. Every step is also written
to the store's trace (input, output, time), retrievable by run id.

The node agents collaborate through the cascade: ``classify`` runs the classifier of the site
that received the text; what it escalates is stored with the class of the hub's reading, and the
operator's verdict on that reading (an approval, a rejection, or :meth:`HubAgent.feedback`) makes it
that site's training example for the next ``learn.fedft`` job on ``intent_classifier``.

Approval: a change the operator asked for is applied directly unless it touches more than
``approval_devices`` devices or came from an alarm; then the graph stops (a LangGraph interrupt)
with the read-back until a person approves or rejects it. Applied changes are commit-confirmed:
``assure`` confirms them when the twin's telemetry shows them met, and rolls them back otherwise.
"""
from __future__ import annotations

import secrets
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable
from typing import Any, TypedDict

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.types import Command, interrupt

from netmodel.errors import Conflict, InvalidIntent, NothingPending
from netmodel.limits import checked_text
from netmodel.manager import NetworkManager
from netmodel.store import StaleVersion, Store
from tiny_nodes.intent import label_of
from tools.network import Engines, network_tools


class HubState(TypedDict, total=False):
    run_id: str
    text: str | None
    intents: list[dict] | None
    actor: str
    source: str
    node: str | None
    dry_run: bool
    approved: bool
    classification: dict
    record: dict
    plan: dict
    policy: dict
    decision: dict
    outcome: dict
    assurance: dict
    learning: dict
    answer: dict
    explanation: dict
    grounds: dict
    job: dict
    status: str


def checkpointer_for(store: Store) -> BaseCheckpointSaver:
    """LangGraph's saver on the store's own database: SQLite file or PostgreSQL."""
    url = store.engine.url
    if url.get_backend_name() == "postgresql":
        import psycopg
        from langgraph.checkpoint.postgres import PostgresSaver
        from psycopg.rows import dict_row

        conn = psycopg.connect(url.set(drivername="postgresql").render_as_string(hide_password=False),
                               autocommit=True, prepare_threshold=0, row_factory=dict_row)
        saver: BaseCheckpointSaver = PostgresSaver(conn)
    else:
        from langgraph.checkpoint.sqlite import SqliteSaver

        saver = SqliteSaver(sqlite3.connect(url.database or ":memory:", check_same_thread=False, timeout=60))
    saver.setup()
    return saver


def load_hub(store: Store | None = None, echo: Callable[[str], None] | None = None,
             manager: NetworkManager | None = None, **options: Any) -> HubAgent:
    """The hub agent over ``store`` with the real engines: the LoRA translator with retrieval
    (llama.cpp), the same model without retrieval for requests the node classifier is sure of,
    the node's int8 intent classifier, the knowledge base's runbooks, and a job runner over the
    node agents of sites and gNBs (each classifies the text that reaches its site with its own model; new models
    pass the deployment gate, are pushed to them and kept for the next start; ``echo`` hears each
    round)."""
    from federated.jobs import site_runner
    from llm_core.hub import load_translator
    from llm_core.translator import Translator
    from netmodel.config import default_home
    from tiny_nodes.deployed import artifact_path, shipped_models
    from tiny_nodes.intent import IntentClassifier

    manager = manager or NetworkManager(store or Store())  # given: the API's, whose driver may be the lab
    manager.providers["models"] = lambda _: {"models": shipped_models()}
    full = load_translator(manager.store)
    runner = site_runner(manager.store, default_home(), [n for n, r in manager.g.nodes(data="role") if r in ("site", "ran")],
                         echo=echo)
    engines = Engines(manager, full, fast=Translator(full.backend, manager.g),
                      classifier=IntentClassifier.load(artifact_path("intent_int8.npz")), index=full.retriever.index,
                      agents={n: sink.agent for n, sink in runner.agents.items()}, runner=runner)
    return HubAgent(engines, **options)


class HubAgent:
    """Runs requests through the graph; ``ask`` starts a run, ``resume`` answers a waiting approval."""

    def __init__(self, engines: Engines, checkpointer: BaseCheckpointSaver | None = None, *,
                 approval_devices: int = 5, confirm_timeout_s: float = 300.0) -> None:
        self.engines, self.store = engines, engines.manager.store
        self.tools = network_tools(engines)
        self.approval_devices, self.confirm_timeout_s = approval_devices, confirm_timeout_s
        self.graph = self._graph().compile(checkpointer=checkpointer or checkpointer_for(self.store))

    @classmethod
    def for_ir(cls, manager: NetworkManager, index: Any = None, runner: Any = None, **options: Any) -> HubAgent:
        """A hub for what is already IR (approvals, feedback, the closed loop's actions): no language
        model loads; ``index`` (the knowledge base) gives the runbooks, ``runner`` runs learning jobs."""
        return cls(Engines(manager, translator=None, index=index, runner=runner), **options)

    # -- running ---------------------------------------------------------------------------------
    def ask(self, text: str | None = None, *, intents: list[dict] | None = None, actor: str = "operator",
            source: str = "cli", dry_run: bool = False, approved: bool = False, node: str | None = None,
            grounds: dict | None = None, run_id: str | None = None) -> dict:
        """Run one request (text, or IR ``intents``); returns the run's state (``status`` says where it ended).
        ``node`` is the site whose node agent received the text: its classifier runs the cascade, and
        an utterance it escalates is kept as that site's training example once an operator judges
        the hub's reading. ``grounds`` say why a proposal is made (the alarm, the rule or the runbook
        section it comes from); a person asked to approve sees them."""
        if (text is None) == (intents is None):
            raise ValueError("ask needs either text or intents")
        text = checked_text(text) if text is not None else None  # refused in one line before a run exists
        if text is None and intents is None:
            raise InvalidIntent("the request is empty")
        if node is not None:
            self.engines.agent(node)  # an unknown site is refused before a run exists
        run_id = run_id or "run-" + secrets.token_hex(4)  # given: a caller streaming the run's steps knows it first
        self.store.start_run(run_id, actor=actor, source=source, text=text)
        start = HubState(run_id=run_id, text=text, intents=intents, actor=actor, source=source, dry_run=dry_run,
                         approved=approved, node=node, grounds=grounds or {})
        return self._run(run_id, start)

    def resume(self, run_id: str, approve: bool, actor: str = "operator") -> dict:
        """Approve or reject the plan a run is waiting on (also after a restart: state is in the store)."""
        run, _ = self.store.run(run_id)  # UnknownEntity for a run that never was
        if self.state(run_id).get("status") != "waiting" or not self.store.claim_waiting_run(run_id):
            raise Conflict(f"run {run_id} is not waiting for approval (it is {self.store.run(run_id)[0].status})")
        return self._run(run_id, Command(resume={"approve": approve, "actor": actor}))

    def propose_job(self, job: dict, *, grounds: dict, actor: str = "loop", approved: bool = False) -> dict:
        """Run a learning job the closed loop proposes (a node's detector retrained): it changes no
        policy, so it is not planned or applied; it waits for a person like any change raised by an
        alarm (unless ``approved``, the loop's auto mode), then starts on the job runner."""
        run_id = "run-" + secrets.token_hex(4)
        self.store.start_run(run_id, actor=actor, source="alarm", text=None)
        return self._run(run_id, HubState(run_id=run_id, job=job, actor=actor, source="alarm", approved=approved,
                                          grounds=grounds))

    def runbook(self, event: str, about: str = "") -> dict:
        """What the runbooks propose for an alarm no rule covers (:func:`tools.network.runbook`)."""
        return self._call("runbook", event=event, about=about)

    def feedback(self, run_id: str, right: bool, actor: str = "operator") -> None:
        """The operator's verdict on the hub's reading of a run's text (for runs nobody approved:
        questions, dry runs, changes within policy); it labels the escalated utterance."""
        self.store.run(run_id)  # UnknownEntity for a run that never was
        if self.state(run_id).get("status") == "waiting":
            raise Conflict(f"run {run_id} is waiting for approval: approve or reject it instead")
        if not self.store.judge_escalation(run_id, right, actor):
            raise Conflict(f"run {run_id} escalated nothing to learn from: no node was unsure of its text")

    def state(self, run_id: str) -> dict:
        """The run's state; a run stopped at an approval has status ``waiting`` and what it waits on."""
        snap = self.graph.get_state(self._config(run_id))
        values = dict(snap.values)
        if snap.interrupts:
            values.update(status="waiting", waiting_for=snap.interrupts[0].value)
        return values

    def _run(self, run_id: str, payload: Any) -> dict:
        try:
            self.graph.invoke(payload, self._config(run_id))
        except BaseException:
            self.store.finish_run(run_id, "failed")  # the trace shows how far it got
            raise
        finally:
            _window(self.engines.manager).leave(run_id)  # a run that failed between apply and assure
        state = self.state(run_id)
        self.store.finish_run(run_id, state.get("status", "done"))
        return state

    @staticmethod
    def _config(run_id: str) -> dict:
        return {"configurable": {"thread_id": run_id}}

    # -- the graph ---------------------------------------------------------------------------------
    def _graph(self) -> StateGraph:
        g = StateGraph(HubState)
        for name, fn in (("classify", self._classify), ("translate", self._translate), ("query", self._query),
                         ("plan", self._plan), ("propose", self._propose), ("policy", self._policy),
                         ("approve", self._approve), ("apply", self._apply), ("assure", self._assure),
                         ("learn", self._learn), ("explain", self._explain)):
            g.add_node(name, self._traced(name, fn))
        g.add_conditional_edges(START, lambda s: "propose" if s.get("job") else "classify" if s.get("intents") is None
                                else "query" if self._questions(s) else "plan")
        g.add_edge("propose", "policy")
        g.add_edge("classify", "translate")
        g.add_conditional_edges("translate", self._after_translate)
        g.add_conditional_edges("query", lambda s: "plan" if self._changes(s) else END)
        g.add_conditional_edges("plan", lambda s: "explain" if not s["plan"]["ok"] else
                                END if s.get("dry_run") or not s["plan"]["diff"] else "policy")
        g.add_edge("policy", "approve")
        g.add_conditional_edges("approve", lambda s: END if not s["decision"]["approve"] else
                                "learn" if s.get("job") else "apply")
        g.add_conditional_edges("apply", lambda s: "assure" if s["outcome"]["status"] == "pending_confirm" else
                                "explain" if s["outcome"]["status"] == "refused" else END)
        g.add_conditional_edges("assure", lambda s: "explain" if not s["assurance"]["ok"] else
                                "learn" if self._jobs(s) else END)
        g.add_edge("learn", END)
        g.add_edge("explain", END)
        return g

    def _traced(self, name: str, fn: Callable[[HubState], dict]) -> Callable[[HubState], dict]:
        def step(state: HubState) -> dict:
            t0 = time.perf_counter()
            update = fn(state)
            self.store.record_step(state["run_id"], name, (time.perf_counter() - t0) * 1000,
                                   {k: state[k] for k in ("text", "intents", "actor") if state.get(k) is not None},
                                   update)
            return update
        return step

    def _call(self, tool: str, **args: Any) -> dict:
        return self.tools[tool].invoke(args)

    @staticmethod
    def _intents(s: HubState) -> list[dict]:
        given = s.get("intents")
        return given if given is not None else s.get("record", {}).get("intents", [])

    def _changes(self, s: HubState) -> list[dict]:
        return [i for i in self._intents(s) if i.get("kind") != "query"]

    def _questions(self, s: HubState) -> list[dict]:
        return [i for i in self._intents(s) if i.get("kind") == "query"]

    def _classify(self, s: HubState) -> dict:
        return {"classification": self._call("classify", text=s["text"], node=s.get("node"))}

    def _translate(self, s: HubState) -> dict:
        c = s["classification"]
        record = self._call("translate", text=s["text"], confident=c["kept"] is not None)
        if c["escalate"] and c["node"] is not None:  # the hub's reading, to be judged: the node's next lesson
            self.store.record_escalation(s["run_id"], c["node"], s["text"], label_of(record), c["label"],
                                         c["confidence"])
        return {"record": record, "status": "refused" if record["error"] else "translated"}

    def _after_translate(self, s: HubState) -> str:
        if s["record"]["error"]:
            return "explain"
        return "query" if self._questions(s) else "plan"

    def _query(self, s: HubState) -> dict:
        return {"answer": self._call("query", intents=self._questions(s)), "status": "answered"}

    def _plan(self, s: HubState) -> dict:
        p = self._call("plan", intents=self._changes(s))
        status = "refused" if not p["ok"] else "planned" if s.get("dry_run") or p["diff"] else "no_change"
        return {"plan": p, "status": status}

    def _propose(self, s: HubState) -> dict:
        """A proposed job as a plan a person can read: what it trains, where, and on what."""
        job = s["job"]
        return {"plan": {"ok": True, "diff": [], "devices": [], "reasons": [], "readback": [
            f"retrain the {job['model']} of {', '.join(job['nodes'])} ({job['kind']}, "
            f"{job['params'].get('rounds', '?')} rounds): no policy changes; the new model is deployed only if it "
            "scores at least as well on the hub's validation split"]}, "status": "planned"}

    def _policy(self, s: HubState) -> dict:
        """Whether this change needs a person, decided once and checkpointed before anyone is asked
        (a resumed run never re-decides under another agent's settings)."""
        p = s["plan"]
        why = [w for w, needed in ((f"touches {len(p['devices'])} devices (more than {self.approval_devices})",
                                    len(p["devices"]) > self.approval_devices),
                                   ("raised by an alarm", s.get("source") == "alarm")) if needed]
        return {"policy": {"why": why, "needs_approval": bool(why) and not s.get("approved")}}

    def _approve(self, s: HubState) -> dict:
        why = s["policy"]["why"]
        if s.get("approved"):
            return {"decision": {"approve": True, "by": s["actor"], "how": "approved with the request", "why": why}}
        if not s["policy"]["needs_approval"]:
            return {"decision": {"approve": True, "by": s["actor"], "how": "within the operator's policy", "why": []}}
        p = s["plan"]
        answer = interrupt({"readback": p["readback"], "diff": p["diff"], "devices": p["devices"], "why": why,
                            "grounds": s.get("grounds") or {}})
        decision = {"approve": bool(answer["approve"]), "by": answer.get("actor", "operator"), "how": "asked", "why": why}
        self.store.judge_escalation(s["run_id"], decision["approve"], decision["by"])
        return {"decision": decision, **({} if decision["approve"] else {"status": "rejected"})}

    def _apply(self, s: HubState) -> dict:
        d, p = s["decision"], s["plan"]
        widened = len(p["devices"]) if d["how"] == "asked" else None  # a person approved this radius
        window = _window(self.engines.manager)
        window.enter(s["run_id"])  # one change applied and judged at a time in this process: left in assure
        out = self._call("apply", intents=self._changes(s), text=s.get("text"), actor=s["actor"],
                         confirm_timeout_s=self.confirm_timeout_s, max_devices=widened)
        status = {"pending_confirm": "applied", "no_change": "no_change"}.get(out["status"], "refused")
        if status != "applied":
            window.leave(s["run_id"])
        return {"outcome": out, "status": status}

    def _assure(self, s: HubState) -> dict:
        """Confirm the change when telemetry shows it met, else roll it back to what ran before it.
        Another writer may have committed on top of it meanwhile (which confirms it, in the store's
        commit-confirmed rules): then it is left in force and said so (``unassured``), since rolling
        back would undo the later change too."""
        try:
            return self._judge(s)
        finally:
            _window(self.engines.manager).leave(s["run_id"])

    def _judge(self, s: HubState) -> dict:
        version, ids = s["outcome"]["version"], s["outcome"]["intent_ids"]
        manager = self.engines.manager
        a = self._call("assure", version=version, intent_ids=ids)
        if a["ok"]:
            try:
                manager.confirm(actor="hub", version=version)  # a no-op when a later commit confirmed it
            except NothingPending:  # it expired or was rolled back before the check ended
                return {"assurance": {**a, "ok": False, "violations": [f"version {version} was rolled back meanwhile"],
                                      "rolled_back_to": None}, "status": "rolled_back"}
            return {"assurance": a, "status": "assured"}
        reason = f"assurance of version {version} failed: " + "; ".join(a["violations"])
        if not a["objects"]:
            return {"assurance": {**a, "rolled_back_to": None}, "status": "rolled_back"}  # gone already
        parent = manager.store.version(version).parent_id or 0
        try:  # to what ran before it, and only while it is the running version (checked in the store's transaction)
            back = self._call("rollback", version=parent, base=version, actor="hub", reason=reason)["version"]
        except StaleVersion:  # rolling back now would undo the later change too
            return {"assurance": {**a, "left_in_force": True, "violations": a["violations"] + [
                "left in force: a later change was committed on top of it; roll it back by hand"]}, "status": "unassured"}
        return {"assurance": {**a, "rolled_back_to": back}, "status": "rolled_back"}

    def _jobs(self, s: HubState) -> list[str]:
        """The job ids the applied learning intents compiled to."""
        out = s["outcome"]
        return [k for iid, it in zip(out["intent_ids"], self._changes(s)) if it["kind"].startswith("learn.")
                for k in out["produced"].get(iid, [])]

    def _learn(self, s: HubState) -> dict:
        args = {"jobs": [s["job"]]} if s.get("job") else {"job_ids": self._jobs(s)}
        return {"learning": self._call("learn", **args), "status": "learning"}

    def _explain(self, s: HubState) -> dict:
        if s.get("status") in ("rolled_back", "unassured"):
            reasons = s["assurance"]["violations"]
        elif s.get("outcome", {}).get("status") == "refused":
            reasons = [s["outcome"]["error"]["message"]]
        elif s.get("plan") and not s["plan"]["ok"]:
            reasons = s["plan"]["reasons"]
        else:
            reasons = [s["record"]["error"]["message"]]
        return {"explanation": self._call("explain", reasons=reasons)}


class _Window:
    """The span from a run's commit-confirmed apply to its confirm or rollback: one run at a time per
    manager in this process, so no run judges (or rolls back) a version another run committed on
    top of its own. Other processes are handled in :meth:`HubAgent._judge`."""

    def __init__(self) -> None:
        self._lock, self._holder = threading.Lock(), None  # holder: (run id, thread)

    def enter(self, run_id: str) -> None:
        self._lock.acquire()
        self._holder = (run_id, threading.get_ident())

    def leave(self, run_id: str) -> None:
        if self._holder == (run_id, threading.get_ident()):
            self._holder = None
            self._lock.release()


_WINDOWS: weakref.WeakKeyDictionary[NetworkManager, _Window] = weakref.WeakKeyDictionary()
_WINDOWS_LOCK = threading.Lock()


def _window(manager: NetworkManager) -> _Window:
    with _WINDOWS_LOCK:
        return _WINDOWS.setdefault(manager, _Window())
