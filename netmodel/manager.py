"""The request path below the translator: intents -> compile -> verify -> driver -> store.

:class:`NetworkManager` is what the CLI, the API and the agents' tools call. A batch of intents
is applied whole or not at all: compile and verify run on a candidate, any refusal is recorded
(with its reason) and raised, and only a clean candidate reaches the driver.
"""
from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from types import EllipsisType
from typing import Any, Literal

import networkx as nx
from pydantic import BaseModel, Field, ValidationError

from . import ir
from .compiler import LinkLoads, compile_intents
from .drivers import NetworkDriver, TwinDriver
from .errors import Conflict, InvalidIntent, TinyLargeError, TranslatorRefusal, UnknownEntity
from .limits import MAX_CONFIRM_TIMEOUT_S, MAX_DEVICES, MAX_INTENTS, checked_text
from .network import Change, Network
from .paths import latency_weight
from .policy import PolicyDiff, PolicySet
from .resolve import check_references, resolve_all
from .store import IntentRow, RequestRow, StaleVersion, Store
from .twin import path_latency, summary
from .verifier import Verdict, verify


def _first_error(e: ValidationError) -> str:
    err = e.errors()[0]
    where = ".".join(str(p) for p in err["loc"] if not (isinstance(p, str) and "." in p and p in ir.KINDS))
    return f"{where}: {err['msg']}" if where else err["msg"]


def parse_intents(data: Any) -> list[ir.Intent]:
    """Intents from JSON: one intent, a list of intents, or a translate record (``{"intents": [...]}``)."""
    if isinstance(data, dict) and "kind" not in data:
        if data.get("error"):
            err = data["error"]
            raise TranslatorRefusal(str(err.get("code", "invalid")), str(err.get("message", "no reason given")))
        data = data.get("intents")
    if isinstance(data, dict):
        data = [data]
    if not isinstance(data, list) or not data:
        raise InvalidIntent("expected an intent object, a non-empty list of intents, or a record with 'intents'")
    out = []
    for n, item in enumerate(data, 1):
        try:
            out.append(ir.parse_intent(item))
        except ValidationError as e:
            raise InvalidIntent(f"intent {n}: {_first_error(e)}") from None
    return out


def read_records(path: str | Path) -> list[dict[str, Any]]:
    """Records ``{"id", "intents", "error"}`` from a JSON file (one intent, a list, or a translate
    record) or a JSONL file (``translate`` output: one record or intent per line), with one-line errors."""
    p = Path(path)
    try:
        text = p.read_text()
    except OSError as e:
        raise InvalidIntent(f"cannot read {p}: {e.strerror}") from None
    try:
        return [_record(json.loads(text), p.name)]
    except json.JSONDecodeError as e:
        if e.msg != "Extra data":
            raise InvalidIntent(f"{p} is not valid JSON: {e.msg} at line {e.lineno} column {e.colno}") from None
    records = []
    for n, line in enumerate(text.splitlines(), 1):
        if line.strip():
            try:
                records.append(_record(json.loads(line), f"{p.name}:{n}"))
            except json.JSONDecodeError as e:
                raise InvalidIntent(f"{p}:{n} is not valid JSON: {e.msg} at column {e.colno}") from None
    return records


def _record(data: Any, where: str) -> dict[str, Any]:
    """A translate record as it is, anything else (intents) wrapped in one named after where it was read."""
    if isinstance(data, dict) and "kind" not in data and ("intents" in data or "error" in data):
        return {"id": data.get("id") or where, "intents": data.get("intents") or [], "error": data.get("error")}
    return {"id": where, "intents": data, "error": None}


@dataclass
class Plan:
    base: int | None
    running: PolicySet
    candidate: PolicySet
    produced: dict[str, list[str]]
    diff: PolicyDiff
    verdict: Verdict


