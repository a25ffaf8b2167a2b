"""Node agent runtime (numpy only): watch the node's telemetry (a site's, or a gNB's in the same
layout), raise typed alarms, classify intents locally.

A :class:`NodeAgent` holds its models and counters and nothing else: every call takes the data it
needs and returns its result. Bad input (wrong feature count, NaN, unknown category, empty text)
raises :class:`~tiny_nodes.nslkdd.InputError` and is counted; it never yields a prediction.
New weights (after a federated round) arrive through :meth:`NodeAgent.load_weights`.
"""
from __future__ import annotations

import functools
import time as _time
from collections import Counter, deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field

from .deployed import Detector, artifact_path
from .intent import IntentClassifier, IntentGuess
from .nslkdd import InputError
from .qmodel import QuantizedMLP

AlarmKind = Literal["anomaly", "ddos", "intrusion"]
LESSONS = 512
"""Labelled telemetry rows a node keeps for its next retraining (the oldest go first)."""
ModelSlot = Literal["site", "flow", "intent"]
HubTranslate = Callable[[str], dict[str, Any]]


class Alarm(BaseModel):
    """What a node tells the hub: which node, what kind, how sure, on which features, when."""

    model_config = ConfigDict(frozen=True)

    node: str
    kind: AlarmKind
    score: float = Field(ge=0.0, le=1.0, description="detector attack probability")
    label: str = Field(description="the detector's class: ddos/anomaly for telemetry, an attack family for flows")
    features: dict[str, Any]
    time: float
    model_version: int


@dataclass
class IntentResult:
    """The cascade's answer for one utterance: the node's guess, and the hub's record when it escalated."""

    text: str
    guess: IntentGuess
    hub_record: dict[str, Any] | None = None

    @property
    def escalated(self) -> bool:
        return self.guess.escalate

    @property
    def label(self) -> str | None:
        """The node's label when it answered locally; None when the hub had to decide."""
        return None if self.guess.escalate else self.guess.label


@functools.lru_cache(maxsize=64)
def _file_model(kind: type, path: Path, mtime_ns: int) -> Any:
    return kind.load(path)


def _loaded(kind: type, path: Path) -> Any:
    """One loaded model per file (and version of it) shared by every agent that runs it: models are
    never changed in place (new weights replace the slot's object), and a thousand agents load once."""
    return _file_model(kind, path, path.stat().st_mtime_ns)


