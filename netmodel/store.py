"""Persistent store: intents, policy versions, learning jobs and an append-only audit log.

SQLite through SQLModel by default (any SQLAlchemy URL works, Postgres included). Every state
change is one database transaction, so a crash between its steps leaves either the old or the
new state. Policy versions are immutable snapshots of the whole :class:`PolicySet`; the active
one is the running configuration. Rollback writes a new version equal to an older one, so
history only grows. The audit table refuses UPDATE and DELETE (triggers on SQLite/Postgres).

Writers are serialized across threads and processes (:meth:`Store.write`: an immediate
transaction on SQLite, a transaction-scoped advisory lock on PostgreSQL), and the schema itself
keeps the history one line: one active version (a partial unique index) and at most one child
per version. A commit names the version it was planned on and is refused with
:class:`StaleVersion` when the running version moved. Commit-confirmed follows Junos: the
deadline is stored, so any process that touches the store after it rolls the change back, and a
new commit while one is pending confirms it (audited as a ``confirm`` by the committer).
"""
from __future__ import annotations

import fcntl
import hashlib
import hmac
import secrets
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import networkx as nx
from sqlalchemy import JSON, Column, event, func, inspect, text
from sqlalchemy.engine import Connection, Engine
from sqlmodel import Field, Session, SQLModel, create_engine, select

from .config import default_url
from .errors import Conflict, NothingPending, UnknownEntity
from .policy import PolicySet
from .twin import from_node_link, load_topology, to_node_link


def utcnow() -> datetime:
    return datetime.now(UTC)


def _aware(t: datetime) -> datetime:
    """SQLite hands datetimes back without their zone; every one we write is UTC."""
    return t if t.tzinfo else t.replace(tzinfo=UTC)


def _overdue(row: PolicyVersionRow | None) -> bool:
    """A commit-confirmed version whose deadline has passed without a confirm."""
    return row is not None and not row.confirmed and row.confirm_by is not None and _aware(row.confirm_by) <= utcnow()


class StaleVersion(Conflict):
    """The running version moved since the change was planned: nothing was changed; plan again."""


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: Any = Field(sa_column=Column(JSON))


