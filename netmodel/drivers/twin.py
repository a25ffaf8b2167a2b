"""Driver for the network twin: the 'device' is the in-memory graph's per-link reservations."""
from __future__ import annotations

import networkx as nx

from ..policy import PolicySet, apply_reservations
from .base import NetworkDriver


class TwinDriver(NetworkDriver):
    """Applies policy sets to the twin graph: slices become reservations on their links."""

    name = "twin"

    def __init__(self, g: nx.Graph) -> None:
        self.g = g

    def apply(self, policies: PolicySet) -> None:
        apply_reservations(self.g, policies)