class ApplyResult(BaseModel):
    status: Literal["applied", "pending_confirm", "dry_run", "no_change"]
    version: int | None
    request_id: str
    intent_ids: list[str]
    produced: dict[str, list[str]]
    diff: list[str]
    verdict: Verdict
    replans: int = Field(0, description="times the change was planned again because another writer committed first")


class NetworkManager:
    """Applies intents to one network (a twin by default) and keeps its store up to date.

    Safe to share between threads, and any number of processes may share its store: each
    ``apply`` plans on the running version in its own config session while it holds the store's
    planning lock, so writers take turns from plan to commit. Should the running version still
    move under a plan (a rollback or an expired commit-confirmed does not plan), the store refuses
    the stale commit and the change is planned again after a short random back-off (up to
    ``replans`` times; with ``base_version`` given, never: the caller asked for that version).
    """

    def __init__(self, store: Store | None = None, driver: NetworkDriver | None = None,
                 graph: nx.Graph | None = None, *, replans: int = 20, max_devices: int = MAX_DEVICES) -> None:
        self.store = store or Store()
        self.g = graph if graph is not None else self.store.topology()
        self.network = Network(self.store, driver or TwinDriver(self.g))
        self.replans, self.max_devices = replans, max_devices
        self.providers: dict[str, Callable[[ir.Query], Any]] = {}

    @property
    def driver(self) -> NetworkDriver:
        return self.network.driver

    @property
    def running(self) -> PolicySet:
        return self.network.get_running()[1]

    def plan(self, intents: list[ir.Intent], ids: list[str] | None = None, *,
             max_devices: int | None = None) -> Plan:
        """Compile and verify on the running version without changing anything (raises when an
        intent cannot compile); ``max_devices`` overrides the blast-radius limit."""
        ids = ids or [f"#{n + 1}" for n in range(len(intents))]
        session = self.network.session()
        candidate, produced = compile_intents(self.g, session.running, list(zip(ids, intents)), salt=str(session.base))
        session.load_candidate(candidate)
        verdict = verify(self.g, candidate, running=session.running, max_devices=max_devices or self.max_devices)
        return Plan(session.base, session.running, candidate, produced, session.diff(), verdict)

    def apply(self, intents: list[ir.Intent], *, text: str | None = None, source: str = "cli",
              actor: str = "operator", dry_run: bool = False, confirm_timeout_s: float | None = None,
              base_version: int | None | EllipsisType = ..., max_devices: int | None = None) -> ApplyResult:
        """Apply a batch whole or not at all; refusals are recorded in the store and raised.

        ``base_version`` (a version id, or None for "before the first commit") makes the apply
        conditional: refused as a conflict unless that version is still running.
        """
        if not intents:
            raise InvalidIntent("no intents to apply")
        if len(intents) > MAX_INTENTS:
            raise InvalidIntent(f"{len(intents)} intents in one request; at most {MAX_INTENTS}")
        if any(isinstance(i, ir.Query) for i in intents):
            raise InvalidIntent("a query changes nothing: it is answered (`intent apply` does, or POST /query), not applied")
        if confirm_timeout_s is not None and not 0 < confirm_timeout_s <= MAX_CONFIRM_TIMEOUT_S:
            raise InvalidIntent(f"confirm timeout must be positive and at most {MAX_CONFIRM_TIMEOUT_S:g} s")
        request = RequestRow(id=self.store.new_id("r"), source=source, actor=actor, text=checked_text(text))
        ids = [self.store.new_id("i") for _ in intents]

        def rows(status: str, error: dict | None = None) -> list[IntentRow]:
            return [IntentRow(id=i, source=source, request_id=request.id, ir=it.to_json(), status=status, error=error)
                    for i, it in zip(ids, intents)]

        message = (text or f"{len(intents)} intent(s): " + ", ".join(i.kind for i in intents))[:200]
        for replans in range(self.replans + 1):
            if replans:
                time.sleep(random.uniform(0, min(0.2, 0.005 * 2**replans)))  # another process won: back off, re-plan
            with self.store.planning():
                try:
                    return self._apply_once(intents, ids, request, rows, message, replans, dry_run=dry_run,
                                            confirm_timeout_s=confirm_timeout_s, base_version=base_version,
                                            max_devices=max_devices)
                except StaleVersion as e:
                    if base_version is ... and replans < self.replans:
                        continue
                    self._refuse(request, rows, e)
                    raise
        raise AssertionError("unreachable: the last replan returns or raises")

    def _apply_once(self, intents: list[ir.Intent], ids: list[str], request: RequestRow,
                    rows: Callable[..., list[IntentRow]], message: str, replans: int, *, dry_run: bool,
                    confirm_timeout_s: float | None, base_version: int | None | EllipsisType,
                    max_devices: int | None) -> ApplyResult:
        """Plan on the running version and commit on top of it (StaleVersion if another process moved it)."""
        try:
            plan = self.plan(intents, ids, max_devices=max_devices)
            if base_version is not ... and plan.base != base_version:
                raise StaleVersion(f"version {base_version} is no longer running (version {plan.base} is)",
                                   planned_on=base_version, running=plan.base)
            if not plan.verdict.ok:
                raise Conflict("refused: " + "; ".join(plan.verdict.reasons()),
                               conflicts=[c.model_dump() for c in plan.verdict.conflicts])
        except StaleVersion:
            raise
        except TinyLargeError as e:
            self._refuse(request, rows, e)
            raise
        result = dict(request_id=request.id, intent_ids=ids, produced=plan.produced, diff=plan.diff.lines(),
                      verdict=plan.verdict, replans=replans)
        if dry_run:
            self.store.record_intents(request, rows("dry_run"), action="dry_run", detail={"diff": plan.diff.lines()})
            return ApplyResult(status="dry_run", version=None, **result)
        if not plan.diff:  # a commit with nothing to change still confirms a pending one, as on Junos
            if self.network.pending() is not None:
                self.network.confirm(request.actor, by="commit")
            self.store.record_intents(request, rows("applied"), action="no_change", detail={})
            return ApplyResult(status="no_change", version=plan.base, **result)
        change = Change(actor=request.actor, message=message, request=request, intents=rows("applied"))
        version = self.network.commit(plan.candidate, plan.base, change, confirm_timeout_s)
        status = "applied" if confirm_timeout_s is None else "pending_confirm"
        return ApplyResult(status=status, version=version, **result)

    def _refuse(self, request: RequestRow, rows: Callable[..., list[IntentRow]], e: TinyLargeError) -> None:
        """Keep a refused request and its intents, with the reason, in the store and the audit."""
        self.store.record_intents(request, rows("refused", e.to_json()), action="refuse",
                                  detail={"code": e.code, "message": e.message})

    def rollback(self, version: int | None = None, reason: str = "", actor: str = "operator",
                 base: int | None = None) -> int:
        """Restore ``version`` as a new version; with ``base``, only while version ``base`` runs."""
        return self.network.rollback(version, actor=actor, reason=reason, base=base)

    def withdraw(self, objects: list[str], reason: str, actor: str = "operator") -> int:
        """Take running objects (``section/key``) out in one commit, leaving everything else as it is
        (the closed loop lifts a mitigation this way once its alarm has cleared); returns the version."""
        with self.store.planning():
            session = self.network.session()
            candidate = session.running.copy_set()
            for name in objects:
                section, _, key = name.partition("/")
                if key not in getattr(candidate, section, {}):
                    raise UnknownEntity(f"{name} is not running", object=name)
                del getattr(candidate, section)[key]
            session.load_candidate(candidate)
            return session.commit(Change(actor=actor, message=reason))

    def rollback_target(self, version: int | None = None, back: int | None = None) -> int:
        """The version a rollback restores: ``version`` (refused if it never existed; 0 is the empty set
        before the first commit), the configuration ``back`` commits ago (Junos ``rollback N``), or by
        default the store's choice: the last confirmed earlier version that differs from the running one."""
        active = self.store.active_version()
        if back is not None:
            row = active
            for n in range(back):
                if row is None:
                    raise UnknownEntity(f"there are only {n - 1} commits before the running version; --back {back} "
                                        "goes past the first commit")
                row = self.store.version(row.parent_id) if row.parent_id else None
            return row.id if row else 0
        if version is not None:
            return version and self.store.version(version).id
        return self.store.default_rollback_target()

    def policies_of(self, version: int) -> PolicySet:
        """The policy set of a stored version (0: the empty set)."""
        return self.store.policies_at(version)

    def confirm(self, actor: str = "operator", version: int | None = None) -> int:
        """Confirm the pending commit-confirmed version (with ``version``: only if it is that one)."""
        return self.network.confirm(actor, version=version)

    def close(self) -> None:
        self.network.close()

    def health(self) -> Verdict:
        """Re-verify the running set against the twin as it is now (links may have gone down)."""
        return verify(self.g, self.running)

    def set_link(self, u: str, v: str, up: bool, actor: str = "operator") -> None:
        """Mark a link up or down in the twin and persist it (routing avoids links that are down)."""
        if not self.g.has_edge(u, v):
            raise UnknownEntity(f"no link {u}--{v}", link=f"{u}--{v}")
        self.g.edges[u, v]["up"] = up
        self.store.save_topology(self.g, actor=actor)

    # -- read-only questions -----------------------------------------------------------------
    def answer(self, q: ir.Query) -> dict[str, Any]:
        """Answer a ``query`` intent from the twin and the store (an attached provider answers its topic)."""
        check_references(self.g, q)
        targets = set(resolve_all(self.g, [q.target])) if q.target else None
        running = self.running
        if q.topic in self.providers:
            return {"topic": q.topic, **self.providers[q.topic](q)}
        if q.topic == "topology":
            nodes = sorted(targets or [])
            return {"topic": "topology", "summary": summary(self.g),
                    "nodes": [{"id": n, **{k: v for k, v in self.g.nodes[n].items()},
                               "neighbours": sorted(self.g.neighbors(n))} for n in nodes]}
        if q.topic == "slices":
            return {"topic": "slices", "slices": [s.model_dump(mode="json") for s in running.slices.values()
                                                 if targets is None or targets & set(s.sites)]}
        if q.topic == "policies":
            return {"topic": "policies", "version": self.store.running()[0],
                    "objects": [f"{sec}/{o.key()}: {o.summary()}" for sec, o in running.objects()]}
        if q.topic == "path":
            if not q.target or not q.dst or len(targets) != 1:
                raise InvalidIntent("a path query needs one target node and a dst")
            src = next(iter(targets))
            free = LinkLoads(self.g, running).residual(None)
            try:
                p = nx.dijkstra_path(self.g, src, q.dst,
                                     weight=latency_weight)
            except nx.NetworkXNoPath:
                return {"topic": "path", "src": src, "dst": q.dst, "path": None, "reason": "no path over links that are up"}
            return {"topic": "path", "src": src, "dst": q.dst, "path": p, "latency_ms": path_latency(self.g, p),
                    "bottleneck_free_mbps": min(map(free, p, p[1:]), default=None)}
        if q.topic == "telemetry":
            links = [{"link": f"{u}--{v}", "up": d["up"], "capacity_mbps": d["capacity_mbps"],
                      "reserved_mbps": sum(d["reserved"].values())}
                     for u, v, d in self.g.edges(data=True) if targets is None or {u, v} & targets]
            return {"topic": "telemetry", "links": links}
        if q.topic == "models":
            return {"topic": "models", "models": [],
                    "reason": "no model registry is attached to this manager (the command line and the API attach one)"}
        return {"topic": "alarms", "alarms": [],
                "reason": "no alarm has been raised: alarms come from the node agents' detectors through the "
                          "closed loop, which does not run in this process (the hub agent attaches it)"}

