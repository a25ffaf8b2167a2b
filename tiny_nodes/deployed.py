"""Deployed detectors (node path, numpy only): preprocessor + int8 model + class names in one file."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np

from .nslkdd import Preprocessor
from .qmodel import QuantizedMLP


def sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-z))


def artifact_path(name: str) -> Path:
    """Path of a committed artifact in ``tiny_nodes/artifacts``."""
    return Path(str(resources.files("tiny_nodes").joinpath("artifacts", name)))


@dataclass
class Detection:
    """Scores of one row: ``attack`` in (0, 1) (alarm when > 0.5) and the most likely class."""

    attack: float
    alarm: bool
    label: str
    class_probs: dict[str, float]


class Detector:
    """An int8 detector as a node runs it: raw feature rows in, :class:`Detection` out.

    The model's attack threshold is folded into its logit (see ``compress.calibrate_threshold``),
    so ``alarm`` is simply ``attack > 0.5``.
    """

    def __init__(self, model: QuantizedMLP) -> None:
        self.model = model
        self.pre = Preprocessor.from_dict(model.meta["preprocessor"])
        self.classes: tuple[str, ...] = tuple(model.meta["classes"])
        if self.pre.n_features != model.in_dim or len(self.classes) + 1 != model.out_dim:
            raise ValueError("model file is inconsistent: preprocessor/classes do not match the network")

    @classmethod
    def load(cls, path: str | Path) -> Detector:
        return cls(QuantizedMLP.load(path))

    @property
    def columns(self) -> tuple[str, ...]:
        return self.pre.columns

    @property
    def version(self) -> int:
        return int(self.model.meta.get("version", 0))

    def logits(self, rows: Sequence[Sequence[Any]] | np.ndarray) -> np.ndarray:
        """Raw rows -> dequantized int8 logits (raises ``InputError`` on bad rows)."""
        return self.model.predict_logits(self.pre.transform(rows))

    def detect(self, rows: Sequence[Sequence[Any]] | np.ndarray) -> list[Detection]:
        z = self.logits(rows).astype(np.float64)
        attack = sigmoid(z[:, 0])
        e = np.exp(z[:, 1:] - z[:, 1:].max(axis=1, keepdims=True))
        probs = e / e.sum(axis=1, keepdims=True)
        return [Detection(float(a), bool(zi > 0), self.classes[int(p.argmax())],
                          {c: float(v) for c, v in zip(self.classes, p)})
                for a, zi, p in zip(attack, z[:, 0], probs)]


def shipped_models() -> list[dict]:
    """The int8 node models shipped in ``tiny_nodes/artifacts``, with their model cards and sizes."""
    return [{"model": f.name.removesuffix("_int8.npz"), "version": "shipped", "file": str(f), "bytes": f.stat().st_size,
             "card": str(f.with_suffix(".md"))} for f in sorted(artifact_path("").glob("*_int8.npz"))]
