"""The hub agent's typed tools over the engines: classify, translate, plan, apply, assure, query,
rollback, learn, explain, and runbook (the action the runbooks propose for an alarm no rule covers).

Each is a LangChain ``StructuredTool`` with a pydantic argument schema, bound to one
:class:`Engines` (the network manager, the translator, the node classifier, the knowledge base
and the twin's telemetry). They take and return plain JSON, so an agent's state can be
checkpointed and a run's trace stored as it is. Nothing here decides: the hub agent's graph
chooses which tool runs next.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, get_args

from langchain_core.tools import StructuredTool
from pydantic import BaseModel, Field, model_validator

from netmodel import ir
from netmodel.assurance import check
from netmodel.errors import TinyLargeError, UnknownEntity
from netmodel.limits import MAX_CONFIRM_TIMEOUT_S, MAX_VERSION, Text
from netmodel.manager import NetworkManager, parse_intents
from netmodel.policy import JobSpec, ZtnRule
from netmodel.readback import added, readback
from netmodel.telemetry import TelemetrySimulator
from netmodel.verifier import devices_touched


@dataclass
class Engines:
    """What the tools act on. ``fast`` is the translator without retrieval, used when the node's
    classifier is confident; ``classifier`` (the shipped node classifier, for text that came to no
    site) and ``index`` may be None (no cascade, no runbooks); ``agents`` are the sites' node agents,
    each classifying with its own (federated-fine-tuned) model; ``runner`` (a
    :class:`federated.jobs.JobRunner`) runs the learning jobs an applied change holds."""

    manager: NetworkManager
    translator: Any
    fast: Any = None
    classifier: Any = None
    agents: dict[str, Any] = field(default_factory=dict)
    index: Any = None
    telemetry: TelemetrySimulator | None = None
    runner: Any = None
    assure_ticks: int = 3
    extra: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.telemetry is None:
            self.telemetry = TelemetrySimulator(self.manager.g, seed=0)

    def agent(self, node: str) -> Any:
        """The node agent at ``node``, or UnknownEntity naming the sites that have one."""
        if node not in self.agents:
            raise UnknownEntity(f"no node agent at {node!r}; sites with one: {', '.join(sorted(self.agents))}")
        return self.agents[node]


class TextArgs(BaseModel):
    text: Text = Field(description="the operator's words")


class ClassifyArgs(TextArgs):
    node: str | None = Field(None, description="the site whose node agent received the text")


class TranslateArgs(TextArgs):
    confident: bool = Field(False, description="the node classifier was sure: skip retrieval")


class IntentArgs(BaseModel):
    intents: list[dict] = Field(min_length=1, description="IR intents (JSON)")


class ApplyArgs(IntentArgs):
    text: str | None = None
    actor: str = "operator"
    confirm_timeout_s: float | None = Field(None, gt=0, le=MAX_CONFIRM_TIMEOUT_S)
    max_devices: int | None = Field(None, ge=1)


class AssureArgs(BaseModel):
    version: int = Field(ge=1, le=MAX_VERSION)
    intent_ids: list[str]


class VersionArgs(BaseModel):
    version: int | None = Field(None, ge=0, le=MAX_VERSION, description="default: the last confirmed other version")
    actor: str = "operator"
    reason: str = ""
    base: int | None = Field(None, ge=1, le=MAX_VERSION, description="only while this version is the running one")


class JobArgs(BaseModel):
    job_ids: list[str] = Field(default_factory=list, description="learning jobs of the running policy set")
    jobs: list[JobSpec] = Field(default_factory=list, description="jobs the closed loop proposes (retraining a "
                                                                  "node's detector): run, never put in force")

    @model_validator(mode="after")
    def _some(self) -> JobArgs:
        if not self.job_ids and not self.jobs:
            raise ValueError("learn needs job ids or jobs")
        return self


class RunbookArgs(BaseModel):
    event: str = Field(description="the alarm's event: ddos, anomaly, link_down, congestion, latency_violation")
    about: str = Field("", description="what the alarm says (node, evidence), to retrieve the runbook by")


class ExplainArgs(BaseModel):
    reasons: list[str] = Field(default_factory=list, description="why something was refused or rolled back")
    rule: str | None = Field(None, description="a running rule to explain: section/key, key, or intent id")

    @model_validator(mode="after")
    def _something(self) -> ExplainArgs:
        if not self.reasons and self.rule is None:
            raise ValueError("explain needs reasons or a rule")
        return self


def classify(e: Engines, text: str, node: str | None = None) -> dict:
    """The guess of ``node``'s agent (default: the shipped classifier); ``kept`` is the IR kind it is
    sure of (None: an error class, several kinds, or unsure: the hub decides)."""
    if node is not None:
        guess = e.agent(node).classify([text])[0].guess
    elif e.classifier is not None:
        guess = e.classifier.classify([text])[0]
    else:
        return {"label": None, "confidence": 0.0, "escalate": True, "kept": None, "node": None}
    return {"label": guess.label, "confidence": round(guess.confidence, 4), "escalate": guess.escalate,
            "kept": None if guess.escalate else guess.kind, "node": node}


def translate(e: Engines, text: str, confident: bool = False) -> dict:
    translator = e.fast if confident and e.fast is not None else e.translator
    return translator.translate(text, "agent").to_json()


def plan(e: Engines, intents: list[dict]) -> dict:
    """Compile and verify as a dry run: the diff, the verdict and the read-back; nothing changes."""
    try:
        p = e.manager.plan(parse_intents(intents))
    except TinyLargeError as err:
        return {"ok": False, "error": err.to_json(), "reasons": [err.message]}
    return {"ok": p.verdict.ok, "base": p.base, "diff": p.diff.lines(), "readback": readback(p.running, p.candidate),
            "reasons": p.verdict.reasons(), "conflicts": [c.model_dump() for c in p.verdict.conflicts],
            "devices": sorted(devices_touched(p.running, p.candidate))}


def apply(e: Engines, intents: list[dict], text: str | None = None, actor: str = "operator",
          confirm_timeout_s: float | None = None, max_devices: int | None = None) -> dict:
    try:
        r = e.manager.apply(parse_intents(intents), text=text, source="agent", actor=actor,
                            confirm_timeout_s=confirm_timeout_s, max_devices=max_devices)
    except TinyLargeError as err:
        return {"status": "refused", "error": err.to_json()}
    return r.model_dump(mode="json")


def assure(e: Engines, version: int, intent_ids: list[str]) -> dict:
    """Check what ``intent_ids`` put in force against the twin's telemetry for a few ticks: slices
    meet their latency on links that are up and not saturated, routes run over links that are up,
    rules are installed. A later commit on top of ``version`` leaves them in force: they are checked
    where they run now."""
    running_version, running = e.manager.network.get_running()
    ids = set(intent_ids)
    mine = [(s, o) for s, o in running.objects() if o.intent_id in ids]
    if not mine:
        return {"ok": False, "checked": 0, "objects": [],
                "violations": [f"what version {version} applied is no longer in force (version {running_version} runs)"]}
    e.telemetry.policies = running
    violations: list[str] = []
    for _ in range(e.assure_ticks):
        violations += [v.message for v in check(e.telemetry.step(), mine)]
    checked = e.assure_ticks * len(mine)
    return {"ok": not violations, "violations": sorted(set(violations)), "checked": checked,
            "objects": [f"{s}/{o.key()}" for s, o in mine], "ticks": e.assure_ticks}


def query(e: Engines, intents: list[dict]) -> dict:
    answers = []
    for it in parse_intents(intents):
        if not isinstance(it, ir.Query):
            raise ValueError("query answers questions only")
        answers.append(e.manager.answer(it))
    return {"answers": answers}


def rollback(e: Engines, version: int | None = None, actor: str = "operator", reason: str = "",
             base: int | None = None) -> dict:
    return {"version": e.manager.rollback(version, reason=reason, actor=actor, base=base)}


def learn(e: Engines, job_ids: list[str] | None = None, jobs: list[JobSpec] | None = None) -> dict:
    """Start learning jobs on the job runner (progress goes to the store): those in force
    (``job_ids``), and those the closed loop proposes (``jobs``: a node's detector retrained; they
    change no policy, so they are run without being put in force)."""
    if e.runner is None:
        raise ValueError("no job runner is attached to this hub: the jobs are recorded but cannot run here")
    running = e.manager.running.jobs
    missing = [j for j in job_ids or [] if j not in running]
    if missing:
        raise ValueError(f"job(s) {', '.join(missing)} are not in the running policy set")
    specs = [running[j] for j in job_ids or []] + [JobSpec.model_validate(j) for j in jobs or []]
    return {"started": [e.runner.start(s) for s in specs], "summary": [s.summary() for s in specs]}


def _runbook(e: Engines, about: str, k: int = 1) -> list[dict]:
    """The ``k`` runbook passages of the knowledge base nearest ``about``, quoted with their source."""
    hits = e.index.search(about, k=k, where={"source": "runbooks.md"}) if e.index is not None else []
    return [{"source": f"{h.meta.get('source')}: {h.meta.get('title')}", "text": h.text} for h in hits]


PROPOSED = re.compile(r"Proposed for an alarm no rule covers: `(\w+)`")
"""The line of a runbook section (knowledge/docs/runbooks.md) that names the action it proposes."""
ZTN_ACTIONS = get_args(ZtnRule.model_fields["action"].annotation)


def runbook(e: Engines, event: str, about: str = "") -> dict:
    """The action the runbook of ``event`` proposes for an alarm no rule covers, retrieved from the
    knowledge base, with the section cited (``runbook``). Without a knowledge index, or when no
    retrieved section is ``event``'s and names an action the loop can take, the proposal is an
    alert (a person is told; nothing would change) and ``note`` says why."""
    if e.index is None:
        return {"action": "alert", "runbook": None, "note": "no knowledge index: no runbook retrieved, only an alert"}
    for passage in _runbook(e, f"{event} alarm: {about}", k=3):
        found = PROPOSED.search(passage["text"])
        if f"(event `{event}`)" in passage["text"] and found and found.group(1) in ZTN_ACTIONS:
            return {"action": found.group(1), "runbook": passage, "note": None}
    return {"action": "alert", "runbook": None,
            "note": f"no runbook section retrieved for {event} names an action: only an alert"}


def _rule(e: Engines, rule: str) -> dict:
    """What a running rule does (its read-back line, from the compiled object), the words it came
    from, and the runbook that bears on it."""
    found = [(sec, o) for sec, o in e.manager.running.objects() if rule in (f"{sec}/{o.key()}", o.key(), o.intent_id)]
    if not found:
        names = [f"{sec}/{o.key()}" for sec, o in e.manager.running.objects()]
        shown = rule if len(rule) <= 80 else rule[:80] + "…"
        raise UnknownEntity(f"no rule {shown!r} is running" + (f"; running: {', '.join(names[:12])}" if names else
                                                               "; nothing is running"))
    section, obj = found[0]
    does = added(section, obj)
    return {"rule": f"{section}/{obj.key()}", "does": does, "intent_id": obj.intent_id,
            "asked": e.manager.store.words_of(obj.intent_id) if obj.intent_id else None, "runbook": _runbook(e, does)}


def explain(e: Engines, reasons: list[str] | None = None, rule: str | None = None) -> dict:
    """Why something was refused or rolled back (each reason with the runbook passage that bears on
    it), or what a running rule does."""
    out: dict[str, Any] = {"explanations": [{"reason": r, "runbook": _runbook(e, r)} for r in reasons or []]}
    if rule is not None:
        out["rule"] = _rule(e, rule)
    return out


def network_tools(e: Engines) -> dict[str, StructuredTool]:
    """The tools bound to ``e``, by name."""
    specs = [
        (classify, ClassifyArgs, "The node's tiny intent classifier: label, confidence, and whether to escalate."),
        (translate, TranslateArgs, "Operator text to IR records (LoRA Gemma; retrieval unless the node was sure)."),
        (plan, IntentArgs, "Compile and verify IR as a dry run: diff, verdict, read-back, devices touched."),
        (apply, ApplyArgs, "Apply IR through the transactional store (commit-confirmed when a timeout is given)."),
        (assure, AssureArgs, "Check an applied change against the twin's telemetry."),
        (query, IntentArgs, "Answer query intents from the twin and the store."),
        (rollback, VersionArgs, "Restore an earlier policy version."),
        (learn, JobArgs, "Start learning jobs in force (federated fine-tuning or split learning over node agents)."),
        (explain, ExplainArgs, "Explain refusals, or what a running rule does, with the runbooks of the knowledge base."),
        (runbook, RunbookArgs, "The action the runbooks propose for an alarm no rule covers, with the section cited."),
    ]
    return {fn.__name__: StructuredTool.from_function(lambda fn=fn, **kw: fn(e, **kw), name=fn.__name__,
                                                      description=desc, args_schema=schema)
            for fn, schema, desc in specs}
