"""Non-IID client shards: Dirichlet label partition (Hsu et al. 2019), seeded."""
from __future__ import annotations

import numpy as np


def dirichlet_partition(labels: np.ndarray, n_clients: int, alpha: float, seed: int = 0,
                        min_size: int = 10) -> list[np.ndarray]:
    """Indices of each client's shard: for every class, its samples are split among clients with
    proportions drawn from ``Dir(alpha)``. Small ``alpha`` = strong label skew; large = near IID.

    Redraws (up to 100 times) until every client holds at least ``min_size`` samples.
    """
    if n_clients < 1:
        raise ValueError("n_clients must be >= 1")
    if alpha <= 0:
        raise ValueError("alpha must be > 0")
    labels = np.asarray(labels)
    if len(labels) < n_clients * min_size:
        raise ValueError(f"{len(labels)} samples cannot give {n_clients} clients {min_size} each")
    rng = np.random.default_rng(seed)
    for _ in range(100):
        shards: list[list[int]] = [[] for _ in range(n_clients)]
        for c in np.unique(labels):
            idx = rng.permutation(np.flatnonzero(labels == c))
            cuts = (np.cumsum(rng.dirichlet(np.full(n_clients, alpha))) * len(idx)).astype(int)[:-1]
            for shard, part in zip(shards, np.split(idx, cuts)):
                shard.extend(part.tolist())
        if min(len(s) for s in shards) >= min_size:
            return [np.sort(np.array(s, dtype=np.int64)) for s in shards]
    raise ValueError(f"could not give every client {min_size} samples with alpha={alpha}; raise alpha")
