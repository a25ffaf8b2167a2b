"""Server-side aggregation of client updates: FedAvg, FedProx, coordinate-wise median, trimmed
mean and (multi-)Krum.

Strategies work on *updates* (client weights minus the global weights), flattened to one
vector per client, and return the aggregated update. Working on deltas is what DP clipping
needs and is equivalent for the robust rules (they are translation-equivariant).
FedProx differs from FedAvg only on the client (the proximal term ``mu/2 ||w - w_global||^2``),
so it carries ``proximal_mu`` for the client code and aggregates like FedAvg.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

import numpy as np


@dataclass(frozen=True)
class Strategy:
    """Base: weighted mean of updates (FedAvg). Subclasses override :meth:`aggregate`."""

    name: ClassVar[str] = "fedavg"
    proximal_mu: float = 0.0

    def aggregate(self, updates: np.ndarray, n_samples: np.ndarray) -> np.ndarray:
        """``updates``: (clients, params); ``n_samples``: (clients,) -> (params,)."""
        w = np.asarray(n_samples, dtype=np.float64)
        return (w[:, None] * updates).sum(axis=0) / w.sum()

    def describe(self) -> dict[str, Any]:
        return {"strategy": self.name, **({"mu": self.proximal_mu} if self.proximal_mu else {})}


@dataclass(frozen=True)
class FedAvg(Strategy):
    name: ClassVar[str] = "fedavg"


@dataclass(frozen=True)
class FedProx(Strategy):
    name: ClassVar[str] = "fedprox"
    proximal_mu: float = 0.01


@dataclass(frozen=True)
class Median(Strategy):
    """Coordinate-wise median (Yin et al. 2018): tolerates < 50 % arbitrary clients per coordinate."""

    name: ClassVar[str] = "median"

    def aggregate(self, updates: np.ndarray, n_samples: np.ndarray) -> np.ndarray:
        return np.median(updates, axis=0)


@dataclass(frozen=True)
class TrimmedMean(Strategy):
    """Coordinate-wise mean after dropping the ``beta`` fraction largest and smallest values."""

    name: ClassVar[str] = "trimmed_mean"
    beta: float = 0.2

    def aggregate(self, updates: np.ndarray, n_samples: np.ndarray) -> np.ndarray:
        m = len(updates)
        k = int(np.floor(self.beta * m))
        if m - 2 * k < 1:
            raise ValueError(f"trimming {k} of {m} clients from each side leaves nothing")
        return np.sort(updates, axis=0)[k: m - k].mean(axis=0)

    def describe(self) -> dict[str, Any]:
        return {"strategy": self.name, "beta": self.beta}


@dataclass(frozen=True)
class Krum(Strategy):
    """(Multi-)Krum (Blanchard et al. 2017): score each update by the summed squared distance to
    its ``m - f - 2`` nearest others, average the ``keep`` best (``keep=1`` is plain Krum)."""

    name: ClassVar[str] = "krum"
    f: int = 1
    keep: int = 1

    def aggregate(self, updates: np.ndarray, n_samples: np.ndarray) -> np.ndarray:
        m = len(updates)
        closest = m - self.f - 2
        if closest < 1:
            raise ValueError(f"Krum with f={self.f} needs more than {self.f + 2} clients, got {m}")
        sq = (updates * updates).sum(axis=1)
        d = np.maximum(sq[:, None] + sq[None, :] - 2 * updates @ updates.T, 0.0)
        np.fill_diagonal(d, np.inf)
        scores = np.sort(d, axis=1)[:, :closest].sum(axis=1)
        best = np.argsort(scores, kind="stable")[: max(1, self.keep)]
        return updates[best].mean(axis=0)

    def describe(self) -> dict[str, Any]:
        return {"strategy": self.name, "f": self.f, "keep": self.keep}


STRATEGIES: dict[str, type[Strategy]] = {c.name: c for c in (FedAvg, FedProx, Median, TrimmedMean, Krum)}


def make_strategy(name: str, **params: Any) -> Strategy:
    """A strategy by name; ``params`` not used by it are ignored (one job spec fits all)."""
    try:
        cls = STRATEGIES[name]
    except KeyError:
        raise ValueError(f"unknown strategy {name!r}; expected one of {sorted(STRATEGIES)}") from None
    fields = {k: v for k, v in params.items() if k in cls.__dataclass_fields__ and v is not None}
    return cls(**fields)
