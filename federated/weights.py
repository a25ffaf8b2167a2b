"""Model weights as lists of numpy arrays (Flower's ``NDArrays`` convention) and payload sizes.

Everything the engines exchange between hub and nodes goes through these helpers, so byte
counts are measured in one place: a payload's size is the sum of its arrays' ``nbytes``
(raw tensor bytes, no framing).
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import torch
from torch import nn

Weights = list[np.ndarray]


def get_weights(model: nn.Module) -> Weights:
    """The model's state (parameters and buffers) as float32 numpy copies, in state-dict order."""
    return [t.detach().cpu().numpy().astype(np.float32, copy=True) for t in model.state_dict().values()]


def set_weights(model: nn.Module, weights: Sequence[np.ndarray]) -> None:
    """Load ``weights`` (state-dict order) into ``model``; shapes must match exactly."""
    keys = list(model.state_dict())
    if len(keys) != len(weights):
        raise ValueError(f"expected {len(keys)} arrays, got {len(weights)}")
    state = {}
    for k, w, ref in zip(keys, weights, model.state_dict().values()):
        if tuple(w.shape) != tuple(ref.shape):
            raise ValueError(f"{k}: expected shape {tuple(ref.shape)}, got {tuple(w.shape)}")
        state[k] = torch.as_tensor(np.asarray(w), dtype=ref.dtype)
    model.load_state_dict(state)


def flatten(weights: Sequence[np.ndarray]) -> np.ndarray:
    return np.concatenate([np.ravel(w) for w in weights]).astype(np.float64)


def unflatten(vec: np.ndarray, like: Sequence[np.ndarray]) -> Weights:
    out, i = [], 0
    for w in like:
        out.append(vec[i: i + w.size].reshape(w.shape).astype(np.float32))
        i += w.size
    if i != vec.size:
        raise ValueError(f"vector has {vec.size} values, weights need {i}")
    return out


def nbytes(payload: Iterable[np.ndarray | torch.Tensor]) -> int:
    """Raw bytes of a payload of arrays/tensors (what crosses the link, excluding framing)."""
    total = 0
    for a in payload:
        total += a.numel() * a.element_size() if isinstance(a, torch.Tensor) else int(np.asarray(a).nbytes)
    return total
