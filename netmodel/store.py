"""Persistent store: intents, policy versions, learning jobs and an append-only audit log.

SQLite through SQLModel by default (any SQLAlchemy URL works, Postgres included). Every state
change is one database transaction, so a crash between its steps leaves either the old or the
new state. Policy versions are immutable snapshots of the whole :class:`PolicySet`; the active
one is the running configuration. Rollback writes a new version equal to an older one, so
history only grows. The audit table refuses UPDATE and DELETE (triggers on SQLite/Postgres).
"""
from __future__ import annotations

import json
import os
import secrets
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import networkx as nx
from sqlalchemy import JSON, Column, event, text
from sqlalchemy.engine import Engine
from sqlmodel import Field, Session, SQLModel, create_engine, select

from .errors import UnknownEntity
from .policy import PolicySet
from .twin import from_node_link, load_topology, to_node_link


def utcnow() -> datetime:
    return datetime.now(UTC)


def default_home() -> Path:
    """Where TinyLarge keeps its state: ``$TINYLARGE_HOME`` or ``~/.local/share/tinylarge``."""
    env = os.environ.get("TINYLARGE_HOME")
    base = Path(env) if env else Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local/share")) / "tinylarge"
    return base


def default_url() -> str:
    return os.environ.get("TINYLARGE_DB") or f"sqlite:///{default_home() / 'tinylarge.db'}"


class MetaRow(SQLModel, table=True):
    __tablename__ = "meta"
    key: str = Field(primary_key=True)
    value: Any = Field(sa_column=Column(JSON))


class IntentRow(SQLModel, table=True):
    __tablename__ = "intents"
    id: str = Field(primary_key=True)
    created_at: datetime = Field(default_factory=utcnow, index=True)
    source: str = "cli"
    text: str | None = None
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
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _: Any) -> None:
        cur = dbapi_conn.cursor()
        cur.execute("PRAGMA journal_mode=WAL")
        cur.execute("PRAGMA synchronous=FULL")
        cur.execute("PRAGMA busy_timeout=10000")
        cur.close()


