"""Tiny intent classifier (node path, numpy only): hashed n-grams -> int8 MLP -> IR kind, or escalate.

Labels: the ten IR kinds, ``error:<code>`` for the five error codes, and ``multi`` for an utterance
whose intents have several kinds (the node cannot answer those; they always go to the hub).
Confidence is the max softmax probability of the temperature-scaled int8 logits; below the
threshold stored in the model file the node escalates to the hub (the cascade).
"""
from __future__ import annotations

import re
import zlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from netmodel.ir import ERROR_CODES, KINDS

from .nslkdd import InputError
from .qmodel import QuantizedMLP

LABELS: tuple[str, ...] = (*KINDS, *(f"error:{c}" for c in ERROR_CODES), "multi")
MAX_CHARS = 2000
DIM, HIDDEN = 2048, (32,)
"""The node's classifier: 2048 hashed features -> 32 -> len(LABELS) (66 KB int8); training and the
federated app build this shape (chosen on writer w6 while it was held out, against 4096x16, 4096x24,
1024x64 and 2048x40)."""

_DIGITS = re.compile(r"\d+")
_WORD = re.compile(r"[a-z0#]+")


def label_of(record: dict[str, Any]) -> str:
    """The class of a translate record (``intents``/``error``), as in :data:`LABELS`."""
    intents = record.get("intents") or []
    if not intents:
        err = record.get("error") or {}
        if "code" not in err:
            raise ValueError("a record without intents needs an error code")
        return f"error:{err['code']}"
    kinds = {i["kind"] for i in intents}
    return kinds.pop() if len(kinds) == 1 else "multi"


@dataclass(frozen=True)
class Featurizer:
    """Hashed bag of word 1-2-grams and character 3-5-grams (digits collapsed to ``#``), log-counts, L2-normed.

    crc32 hashing keeps it stable across processes and easy to port to C; the model never stores a vocabulary.
    """

    dim: int = DIM
    char_ngrams: tuple[int, ...] = (3, 4, 5)

    def grams(self, text: str) -> Counter:
        t = _DIGITS.sub("#", text.lower())
        words = _WORD.findall(t)
        grams = Counter(f"w:{w}" for w in words)
        grams.update(f"b:{a} {b}" for a, b in zip(words, words[1:]))
        padded = " " + " ".join(words) + " "
        for n in self.char_ngrams:
            grams.update(f"c:{padded[i: i + n]}" for i in range(len(padded) - n + 1))
        return grams

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        X = np.zeros((len(texts), self.dim), dtype=np.float32)
        for r, text in enumerate(texts):
            if not isinstance(text, str):
                raise InputError(f"utterance {r}: expected text, got {type(text).__name__}")
            if not text.strip():
                raise InputError(f"utterance {r}: empty text")
            if len(text) > MAX_CHARS:
                raise InputError(f"utterance {r}: {len(text)} characters (max {MAX_CHARS})")
            for g, c in self.grams(text).items():
                X[r, zlib.crc32(g.encode()) % self.dim] += c
        X = np.log1p(X)
        return X / np.maximum(np.linalg.norm(X, axis=1, keepdims=True), 1e-12)


@dataclass
class IntentGuess:
    """The node's answer: a label with a calibrated confidence, and whether the hub must decide."""

    label: str
    confidence: float
    escalate: bool

    @property
    def kind(self) -> str | None:
        """The IR kind, when the label is one (not an error class or ``multi``)."""
        return self.label if self.label in KINDS else None


class IntentClassifier:
    """The int8 intent classifier with its cascade threshold (all stored in the model file's meta)."""

    def __init__(self, model: QuantizedMLP) -> None:
        meta = model.meta
        self.model = model
        self.featurizer = Featurizer(int(meta["dim"]), tuple(meta["char_ngrams"]))
        self.labels: tuple[str, ...] = tuple(meta["labels"])
        self.temperature = float(meta["temperature"])
        self.threshold = float(meta["threshold"])
        if self.featurizer.dim != model.in_dim or len(self.labels) != model.out_dim:
            raise ValueError("model file is inconsistent: featurizer/labels do not match the network")

    @classmethod
    def load(cls, path: str | Path) -> IntentClassifier:
        return cls(QuantizedMLP.load(path))

    def probs(self, texts: Sequence[str]) -> np.ndarray:
        """Temperature-scaled softmax over :attr:`labels` of the int8 logits."""
        z = self.model.predict_logits(self.featurizer.transform(texts)).astype(np.float64) / self.temperature
        e = np.exp(z - z.max(axis=1, keepdims=True))
        return e / e.sum(axis=1, keepdims=True)

    def classify(self, texts: Sequence[str], threshold: float | None = None) -> list[IntentGuess]:
        """Label + confidence per text; ``escalate`` when unsure (below threshold) or several kinds."""
        thr = self.threshold if threshold is None else threshold
        p = self.probs(texts)
        out = []
        for row in p:
            label, conf = self.labels[int(row.argmax())], float(row.max())
            out.append(IntentGuess(label, conf, conf < thr or label == "multi"))
        return out
