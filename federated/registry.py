"""Versioned model weights per (model, node): what a learning job publishes and node agents load.

Files are plain ``.npz`` (numpy only, so the node path needs no torch) plus a JSON index with
the validation metrics each version was accepted with. Versions only grow.
"""
from __future__ import annotations

import json
import threading
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from .weights import Weights


@dataclass(frozen=True)
class ModelVersion:
    model: str
    node: str
    version: int
    path: str
    metrics: dict[str, Any]
    job_id: str | None
    created_at: str

    def load(self) -> Weights:
        with np.load(self.path) as z:
            return [z[f"arr_{i}"] for i in range(len(z.files))]


class ModelRegistry:
    """``root/<model>/<node>/v<k>.npz`` + ``root/index.json``."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.root.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()

    @property
    def _index_path(self) -> Path:
        return self.root / "index.json"

    def _index(self) -> list[dict[str, Any]]:
        return json.loads(self._index_path.read_text()) if self._index_path.exists() else []

    def versions(self, model: str, node: str) -> list[ModelVersion]:
        return [ModelVersion(**r) for r in self._index() if r["model"] == model and r["node"] == node]

    def current(self, model: str, node: str) -> ModelVersion | None:
        vs = self.versions(model, node)
        return vs[-1] if vs else None

    def publish(self, model: str, node: str, weights: Weights, metrics: dict[str, Any],
                job_id: str | None = None) -> ModelVersion:
        with self._lock:
            index = self._index()
            k = 1 + sum(1 for r in index if r["model"] == model and r["node"] == node)
            path = self.root / model / node / f"v{k}.npz"
            path.parent.mkdir(parents=True, exist_ok=True)
            np.savez(path, *weights)
            v = ModelVersion(model, node, k, str(path), metrics, job_id, datetime.now(UTC).isoformat())
            tmp = self._index_path.with_suffix(".tmp")
            tmp.write_text(json.dumps([*index, asdict(v)], indent=1))
            tmp.replace(self._index_path)  # atomic: a crash leaves the old index
            return v