class Store:
    """All persistent state of one TinyLarge installation, behind one SQLAlchemy URL."""

    def __init__(self, url: str | None = None, topology: nx.Graph | None = None) -> None:
        self.url = url or default_url()
        if self.url.startswith("sqlite:///"):
            Path(self.url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(self.url)
        if self.engine.dialect.name == "sqlite":
            _sqlite_pragmas(self.engine)
        SQLModel.metadata.create_all(self.engine)
        with self.engine.begin() as conn:
            for stmt in _APPEND_ONLY.get(self.engine.dialect.name, []):
                conn.execute(text(stmt))
        with Session(self.engine) as s:
            if s.get(MetaRow, "topology") is None:
                g = topology if topology is not None else load_topology()
                s.add(MetaRow(key="topology", value=to_node_link(g)))
                s.add(AuditRow(actor="system", action="init", detail={"topology": g.graph.get("name", "?"),
                                                                         "nodes": g.number_of_nodes()}))
                s.commit()

    @classmethod
    def at(cls, path: str | Path, topology: nx.Graph | None = None) -> Store:
        return cls(f"sqlite:///{Path(path).expanduser()}", topology)

    def session(self) -> Session:
        return Session(self.engine, expire_on_commit=False)

    # -- inventory ---------------------------------------------------------------------------
    def topology(self) -> nx.Graph:
        """The twin this store was initialised with (link up/down state included)."""
        with self.session() as s:
            return from_node_link(s.get(MetaRow, "topology").value)

    def save_topology(self, g: nx.Graph, actor: str = "operator") -> None:
        with self.session() as s:
            row = s.get(MetaRow, "topology")
            row.value = to_node_link(g)
            s.add(row)
            s.add(AuditRow(actor=actor, action="topology", detail=self._topology_detail(g)))
            s.commit()

    @staticmethod
    def _topology_detail(g: nx.Graph) -> dict:
        return {"name": g.graph.get("name"), "nodes": g.number_of_nodes(),
                "links_down": [f"{u}--{v}" for u, v, up in g.edges(data="up") if not up]}

    # -- policy versions ---------------------------------------------------------------------
    def active_version(self) -> PolicyVersionRow | None:
        with self.session() as s:
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
        with self.session() as s:
            return list(s.exec(select(PolicyVersionRow).order_by(PolicyVersionRow.id.desc()).limit(limit)))

    def commit(self, candidate: PolicySet, *, actor: str = "operator", message: str = "",
               intents: list[IntentRow] = (), confirm_timeout_s: float | None = None,
               action: str = "commit") -> int:
        """Make ``candidate`` the running version, in one transaction with its intents and audit entry."""
        with self.session() as s:
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
            s.commit()
            return row.id

    def confirm(self, actor: str = "operator") -> int:
        """Confirm the pending commit-confirmed version, so it will not roll back."""
        with self.session() as s:
            row = self._active(s)
            if row is None or row.confirmed:
                raise UnknownEntity("no commit is waiting for confirmation")
            row.confirmed, row.confirm_by = True, None
            s.add(row)
            s.add(AuditRow(actor=actor, action="confirm", version_id=row.id))
            s.commit()
            return row.id

    def pending_confirmation(self) -> PolicyVersionRow | None:
        row = self.active_version()
        return row if row is not None and not row.confirmed else None

    def rollback(self, to_version: int | None = None, *, actor: str = "operator", reason: str = "") -> int:
        """Make an older version's policies running again, as a new version.

        The default target is the active version's parent; version 0 is the empty policy set that
        was in force before the first commit.
        """
        if to_version is None:
            active = self.active_version()
            if active is None:
                raise UnknownEntity("nothing to roll back: no version has been committed")
            to_version = active.parent_id or 0
        target = PolicySet() if to_version == 0 else PolicySet.model_validate_json(self.version(to_version).policies)
        return self.commit(target, actor=actor, action="rollback", message=reason or f"rollback to version {to_version}")

    def expire_unconfirmed(self, now: datetime | None = None) -> int | None:
        """Roll back a commit-confirmed version whose confirmation time has passed; returns the new version."""
        row = self.pending_confirmation()
        if row is None or row.confirm_by is None or row.confirm_by > (now or utcnow()):
            return None
        return self.rollback(row.parent_id or 0, actor="system", reason=f"version {row.id} not confirmed in time")

    # -- intents and audit -------------------------------------------------------------------
    @staticmethod
    def new_intent_id() -> str:
        return "i-" + secrets.token_hex(4)

    def record_intents(self, rows: list[IntentRow], *, actor: str, action: str, detail: dict) -> None:
        """Keep intents that were refused or only dry-run, with their audit entry (one transaction)."""
        with self.session() as s:
            for r in rows:
                s.add(r)
            s.add(AuditRow(actor=actor, action=action, detail={**detail, "intents": [r.id for r in rows]}))
            s.commit()

    def intents(self, limit: int = 100) -> list[IntentRow]:
        with self.session() as s:
            return list(s.exec(select(IntentRow).order_by(IntentRow.created_at.desc()).limit(limit)))

    def audit(self, limit: int = 100, action: str | None = None) -> list[AuditRow]:
        with self.session() as s:
            q = select(AuditRow).order_by(AuditRow.seq.desc()).limit(limit)
            if action:
                q = q.where(AuditRow.action == action)
            return list(s.exec(q))

    def log(self, actor: str, action: str, detail: dict | None = None, version_id: int | None = None) -> None:
        with self.session() as s:
            s.add(AuditRow(actor=actor, action=action, detail=detail or {}, version_id=version_id))
            s.commit()

    # -- learning jobs -----------------------------------------------------------------------
    def save_job(self, job_id: str, spec: dict, status: str = "pending") -> None:
        with self.session() as s:
            row = s.get(JobRow, job_id) or JobRow(id=job_id, spec=spec)
            row.spec, row.status, row.updated_at = spec, status, utcnow()
            s.add(row)
            s.add(AuditRow(actor="hub", action="job", detail={"job": job_id, "status": status}))
            s.commit()

    def job_progress(self, job_id: str, event: dict, status: str | None = None,
                     result: dict | None = None) -> None:
        """Append one progress event (round, loss, accuracy, bytes, ...) and optionally change status."""
        with self.session() as s:
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
            s.commit()

    def job(self, job_id: str) -> JobRow:
        return self._get(JobRow, job_id, "job")

    def jobs(self) -> Iterator[JobRow]:
        with self.session() as s:
            yield from s.exec(select(JobRow).order_by(JobRow.created_at.desc()))


def dumps(obj: Any) -> str:
    return json.dumps(obj, default=str, indent=2)
