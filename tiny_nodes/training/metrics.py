"""Scores of detector outputs (any backend: torch fp32, numpy int8, compiled C) from their logits."""
from __future__ import annotations

import numpy as np
from sklearn.metrics import accuracy_score, f1_score, roc_auc_score

from ..deployed import sigmoid


def detector_metrics(logits: np.ndarray, y_binary: np.ndarray, y_class: np.ndarray) -> dict[str, float]:
    """Logits laid out as in :mod:`tiny_nodes.training.detector` (col 0 attack, cols 1.. classes) -> metrics.

    The binary decision is ``attack logit > 0`` (probability above 0.5); the class decision the
    argmax of the class head.
    """
    logits = np.asarray(logits, dtype=np.float64)
    score = sigmoid(logits[:, 0])
    pred = (logits[:, 0] > 0).astype(int)
    cls = logits[:, 1:].argmax(axis=1)
    return {
        "accuracy": float(accuracy_score(y_binary, pred)),
        "f1": float(f1_score(y_binary, pred)),
        "auc": float(roc_auc_score(y_binary, score)) if len(set(y_binary)) > 1 else float("nan"),
        "class_accuracy": float(accuracy_score(y_class, cls)),
        "class_macro_f1": float(f1_score(y_class, cls, average="macro", zero_division=0)),
    }