class NodeAgent:
    """TinyML agent of one site/gNB: int8 site detector, optional flow (NSL-KDD) detector, intent cascade."""

    def __init__(self, node: str, site: Detector, intents: IntentClassifier | None = None,
                 flow: Detector | None = None, hub: HubTranslate | None = None) -> None:
        self.node = node
        self.models: dict[str, Detector | IntentClassifier | None] = {"site": site, "flow": flow, "intent": intents}
        self.hub = hub
        self.counters: Counter[str] = Counter()
        self.lessons: deque[tuple[np.ndarray, str]] = deque(maxlen=LESSONS)

    @classmethod
    def default(cls, node: str, hub: HubTranslate | None = None, flows: bool = True,
                deployed: Path | None = None) -> NodeAgent:
        """An agent with the committed int8 artifacts, each replaced by the version a learning job
        deployed to this node since, when ``deployed/<node>/<slot>_int8.npz`` holds one."""
        def model(slot: str, shipped: str) -> Path:
            kept = deployed / node / f"{slot}_int8.npz" if deployed is not None else None
            return kept if kept is not None and kept.exists() else artifact_path(shipped)

        return cls(node, _loaded(Detector, model("site", "site_int8.npz")),
                   _loaded(IntentClassifier, model("intent", "intent_int8.npz")),
                   _loaded(Detector, model("flow", "nslkdd_int8.npz")) if flows else None, hub)

    # -- weights ---------------------------------------------------------------------------------
    def version(self, slot: ModelSlot) -> int:
        model = self.models[slot]
        return -1 if model is None else int(model.model.meta.get("version", 0))

    def load_weights(self, slot: ModelSlot, model: QuantizedMLP | str | Path) -> int:
        """Install new int8 weights (a :class:`QuantizedMLP` or its ``.npz``) into ``slot``; returns the version.

        The model must carry a ``version`` in its meta greater than the installed one and keep the
        slot's input/output shape; anything else is refused (``ValueError``) and the old model stays.
        Hub side: ``tiny_nodes.training.quantize.pack_for_node`` turns a trained torch model into one.
        """
        q = model if isinstance(model, QuantizedMLP) else QuantizedMLP.load(model)
        new = IntentClassifier(q) if slot == "intent" else Detector(q)
        old = self.models[slot]
        if old is not None:
            if (q.in_dim, q.out_dim) != (old.model.in_dim, old.model.out_dim):
                raise ValueError(f"{slot}: new model maps {q.in_dim}->{q.out_dim}, installed one "
                                 f"{old.model.in_dim}->{old.model.out_dim}")
            if int(q.meta.get("version", 0)) <= self.version(slot):
                raise ValueError(f"{slot}: version {q.meta.get('version', 0)} is not newer than {self.version(slot)}")
        self.models[slot] = new
        self.counters[f"weights_{slot}"] += 1
        return self.version(slot)

    def label(self, rows: Sequence[Sequence[float]], label: str) -> None:
        """Keep telemetry rows of this node with the label a verdict gave them (``normal`` for an
        alarm judged false): the node's own examples for the next retraining of its site detector."""
        classes = self._detector("site").classes
        if label not in classes:
            raise ValueError(f"label {label!r} is not a class of the site detector ({', '.join(classes)})")
        for row in rows:
            self.lessons.append((np.asarray(row, dtype=np.float32), label))
        self.counters["lessons"] += len(rows)

    # -- detection -------------------------------------------------------------------------------
    def _detector(self, slot: ModelSlot) -> Detector:
        det = self.models[slot]
        if not isinstance(det, Detector):
            raise RuntimeError(f"node {self.node} has no {slot} detector")
        return det

    def _guarded(self, what: str, fn: Callable[[], Any]) -> Any:
        try:
            return fn()
        except InputError:
            self.counters[f"rejected_{what}"] += 1
            raise

    def observe(self, features: Sequence[float] | np.ndarray, time: float | None = None) -> Alarm | None:
        """Score one telemetry vector of this node (``netmodel.telemetry.SITE_FEATURES`` order)."""
        det = self._detector("site")
        row = np.asarray(features, dtype=object)
        if row.ndim != 1:
            self.counters["rejected_telemetry"] += 1
            raise InputError(f"expected one telemetry vector of {len(det.columns)} values, got shape {row.shape}")
        d = self._guarded("telemetry", lambda: det.detect([row])[0])
        return self._alarm(det, d, row, _time.time() if time is None else time)

    def _alarm(self, det: Detector, d: Any, row: np.ndarray, time: float) -> Alarm | None:
        """Count one scored vector; the alarm it raises, if any."""
        self.counters["observations"] += 1
        if not d.alarm:
            return None
        self.counters["alarms"] += 1
        kind: AlarmKind = "ddos" if d.label == "ddos" else "anomaly"
        return Alarm(node=self.node, kind=kind, score=d.attack, label=d.label,
                     features=dict(zip(det.columns, map(float, row))), time=time, model_version=det.version)

    @staticmethod
    def observe_all(agents: Sequence[NodeAgent], snapshot: Any) -> dict[str, Alarm | None]:
        """Every agent's :meth:`observe_snapshot` of one tick, the agents that run the same detector
        scored in one batch (what a hub simulating thousands of nodes needs; a node scores only its own)."""
        groups: dict[int, list[NodeAgent]] = {}
        for agent in agents:
            groups.setdefault(id(agent._detector("site")), []).append(agent)
        out: dict[str, Alarm | None] = {}
        for group in groups.values():
            det = group[0]._detector("site")
            rows = [np.asarray(snapshot.features(a.node), dtype=object) for a in group]
            for agent, row, d in zip(group, rows, det.detect(np.stack(rows))):
                out[agent.node] = agent._alarm(det, d, row, float(snapshot.t))
        return out

    def observe_snapshot(self, snapshot: Any) -> Alarm | None:
        """Score this node's features in a ``netmodel.telemetry.Snapshot`` (its tick is the alarm time)."""
        return self.observe(snapshot.features(self.node), time=float(snapshot.t))

    def inspect_flows(self, rows: Sequence[Sequence[Any]], time: float | None = None) -> list[Alarm]:
        """Score NSL-KDD-style connection records (41 raw fields each); one alarm per flagged record."""
        det = self._detector("flow")
        found = self._guarded("flows", lambda: det.detect(rows))
        self.counters["flows"] += len(found)
        now = _time.time() if time is None else time
        alarms = [Alarm(node=self.node, kind="intrusion", score=d.attack, label=d.label,
                        features=dict(zip(det.columns, row)), time=now, model_version=det.version)
                  for d, row in zip(found, rows) if d.alarm]
        self.counters["alarms"] += len(alarms)
        return alarms

    # -- intents ---------------------------------------------------------------------------------
    def classify(self, texts: Sequence[str]) -> list[IntentResult]:
        """The cascade: answer locally when confident, else ask the hub (when one is connected)."""
        clf = self.models["intent"]
        if not isinstance(clf, IntentClassifier):
            raise RuntimeError(f"node {self.node} has no intent classifier")
        if isinstance(texts, str):
            raise InputError("classify takes a list of utterances, not one string")
        guesses = self._guarded("intents", lambda: clf.classify(list(texts)))
        out = []
        for text, g in zip(texts, guesses):
            self.counters["escalated" if g.escalate else "answered_locally"] += 1
            out.append(IntentResult(text, g, self.hub(text) if g.escalate and self.hub else None))
        return out
