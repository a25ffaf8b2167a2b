"""Client-level differential privacy for FedAvg (DP-FedAvg, McMahan et al. 2018).

Each sampled client's update is clipped to L2 norm ``clip``; the server averages the clipped
updates with equal weights and adds Gaussian noise of std ``noise_multiplier * clip / m``.
Privacy is accounted as the subsampled Gaussian mechanism over rounds with Opacus' RDP
accountant (sample rate = fraction of clients per round), so ε is per *client*, not per record.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ClientDP:
    noise_multiplier: float
    clip: float = 1.0
    delta: float = 1e-5

    def clip_updates(self, updates: np.ndarray) -> np.ndarray:
        norms = np.linalg.norm(updates, axis=1, keepdims=True)
        return updates * np.minimum(1.0, self.clip / np.maximum(norms, 1e-12))

    def noisy_mean(self, clipped: np.ndarray, rng: np.random.Generator) -> np.ndarray:
        m = len(clipped)
        noise = rng.normal(0.0, self.noise_multiplier * self.clip / m, size=clipped.shape[1])
        return clipped.mean(axis=0) + noise


def epsilon(noise_multiplier: float, sample_rate: float, rounds: int, delta: float = 1e-5) -> float:
    """ε after ``rounds`` of the subsampled Gaussian mechanism (Opacus RDP accountant)."""
    from opacus.accountants import RDPAccountant

    if rounds <= 0:
        return 0.0
    acc = RDPAccountant()
    acc.history = [(noise_multiplier, sample_rate, rounds)]
    return float(acc.get_epsilon(delta=delta))


def noise_for_epsilon(target_epsilon: float, sample_rate: float, rounds: int, delta: float = 1e-5) -> float:
    """The smallest noise multiplier whose ε after ``rounds`` is at most ``target_epsilon``."""
    from opacus.accountants.utils import get_noise_multiplier

    if target_epsilon <= 0:
        raise ValueError("target epsilon must be > 0")
    return float(get_noise_multiplier(target_epsilon=target_epsilon, target_delta=delta,
                                      sample_rate=sample_rate, steps=rounds, accountant="rdp"))