class RequestRow(SQLModel, table=True):
    """One request (its words are kept once, however many intents it made)."""

    __tablename__ = "requests"
    id: str = Field(primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    source: str = "cli"
    actor: str = "operator"
    text: str | None = None


class IntentRow(SQLModel, table=True):
    __tablename__ = "intents"
    id: str = Field(primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    source: str = "cli"
    request_id: str | None = Field(default=None, index=True)
    ir: dict = Field(sa_column=Column(JSON))
    status: str = Field(index=True)  # applied | refused | dry_run
    version_id: int | None = Field(default=None, index=True)
    error: dict | None = Field(default=None, sa_column=Column(JSON))


class PolicyVersionRow(SQLModel, table=True):
    __tablename__ = "policy_versions"
    id: int | None = Field(default=None, primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    parent_id: int | None = None
    policies: str  # canonical JSON of the PolicySet
    digest: str
    n_objects: int
    active: bool = Field(default=False, index=True)
    confirmed: bool = True
    confirm_by: datetime | None = None
    actor: str = "operator"
    message: str = ""


class AuditRow(SQLModel, table=True):
    __tablename__ = "audit_log"
    seq: int | None = Field(default=None, primary_key=True)
    ts: datetime = Field(default_factory=utcnow)
    actor: str
    action: str = Field(index=True)
    version_id: int | None = None
    detail: dict = Field(default_factory=dict, sa_column=Column(JSON))


class JobRow(SQLModel, table=True):
    __tablename__ = "jobs"
    id: str = Field(primary_key=True)
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    spec: dict = Field(sa_column=Column(JSON))
    status: str = "pending"  # pending | running | done | failed | cancelled
    progress: list = Field(default_factory=list, sa_column=Column(JSON))
    result: dict | None = Field(default=None, sa_column=Column(JSON))


class AgentRunRow(SQLModel, table=True):
    """One request through the hub agent (its LangGraph thread has the same id)."""

    __tablename__ = "agent_runs"
    id: str = Field(primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    updated_at: datetime = Field(default_factory=utcnow)
    actor: str = "operator"
    source: str = "cli"
    text: str | None = None
    status: str = "running"


class AgentStepRow(SQLModel, table=True):
    """One step of a run: what it was given, what it returned, how long it took."""

    __tablename__ = "agent_steps"
    id: int | None = Field(default=None, primary_key=True)
    run_id: str = Field(index=True)
    step: str
    started_at: datetime = Field(default_factory=utcnow)
    ms: float
    input: dict = Field(default_factory=dict, sa_column=Column(JSON))
    output: dict = Field(default_factory=dict, sa_column=Column(JSON))


class EscalationRow(SQLModel, table=True):
    """An utterance a site's node classifier was unsure of, kept with the class of the hub's reading
    (``label``) and the operator's verdict on that reading: once approved, that site's training label."""

    __tablename__ = "escalations"
    run_id: str = Field(primary_key=True)
    node: str = Field(index=True)
    text: str
    label: str
    node_label: str
    confidence: float
    verdict: str | None = None  # approved | rejected
    judged_by: str | None = None
    created_at: datetime = Field(default_factory=utcnow)


class AlarmRow(SQLModel, table=True):
    """A condition the closed loop saw hold (raised) until it no longer did (cleared): from a node
    agent's detector (ddos, anomaly) or from intent assurance (link_down, latency_violation,
    congestion). ``evidence`` holds the features the rule needs, never raw telemetry. ``verdict``
    (``false``/``true``) says whether it was judged a false alarm, by the loop (cleared with no SLA
    violation at its node) or by a person (``judged_by``)."""

    __tablename__ = "alarms"
    id: int | None = Field(default=None, primary_key=True)
    node: str = Field(index=True)
    kind: str
    score: float
    raised_tick: int
    cleared_tick: int | None = None
    evidence: dict = Field(default_factory=dict, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow)
    verdict: str | None = None
    judged_by: str | None = None


class TokenRow(SQLModel, table=True):
    """An API token: its owner (the actor the audit log names) and role; the secret is kept only as
    its SHA-256 (a random 256-bit secret needs no slow hash)."""

    __tablename__ = "api_tokens"
    id: str = Field(primary_key=True)
    owner: str = Field(index=True)
    role: str
    digest: str
    created_at: datetime = Field(default_factory=utcnow)
    revoked_at: datetime | None = None


class IdempotencyRow(SQLModel, table=True):
    """A request sent with an ``Idempotency-Key``: claimed before it runs, its response kept after,
    so a retry gets the same answer instead of a second change."""

    __tablename__ = "idempotency"
    key: str = Field(primary_key=True)  # the caller's token id + their key
    fingerprint: str  # method, path and body digest: the same key with another request is refused
    status: int | None = None  # None while the first request runs
    response: dict = Field(default_factory=dict, sa_column=Column(JSON))
    created_at: datetime = Field(default_factory=utcnow)


_WRITER_LOCK = 0x7469_6E79  # PostgreSQL advisory lock key ("tiny") held by every write transaction
_PLANNER_LOCK = _WRITER_LOCK + 1  # held by a writer from planning to commit (Store.planning)

_APPEND_ONLY = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS audit_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit log is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit log is append-only'; END $$ LANGUAGE plpgsql",
        "DROP TRIGGER IF EXISTS audit_append_only ON audit_log",
        "CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_append_only()",
    ],
}


def _sqlite_pragmas(engine: Engine) -> None:
    """WAL, full sync, and transactions we begin ourselves: ``BEGIN IMMEDIATE`` for writers takes
    SQLite's write lock before the first read, so a plan check and its commit see no other writer."""
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _: Any) -> None:
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=60000")
        cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Connection) -> None:
        conn.exec_driver_sql("BEGIN IMMEDIATE" if conn.get_execution_options().get("writer") else "BEGIN")


def _line_of_versions(conn: Connection) -> list[str]:
    """The unique indexes that keep one active version and one line of history.

    A store written by a release without writer locks may already hold several active versions
    (the newest stays active; the repair is audited) or a fork (history is kept as it is, and only
    the one-active index is created: every commit from now on is serialized anyway).
    """
    active = [row[0] for row in conn.execute(text("SELECT id FROM policy_versions WHERE active ORDER BY id"))]
    if len(active) > 1:
        conn.execute(text("UPDATE policy_versions SET active = :no WHERE active AND id < :keep"),
                     {"no": False, "keep": active[-1]})
        conn.execute(AuditRow.__table__.insert().values(
            ts=utcnow(), actor="system", action="repair", version_id=active[-1],
            detail={"message": f"versions {', '.join(map(str, active[:-1]))} were active beside {active[-1]}, "
                               "the newest, which stays active"}))
    forked = conn.execute(text("SELECT parent_id FROM policy_versions WHERE parent_id IS NOT NULL "
                               "GROUP BY parent_id HAVING count(*) > 1")).first()
    return ["CREATE UNIQUE INDEX IF NOT EXISTS one_active_version ON policy_versions (active) WHERE active",
            *([] if forked else ["CREATE UNIQUE INDEX IF NOT EXISTS one_child_per_version "
                                 "ON policy_versions (parent_id)"])]


