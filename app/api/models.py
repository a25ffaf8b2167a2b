"""The API's request and response bodies: the OpenAPI document describes every one of them."""
from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from netmodel import ir
from netmodel.limits import MAX_CONFIRM_TIMEOUT_S, MAX_INTENTS, MAX_VERSION, Text


class Body(BaseModel):
    """Request bodies: a misspelt field is an error, never silently ignored (``dryRun`` does not commit)."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class IntentRequest(Body):
    """An operator's request: their words (translated by the hub) or IR intents; the hub agent runs it."""

    text: Annotated[Text, Field(max_length=2000)] | None = Field(default=None, description="the operator's words")
    intents: list[ir.Intent] | None = Field(default=None, min_length=1, max_length=MAX_INTENTS,
                                            description="IR intents (instead of text)")
    dry_run: bool = Field(default=False, description="translate and plan; change nothing")
    node: str | None = Field(default=None, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$",
                             description="the site whose node agent received the text (its classifier runs first)")

    @model_validator(mode="after")
    def _one_of(self) -> IntentRequest:
        if (self.text is None) == (self.intents is None):
            raise ValueError("give either text or intents")
        return self


class CommitRequest(Body):
    """IR intents committed as given: compiled, verified and applied whole or not at all, without the
    agent's approval step (for automation that plans its own changes)."""

    intents: list[ir.Intent] = Field(min_length=1, max_length=MAX_INTENTS,
                                     description="IR intents, applied whole or not at all")
    text: Text | None = Field(default=None, description="the operator's words, kept in the store")
    dry_run: bool = False
    confirm_timeout_s: float | None = Field(default=None, gt=0, le=MAX_CONFIRM_TIMEOUT_S,
                                            description="commit-confirmed: rolls back unless confirmed in time")
    base_version: int | None = Field(default=None, ge=0, le=MAX_VERSION,
                                     description="apply only if this version is still running (0: none yet)")
    max_devices: int | None = Field(default=None, ge=1, le=1_000_000,
                                    description="raise the blast-radius limit for this change (devices touched)")


class TranslateRequest(Body):
    text: Annotated[Text, Field(max_length=2000)] = Field(description="the operator's words; treated as data")
    id: str = Field(default="q", pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$")


class RollbackRequest(Body):
    version: int | None = Field(default=None, ge=0, le=MAX_VERSION,
                                description="default: the version before the running one; 0: no policies")


class ConfirmRequest(Body):
    version: int | None = Field(default=None, ge=1, le=MAX_VERSION,
                                description="confirm only if this is the version waiting (default: whichever waits)")


class Decision(Body):
    approve: bool = Field(description="true: apply the plan the run waits on; false: reject it")


class Step(BaseModel):
    step: str
    ms: float
    started_at: datetime
    output: dict[str, Any]


class Run(BaseModel):
    """A hub agent run: where it ended (``status``), its trace, and what it waits on, if anything."""

    run_id: str
    status: str = Field(description="running, waiting, assured, answered, planned, no_change, refused, "
                                    "rejected, rolled_back, learning, failed")
    actor: str
    source: str
    text: str | None
    created_at: datetime
    steps: list[Step]
    waiting_for: dict[str, Any] | None = Field(default=None, description="the read-back and diff a person must approve")
    result: dict[str, Any] = Field(default_factory=dict, description="plan, outcome, assurance, answer, explanation")


class RunSummary(BaseModel):
    run_id: str
    status: str
    actor: str
    text: str | None
    created_at: datetime


class Running(BaseModel):
    version: int | None
    policies: dict[str, Any]


class Version(BaseModel):
    id: int
    parent_id: int | None = None
    created_at: datetime
    actor: str
    message: str
    n_objects: int
    active: bool
    confirmed: bool
    confirm_by: datetime | None = None
    digest: str


class VersionRef(BaseModel):
    version: int


class Node(BaseModel):
    id: str
    role: str


class Link(BaseModel):
    source: str
    target: str
    capacity_mbps: float
    latency_ms: float
    up: bool
    reserved_mbps: float
    slices: list[str]
    routes: list[str]


class Topology(BaseModel):
    """The twin with what runs on it: each link's reservations, the slices and routes crossing it."""

    name: str
    version: int | None
    nodes: list[Node]
    links: list[Link]
    slices: dict[str, list[list[str]]] = Field(description="slice -> its sites' paths")
    routes: dict[str, list[list[str]]] = Field(description="route -> its paths")


class LinkLoad(BaseModel):
    source: str
    target: str
    load_mbps: float
    utilization: float
    latency_ms: float
    loss: float
    up: bool


class Telemetry(BaseModel):
    tick: int
    source: Literal["loop", "snapshot"] = Field(description="the running loop's last tick, or a fresh simulated one")
    links: list[LinkLoad]


class Alarm(BaseModel):
    id: int
    node: str
    kind: str
    score: float
    raised_tick: int
    cleared_tick: int | None
    evidence: dict[str, Any]
    created_at: datetime


class AuditEntry(BaseModel):
    seq: int
    ts: datetime
    actor: str
    action: str
    version_id: int | None
    detail: dict[str, Any]


class JobRequest(Body):
    intent: ir.LearnFedFT | ir.LearnSplit = Field(discriminator="kind")


class Job(BaseModel):
    id: str
    status: str
    spec: dict[str, Any]
    progress: list[dict[str, Any]]
    result: dict[str, Any] | None
    created_at: datetime
    updated_at: datetime


class JobStarted(BaseModel):
    run_id: str
    jobs: list[str]


class LoopStart(Body):
    scenario: Literal["none", "ddos", "link_down", "latency", "congestion", "buildup", "mixed", "gnb_congestion"] = "none"
    ticks: int = Field(default=600, ge=1, le=100_000)
    tick_s: float = Field(default=1.0, ge=0.0, le=60.0, description="seconds between ticks")
    fault_at: int = Field(default=5, ge=0, le=100_000)
    duration: int = Field(default=40, ge=1, le=100_000)


class KillSwitch(Body):
    on: bool = Field(description="true: stop every automatic action now; false: let the loop act again")
    reason: Annotated[Text, Field(max_length=500)] = ""


class LoopAction(BaseModel):
    rule: str
    node: str
    event: str
    action: str
    tick: int
    status: str


class LoopState(BaseModel):
    running: bool
    killed: bool
    scenario: str
    tick: int | None
    open_alarms: list[list[str]]
    violations: int | None
    actions: list[LoopAction]


class TokenRequest(Body):
    owner: str = Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,63}$")
    role: Literal["viewer", "operator", "admin"]


class Token(BaseModel):
    id: str
    owner: str
    role: str
    created_at: datetime
    revoked_at: datetime | None


class NewToken(Token):
    token: str = Field(description="shown once: the store keeps only its hash")


class Me(BaseModel):
    owner: str
    role: str
    token_id: str


class Health(BaseModel):
    ok: bool
    version: int | None
    conflicts: list[dict[str, Any]]
