"""Congestion forecasting at the hub: the LargeML side of "TinyML detects at the edge, LargeML
predicts and re-provisions" (the survey).

From each link's last ``window`` utilisations a classifier says whether it will be congested within
``horizon`` ticks; one model serves every link (utilisation is already scaled by capacity). It is
trained on the telemetry simulator's link-load history with traffic that builds up on random links
(:func:`history`), never on the run it then forecasts.
"""
from __future__ import annotations

from collections import deque
from dataclasses import dataclass, field

import networkx as nx
import numpy as np

from netmodel.assurance import CONGESTED
from netmodel.telemetry import Snapshot, TelemetrySimulator


def history(g: nx.Graph, ticks: int = 600, seed: int = 100, ramps: int = 40) -> np.ndarray:
    """Links x ticks utilisation of a simulator run in which ``ramps`` congestions build up over
    3 to 15 ticks on random links (and calm down when they end)."""
    sim = TelemetrySimulator(g, seed=seed)
    rng = np.random.default_rng(seed)
    edges = sorted((min(u, v), max(u, v)) for u, v in g.edges)
    for _ in range(ramps):
        sim.inject("congestion", edges[rng.integers(len(edges))], start=int(rng.integers(0, ticks - 20)),
                   duration=int(rng.integers(8, 30)), magnitude=float(rng.uniform(0, 10)), ramp=int(rng.integers(3, 16)))
    snaps = sim.run(ticks)
    return np.array([[s.links[e].utilization for s in snaps] for e in edges], dtype=np.float64)


def features(recent: np.ndarray) -> np.ndarray:
    """Level, and the rise over the last 1, 2 and all ticks, of each row of recent utilisations."""
    last = recent[:, -1:]
    return np.hstack([last, last - recent[:, -2:-1], last - recent[:, -3:-2], last - recent[:, :1]])


@dataclass
class Forecaster:
    """Whether a link that is not congested now will be within ``horizon`` ticks, from its last
    ``window`` utilisations: a logistic regression (scikit-learn) on level and rise, fitted on
    :func:`history`. A regression of the future level learns mostly that congestion ends (a fault
    drops back to the baseline at once); asking "will it cross" learns that rising traffic crosses."""

    window: int = 5
    horizon: int = 3
    threshold: float = 0.5
    model: object = None
    _seen: dict[tuple[str, str], deque] = field(default_factory=dict, repr=False)

    def samples(self, series: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(features, crosses within the horizon) of every tick of links x ticks utilisation that
        is not congested yet."""
        w, h = self.window, self.horizon
        xs, ys = [], []
        for u in series:
            for t in range(w, len(u) - h):
                if u[t - 1] < CONGESTED:
                    xs.append(u[t - w:t])
                    ys.append(bool((u[t:t + h] >= CONGESTED).any()))
        return features(np.asarray(xs)), np.asarray(ys)

    def fit(self, series: np.ndarray, precision: float = 0.6) -> Forecaster:
        """Fit, then set :attr:`threshold` to the lowest probability at which the forecasts on the
        training history are right at least ``precision`` of the time (a wrong one costs a reroute)."""
        from sklearn.linear_model import LogisticRegression

        x, y = self.samples(series)
        self.model = LogisticRegression(class_weight="balanced", max_iter=1000).fit(x, y)
        p = self.model.predict_proba(x)[:, 1]
        for thr in np.arange(0.5, 1.0, 0.01):
            if y[p >= thr].mean() >= precision:
                self.threshold = float(thr)
                break
        return self

    def predict(self, recent: np.ndarray) -> np.ndarray:
        """Probability that each row of ``recent`` (``window`` values, oldest first) crosses within the horizon."""
        if self.model is None:
            raise RuntimeError("the forecaster is not fitted")
        return self.model.predict_proba(features(recent))[:, 1]

    def observe(self, snap: Snapshot) -> dict[tuple[str, str], float]:
        """Take one tick; the links forecast to congest within the horizon that are not congested yet,
        with the forecast's probability."""
        for k, sample in snap.links.items():
            if not sample.up:  # a link coming back would look like a sudden rise: start its history again
                self._seen.pop(k, None)
                continue
            self._seen.setdefault(k, deque(maxlen=self.window)).append(sample.utilization)
        ready = [k for k, q in self._seen.items() if len(q) == self.window and snap.links[k].utilization < CONGESTED]
        if not ready:
            return {}
        p = self.predict(np.array([self._seen[k] for k in ready]))
        return {k: float(x) for k, x in zip(ready, p) if x >= self.threshold}