def _add_missing_columns(conn: Connection) -> None:
    """Stores made by an older release gain the nullable columns added since (nothing is dropped)."""
    have = inspect(conn)
    for table in SQLModel.metadata.sorted_tables:
        existing = {c["name"] for c in have.get_columns(table.name)}
        for col in table.columns:
            if col.name not in existing and col.nullable:
                conn.exec_driver_sql(f"ALTER TABLE {table.name} ADD COLUMN {col.name} "
                                     f"{col.type.compile(dialect=conn.dialect)}")


class Store:
    """All persistent state of one TinyLarge installation, behind one SQLAlchemy URL."""

    def __init__(self, url: str | None = None, topology: nx.Graph | None = None) -> None:
        self.url = url or default_url()
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            _sqlite_pragmas(self.engine)
        self._writer = self.engine.execution_options(writer=True)
        self._lock, self._planning = threading.Lock(), threading.Lock()
        with self._writer.begin() as conn:  # processes opening one new store at once: one creates it
            self._lock_writers(conn)
            SQLModel.metadata.create_all(conn)
            _add_missing_columns(conn)
            for stmt in _line_of_versions(conn) + _APPEND_ONLY.get(self.engine.dialect.name, []):
                conn.execute(text(stmt))
        with self.write() as s:
            if s.get(MetaRow, "topology") is None:
                g = topology if topology is not None else load_topology()
                s.add(MetaRow(key="topology", value=to_node_link(g)))
                s.add(AuditRow(actor="system", action="init", detail={"topology": g.graph.get("name", "?"),
                                                                         "nodes": g.number_of_nodes()}))

    @classmethod
    def at(cls, path: str | Path, topology: nx.Graph | None = None) -> Store:
        return cls(f"sqlite:///{Path(path).expanduser()}", topology)

    @classmethod
    def open(cls, db: str | None = None, topology: nx.Graph | None = None) -> Store:
        """The store a ``--db`` option names: a SQLAlchemy URL, a SQLite file, or None for the default."""
        return cls.at(db, topology) if db and "://" not in db else cls(db, topology)

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    def _lock_writers(self, conn: Connection | Session) -> None:
        if self.engine.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _WRITER_LOCK})

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A transaction no other writer (thread or process) runs beside; committed when the block ends."""
        with self._lock, Session(self._writer, expire_on_commit=False) as s:
            self._lock_writers(s)
            s.connection()  # SQLite: BEGIN IMMEDIATE now, before the first read
            yield s
            s.commit()

    @contextmanager
    def planning(self) -> Iterator[None]:
        """Held by a writer from reading the running version to committing its change, across threads
        and processes (a lock file beside a SQLite store, a session advisory lock on PostgreSQL), so
        that concurrent writers take turns instead of planning on a version another one is replacing.
        Only planners take it; a commit still re-checks its base version (rollbacks and confirmations
        do not plan)."""
        with self._planning:
            if self.engine.dialect.name == "postgresql":
                conn = self.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
                try:
                    conn.execute(text("SELECT pg_advisory_lock(:k)"), {"k": _PLANNER_LOCK})
                    try:
                        yield
                    finally:
                        conn.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": _PLANNER_LOCK})
                except BaseException:
                    conn.invalidate()  # never hand a connection that may still hold the lock back to the pool
                    raise
                finally:
                    conn.close()
            elif self.engine.url.database not in (None, "", ":memory:"):
                with open(f"{self.engine.url.database}.planning", "a") as f:
                    fcntl.flock(f, fcntl.LOCK_EX)
                    yield
            else:
                yield

    # -- inventory ---------------------------------------------------------------------------
    def topology(self) -> nx.Graph:
        """The twin this store was initialised with (link up/down state included)."""
        with self.session() as s:
            return from_node_link(s.get(MetaRow, "topology").value)

    def save_topology(self, g: nx.Graph, actor: str = "operator") -> None:
        with self.write() as s:
            row = s.get(MetaRow, "topology")
            row.value = to_node_link(g)
            s.add(row)
            s.add(AuditRow(actor=actor, action="topology", detail=self._topology_detail(g)))

    @staticmethod
    def _topology_detail(g: nx.Graph) -> dict:
        return {"name": g.graph.get("name"), "nodes": g.number_of_nodes(),
                "links_down": [f"{u}--{v}" for u, v, up in g.edges(data="up") if not up]}

    # -- policy versions ---------------------------------------------------------------------
    def active_version(self) -> PolicyVersionRow | None:
        """The running version, after rolling back a commit-confirmed one whose deadline passed."""
        with self.session() as s:
            row = self._active(s)
        if not _overdue(row):
            return row
        with self.write() as s:
            self._expire(s)
            return self._active(s)

    @staticmethod
    def _active(s: Session) -> PolicyVersionRow | None:
        return s.exec(select(PolicyVersionRow).where(PolicyVersionRow.active == True)).first()  # noqa: E712

    def running(self) -> tuple[int | None, PolicySet]:
        """(active version id, its policy set); an empty set before the first commit."""
        row = self.active_version()
        return (row.id, PolicySet.model_validate_json(row.policies)) if row else (None, PolicySet())

    def _get(self, model: type[SQLModel], key: Any, what: str) -> Any:
        with self.session() as s:
            row = s.get(model, key)
        if row is None:
            raise UnknownEntity(f"no {what} {key!r}" if isinstance(key, str) else f"no {what} {key}")
        return row

    def version(self, version_id: int) -> PolicyVersionRow:
        return self._get(PolicyVersionRow, version_id, "policy version")

    def versions(self, limit: int = 50) -> list[PolicyVersionRow]:
        self.expire_unconfirmed()
        with self.session() as s:
            return list(s.exec(select(PolicyVersionRow).order_by(PolicyVersionRow.id.desc()).limit(limit)))

    def commit(self, candidate: PolicySet, *, base: int | None, actor: str = "operator", message: str = "",
               request: RequestRow | None = None, intents: list[IntentRow] = (),
               confirm_timeout_s: float | None = None,
               before_commit: Callable[[PolicySet], None] | None = None) -> int:
        """Make ``candidate`` the running version, in one transaction with its request, intents and audit entry.

        ``base`` is the version the change was planned on (None: before the first commit); if
        another writer moved the running version since, :class:`StaleVersion` is raised and
        nothing changes. ``before_commit(policies)`` runs inside the transaction, after the check
        (a driver applies the change to its device there; if it raises, nothing is committed).
        """
        with self.write() as s:
            self._expire(s)
            active = self._active(s)
            if (active.id if active else None) != base:
                raise StaleVersion(f"the running version moved from {base} to {active.id if active else None} "
                                   "while this change was planned; plan it again", planned_on=base,
                                   running=active.id if active else None)
            if active is not None and not active.confirmed:
                self._confirm(s, active, actor, by="commit")
            if request is not None:
                s.add(request)
            version = self._insert(s, candidate, actor=actor, action="commit", message=message, intents=intents,
                                   confirm_timeout_s=confirm_timeout_s)
            if before_commit is not None:
                before_commit(candidate)
            return version

    def _insert(self, s: Session, candidate: PolicySet, *, actor: str, action: str, message: str,
                intents: list[IntentRow] = (), confirm_timeout_s: float | None = None) -> int:
        old = self._active(s)
        if old is not None:
            old.active = False
            s.add(old)
            s.flush()
        row = PolicyVersionRow(parent_id=old.id if old else None, policies=candidate.canonical_json(),
                               digest=candidate.digest(), n_objects=len(candidate), active=True,
                               confirmed=confirm_timeout_s is None, actor=actor, message=message,
                               confirm_by=utcnow() + timedelta(seconds=confirm_timeout_s)
                               if confirm_timeout_s is not None else None)
        s.add(row)
        s.flush()
        for it in intents:
            it.version_id = row.id
            s.add(it)
        s.add(AuditRow(actor=actor, action=action, version_id=row.id,
                       detail={"message": message, "parent": row.parent_id, "objects": row.n_objects,
                               "digest": row.digest, "intents": [i.id for i in intents],
                               **({"confirm_by": row.confirm_by.isoformat()} if row.confirm_by else {})}))
        s.flush()
        return row.id

    @staticmethod
    def _confirm(s: Session, row: PolicyVersionRow, actor: str, by: str) -> None:
        row.confirmed, row.confirm_by = True, None
        s.add(row)
        s.add(AuditRow(actor=actor, action="confirm", version_id=row.id, detail={"by": by}))

    def confirm(self, actor: str = "operator", by: str = "confirm", version: int | None = None) -> int:
        """Confirm the pending commit-confirmed version, so it will not roll back (``by``: what the
        audit says confirmed it, a ``confirm`` or a ``commit``). With ``version``, only that one: a
        later commit may have confirmed it already (then nothing to do), and another writer's pending
        version is never confirmed by mistake."""
        with self.write() as s:
            self._expire(s)
            row = self._active(s)
            if version is not None and (row is None or row.id != version):
                mine = s.get(PolicyVersionRow, version)
                if mine is not None and mine.confirmed:
                    return version
                raise NothingPending(f"version {version} is no longer waiting for confirmation")
            if row is None or row.confirmed:
                if version is not None and row is not None:
                    return version
                raise NothingPending("no commit is waiting for confirmation: nothing to confirm")
            self._confirm(s, row, actor, by=by)
            return row.id

    def pending_confirmation(self) -> PolicyVersionRow | None:
        row = self.active_version()
        return row if row is not None and not row.confirmed else None

    def rollback(self, to_version: int | None = None, *, actor: str = "operator", reason: str = "",
                 before_commit: Callable[[PolicySet], None] | None = None, base: int | None = None) -> int:
        """Make an older version's policies running again, as a new version.

        The default target is the last confirmed version before the running one that differs from
        it: a commit-confirmed change that expired or was rolled back is never brought back by a
        plain rollback (and if the running version is itself an overdue commit-confirmed, expiring
        it is the rollback).
        Version 0 is the empty policy set that was in force before the first commit.
        ``before_commit`` as for :meth:`commit`. With ``base``, only while that version is the
        running one (:class:`StaleVersion` otherwise): undoing one's own change never undoes a later one.
        """
        with self.write() as s:
            if base is not None and (self._active(s) is None or self._active(s).id != base):
                active = self._active(s)
                raise StaleVersion(f"version {base} is no longer the running one (version "
                                   f"{active.id if active else None} is): not rolled back", running=active and active.id)
            if to_version is None and _overdue(self._active(s)):
                return self._expire(s, before_commit)
            self._expire(s)
            return self._rollback(s, to_version, actor=actor, reason=reason, before_commit=before_commit)

    def _rollback(self, s: Session, to_version: int | None, *, actor: str, reason: str,
                  before_commit: Callable[[PolicySet], None] | None = None) -> int:
        if to_version is None:
            to_version = self._default_target(s)
        target = self._policies_at(s, to_version)
        version = self._insert(s, target, actor=actor, action="rollback",
                               message=reason or f"rollback to version {to_version}")
        if before_commit is not None:
            before_commit(target)
        return version

    def default_rollback_target(self) -> int:
        """What a rollback with no version restores now (see :meth:`rollback`)."""
        with self.session() as s:
            return self._default_target(s)

    def policies_at(self, version: int) -> PolicySet:
        """The policy set of a stored version (0: the empty set before the first commit)."""
        with self.session() as s:
            return self._policies_at(s, version)

    @staticmethod
    def _policies_at(s: Session, version: int) -> PolicySet:
        if version == 0:
            return PolicySet()
        row = s.get(PolicyVersionRow, version)
        if row is None:
            raise UnknownEntity(f"no policy version {version}")
        return PolicySet.model_validate_json(row.policies)

    def _default_target(self, s: Session) -> int:
        """The newest earlier version that was confirmed and differs from the running one (0: the empty set)."""
        row = self._active(s)
        if row is None:
            raise UnknownEntity("nothing to roll back: no version has been committed")
        parent = row.parent_id
        while parent:
            p = s.get(PolicyVersionRow, parent)
            if p.confirmed and p.digest != row.digest:
                return p.id
            parent = p.parent_id
        return 0

    def _expire(self, s: Session, before_commit: Callable[[PolicySet], None] | None = None) -> int | None:
        row = self._active(s)
        if not _overdue(row):
            return None
        return self._rollback(s, row.parent_id or 0, actor="system", reason=f"version {row.id} not confirmed in time",
                              before_commit=before_commit)

    def expire_unconfirmed(self) -> int | None:
        """Roll back a commit-confirmed version whose deadline has passed; returns the new version."""
        with self.session() as s:
            overdue = _overdue(self._active(s))
        if not overdue:
            return None
        with self.write() as s:
            return self._expire(s)

    # -- requests, intents and audit ---------------------------------------------------------
    @staticmethod
    def new_id(prefix: str) -> str:
        return f"{prefix}-" + secrets.token_hex(4)

    def record_intents(self, request: RequestRow, rows: list[IntentRow], *, action: str, detail: dict) -> None:
        """Keep a request whose intents were refused or only dry-run, with its audit entry (one transaction)."""
        with self.write() as s:
            s.add(request)
            for r in rows:
                s.add(r)
            s.add(AuditRow(actor=request.actor, action=action,
                           detail={**detail, "request": request.id, "intents": [r.id for r in rows]}))

    def intents(self, limit: int = 100) -> list[IntentRow]:
        with self.session() as s:
            return list(s.exec(select(IntentRow).order_by(IntentRow.created_at.desc()).limit(limit)))

    def words_of(self, intent_id: str) -> str | None:
        """The operator's words an intent was translated from (None: given as IR, or unknown)."""
        with self.session() as s:
            row = s.get(IntentRow, intent_id)
            req = s.get(RequestRow, row.request_id) if row is not None and row.request_id else None
        return req.text if req is not None else None

    def request(self, request_id: str) -> RequestRow:
        return self._get(RequestRow, request_id, "request")

    def audit(self, limit: int = 100, action: str | None = None) -> list[AuditRow]:
        with self.session() as s:
            q = select(AuditRow).order_by(AuditRow.seq.desc()).limit(limit)
            if action:
                q = q.where(AuditRow.action == action)
            return list(s.exec(q))

    def action_counts(self, actions: list[str]) -> dict[str, int]:
        """How many audit entries each of ``actions`` has (for metrics)."""
        with self.session() as s:
            rows = s.exec(select(AuditRow.action, func.count()).where(AuditRow.action.in_(actions))
                          .group_by(AuditRow.action))
            found = dict(rows.all())
        return {a: int(found.get(a, 0)) for a in actions}

    def step_count(self, step: str) -> int:
        """How many agent steps named ``step`` ran (e.g. ``translate``: texts the hub read)."""
        with self.session() as s:
            return int(s.exec(select(func.count()).select_from(AgentStepRow).where(AgentStepRow.step == step)).one())

    def log(self, actor: str, action: str, detail: dict | None = None, version_id: int | None = None) -> None:
        with self.write() as s:
            s.add(AuditRow(actor=actor, action=action, detail=detail or {}, version_id=version_id))

    # -- agent runs --------------------------------------------------------------------------
    def start_run(self, run_id: str, *, actor: str, source: str, text: str | None) -> None:
        with self.write() as s:
            s.add(AgentRunRow(id=run_id, actor=actor, source=source, text=text))

    def record_step(self, run_id: str, step: str, ms: float, input: dict, output: dict) -> None:  # noqa: A002
        with self.write() as s:
            s.add(AgentStepRow(run_id=run_id, step=step, ms=ms, input=input, output=output))
            run = s.get(AgentRunRow, run_id)
            if run is not None:
                run.updated_at = utcnow()
                s.add(run)

    def claim_waiting_run(self, run_id: str) -> bool:
        """Move a run waiting for approval to running, once: False if it was not waiting (a second
        approval of the same plan, or one racing it, is refused instead of applying it twice)."""
        with self.write() as s:
            run = s.get(AgentRunRow, run_id)
            if run is None or run.status != "waiting":
                return False
            run.status, run.updated_at = "running", utcnow()
            s.add(run)
            return True

    def finish_run(self, run_id: str, status: str) -> None:
        with self.write() as s:
            run = s.get(AgentRunRow, run_id)
            if run is None:
                raise UnknownEntity(f"no agent run {run_id!r}")
            run.status, run.updated_at = status, utcnow()
            s.add(run)

    def runs(self, limit: int = 50) -> list[AgentRunRow]:
        with self.session() as s:
            return list(s.exec(select(AgentRunRow).order_by(AgentRunRow.created_at.desc()).limit(limit)))

    def run(self, run_id: str) -> tuple[AgentRunRow, list[AgentStepRow]]:
        """A run and its steps in order."""
        row = self._get(AgentRunRow, run_id, "agent run")
        with self.session() as s:
            steps = list(s.exec(select(AgentStepRow).where(AgentStepRow.run_id == run_id).order_by(AgentStepRow.id)))
        return row, steps

    # -- node <-> hub: escalated utterances and their labels -------------------------------------
    def record_escalation(self, run_id: str, node: str, text: str, label: str, node_label: str,
                          confidence: float) -> None:
        with self.write() as s:
            s.add(EscalationRow(run_id=run_id, node=node, text=text, label=label, node_label=node_label,
                                confidence=confidence))

    def judge_escalation(self, run_id: str, approved: bool, actor: str) -> bool:
        """Record the operator's verdict on the hub's reading of a run's escalated utterance; False
        when the run escalated nothing."""
        with self.write() as s:
            row = s.get(EscalationRow, run_id)
            if row is None:
                return False
            row.verdict, row.judged_by = ("approved" if approved else "rejected"), actor
            s.add(row)
            s.add(AuditRow(actor=actor, action="label", detail={"run": run_id, "node": row.node,
                                                                  "label": row.label, "verdict": row.verdict}))
        return True

    def escalations(self, nodes: list[str] | None = None, verdict: str | None = None) -> list[EscalationRow]:
        """Escalations, oldest first, of ``nodes`` (default all) with ``verdict`` (default any)."""
        q = select(EscalationRow).order_by(EscalationRow.created_at)
        if nodes is not None:
            q = q.where(EscalationRow.node.in_(nodes))
        if verdict is not None:
            q = q.where(EscalationRow.verdict == verdict)
        with self.session() as s:
            return list(s.exec(q))

    # -- the closed loop: alarms and the kill switch ---------------------------------------------
    def raise_alarm(self, node: str, kind: str, score: float, tick: int, evidence: dict) -> int:
        with self.write() as s:
            row = AlarmRow(node=node, kind=kind, score=score, raised_tick=tick, evidence=evidence)
            s.add(row)
            s.flush()
            return int(row.id)

    def clear_alarm(self, alarm_id: int, tick: int) -> None:
        with self.write() as s:
            row = s.get(AlarmRow, alarm_id)
            if row is None:
                raise UnknownEntity(f"no alarm {alarm_id}")
            row.cleared_tick = tick
            s.add(row)

    def judge_alarm(self, alarm_id: int, false_alarm: bool, actor: str, why: str = "") -> None:
        """Record whether an alarm was a false one (audited); the loop counts false alarms of a node's
        detector towards retraining it."""
        with self.write() as s:
            row = s.get(AlarmRow, alarm_id)
            if row is None:
                raise UnknownEntity(f"no alarm {alarm_id}")
            row.verdict, row.judged_by = ("false" if false_alarm else "true"), actor
            s.add(row)
            s.add(AuditRow(actor=actor, action="alarm_verdict", detail={"alarm": alarm_id, "node": row.node,
                                                                         "kind": row.kind, "verdict": row.verdict,
                                                                         "why": why}))

    def alarm_verdicts(self, ids: list[int]) -> dict[int, str]:
        """The verdicts given so far on the alarms ``ids`` (those not judged are absent)."""
        if not ids:
            return {}
        with self.session() as s:
            rows = s.exec(select(AlarmRow.id, AlarmRow.verdict).where(AlarmRow.id.in_(ids), AlarmRow.verdict.is_not(None)))
            return {int(i): str(v) for i, v in rows}

    def alarms(self, open_only: bool = False, limit: int = 100) -> list[AlarmRow]:
        """Alarms, newest first (``open_only``: not cleared yet)."""
        q = select(AlarmRow).order_by(AlarmRow.id.desc()).limit(limit)
        if open_only:
            q = q.where(AlarmRow.cleared_tick.is_(None))
        with self.session() as s:
            return list(s.exec(q))

    def open_alarm_count(self) -> int:
        with self.session() as s:
            return int(s.exec(select(func.count()).select_from(AlarmRow).where(AlarmRow.cleared_tick.is_(None))).one())

    def set_loop_killed(self, killed: bool, actor: str, reason: str = "") -> None:
        """The kill switch: no automatic action while it is on (every process reads it from here)."""
        with self.write() as s:
            row = s.get(MetaRow, "loop_killed") or MetaRow(key="loop_killed", value=False)
            row.value = killed
            s.add(row)
            s.add(AuditRow(actor=actor, action="loop_kill" if killed else "loop_resume", detail={"reason": reason}))

    def loop_killed(self) -> bool:
        with self.session() as s:
            row = s.get(MetaRow, "loop_killed")
        return bool(row is not None and row.value)

    # -- learning jobs -----------------------------------------------------------------------
    def save_job(self, job_id: str, spec: dict, status: str = "pending") -> None:
        """Record a job about to run; a job id seen before starts over (no progress carried over)."""
        with self.write() as s:
            row = s.get(JobRow, job_id) or JobRow(id=job_id, spec=spec)
            row.spec, row.status, row.progress, row.result, row.updated_at = spec, status, [], None, utcnow()
            s.add(row)
            s.add(AuditRow(actor="hub", action="job", detail={"job": job_id, "status": status}))

    def job_progress(self, job_id: str, event: dict, status: str | None = None,
                     result: dict | None = None) -> None:
        """Append one progress event (round, loss, accuracy, bytes, ...) and optionally change status."""
        with self.write() as s:
            row = s.get(JobRow, job_id)
            if row is None:
                raise UnknownEntity(f"no job {job_id!r}", job=job_id)
            row.progress = [*row.progress, event]
            if status:
                row.status = status
            if result is not None:
                row.result = result
            row.updated_at = utcnow()
            s.add(row)
            if status:
                s.add(AuditRow(actor="hub", action="job", detail={"job": job_id, "status": status}))

    def job(self, job_id: str) -> JobRow:
        return self._get(JobRow, job_id, "job")

    def jobs(self) -> Iterator[JobRow]:
        with self.session() as s:
            yield from s.exec(select(JobRow).order_by(JobRow.created_at.desc()))

    # -- API tokens and idempotent requests --------------------------------------------------
    def create_token(self, owner: str, role: str, actor: str = "admin") -> str:
        """A new token for ``owner`` with ``role``; the only time its secret is seen."""
        token_id, secret = secrets.token_hex(4), secrets.token_urlsafe(32)
        with self.write() as s:
            s.add(TokenRow(id=token_id, owner=owner, role=role, digest=_digest(secret)))
            s.add(AuditRow(actor=actor, action="token_create", detail={"token": token_id, "owner": owner, "role": role}))
        return f"tl_{token_id}_{secret}"

    def token(self, presented: str) -> TokenRow | None:
        """The live token ``presented`` is, or None (malformed, unknown, wrong secret, revoked)."""
        parts = presented.split("_", 2)
        if len(parts) != 3 or parts[0] != "tl":
            return None
        with self.session() as s:
            row = s.get(TokenRow, parts[1][:16])
        if row is None or row.revoked_at is not None or not hmac.compare_digest(row.digest, _digest(parts[2])):
            return None
        return row

    def tokens(self) -> list[TokenRow]:
        with self.session() as s:
            return list(s.exec(select(TokenRow).order_by(TokenRow.created_at)))

    def revoke_token(self, token_id: str, actor: str) -> None:
        with self.write() as s:
            row = s.get(TokenRow, token_id)
            if row is None or row.revoked_at is not None:
                raise UnknownEntity(f"no live token {token_id!r}")
            row.revoked_at = utcnow()
            s.add(row)
            s.add(AuditRow(actor=actor, action="token_revoke", detail={"token": token_id, "owner": row.owner}))

    def claim_request(self, key: str, fingerprint: str, stale_after_s: float = 900.0) -> IdempotencyRow | None:
        """Claim ``key`` for a request about to run (None), or the row of the request that claimed it
        first. A claim still unfinished after ``stale_after_s`` (its process died) is taken over."""
        with self.write() as s:
            row = s.get(IdempotencyRow, key)
            if row is not None and row.status is None and _aware(row.created_at) < utcnow() - timedelta(seconds=stale_after_s):
                s.delete(row)
                s.flush()
                row = None
            if row is None:
                s.add(IdempotencyRow(key=key, fingerprint=fingerprint))
            return row

    def finish_request(self, key: str, status: int, response: dict) -> None:
        with self.write() as s:
            row = s.get(IdempotencyRow, key)
            if row is not None:
                row.status, row.response = status, response
                s.add(row)

    def release_request(self, key: str) -> None:
        """Forget a claim whose request failed unexpectedly, so that a retry runs it."""
        with self.write() as s:
            row = s.get(IdempotencyRow, key)
            if row is not None:
                s.delete(row)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
