"""Retrieval for the translator: what the prompt is told about the inventory and the catalogue.

Hybrid, like BM25 + dense retrieval: node names are matched exactly against the aliases of the
live inventory (a dense neighbour of "the airport" must not become a real node, or unknown names
could never be refused), and the service catalogue is searched densely in chromadb, so "a slice
for telesurgery" is grounded to URLLC. The result renders as one short ``ctx:`` line.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import networkx as nx

from knowledge.index import Hit, KnowledgeIndex

from .grounding import Grounder

SERVICE_MAX_DISTANCE = 0.65
SERVICE_MIN_MARGIN = 0.03
"""The nearest service entry is a hint when it is this close (cosine distance) and this much
closer than the second: on the synthetic held-out split, 140 of 216 slice requests get a hint,
19 of them wrong, and one in ten other requests gets a spurious one (which the model learns to
ignore)."""


@dataclass
class Context:
    """Retrieved grounding for one utterance."""

    nodes: list[tuple[str, str]] = field(default_factory=list)  # (phrase as written, node id)
    service: str | None = None
    passages: list[Hit] = field(default_factory=list)
    slices: list[str] = field(default_factory=list)  # names of running slices the text speaks of

    def line(self) -> str:
        """The prompt's context line, e.g. ``first hospital=hospital-1; fan-zone=slice; svc=urllc``."""
        parts = [f"{p}={i}" for p, i in self.nodes] + [f"{n}=slice" for n in self.slices]
        if self.service:
            parts.append(f"svc={self.service}")
        return "; ".join(parts) or "-"


def named(text: str, names: Iterable[str]) -> list[str]:
    """The ``names`` (slice names) that ``text`` writes as a word of its own, in order of appearance."""
    folded = text.casefold()
    found = [(m.start(), n) for n in set(names)
             if (m := re.search(rf"(?<![\w-]){re.escape(n.casefold())}(?![\w-])", folded))]
    return [n for _, n in sorted(found)]


class Retriever:
    """Grounds utterances in one inventory (graph) and a knowledge index."""

    def __init__(self, index: KnowledgeIndex, g: nx.Graph) -> None:
        self.index, self.g = index, g
        self.grounder = Grounder(g)

    @classmethod
    def for_store(cls, store, index: KnowledgeIndex | None = None) -> Retriever:  # noqa: ANN001 - netmodel Store
        """Index the store's live inventory (nodes, slices and policies in force) and retrieve against it."""
        index = index or KnowledgeIndex()
        index.build()
        g = store.topology()
        index.refresh_inventory(g, store.running()[1])
        return cls(index, g)

    def retrieve(self, text: str, slices: Iterable[str] = ()) -> Context:
        """The context of ``text``; ``slices``: the names of the running slices, those the text names go in the line."""
        context = self._context(text, self.index.search(text, k=2, where={"kind": "service"}))
        context.slices = named(text, slices)
        return context

    def retrieve_many(self, texts: list[str]) -> list[Context]:
        """Contexts for many texts with one batched embedding call (building training sets)."""
        return [self._context(t, h) for t, h in zip(texts, self.index.search_many(texts, k=2, where={"kind": "service"}))]

    def _context(self, text: str, hits: list[Hit]) -> Context:
        service = None
        if len(hits) == 2 and hits[0].distance <= SERVICE_MAX_DISTANCE \
                and hits[1].distance - hits[0].distance >= SERVICE_MIN_MARGIN:
            service = hits[0].meta.get("service")
        seen: dict[str, str] = {}
        for phrase, node in self.grounder.mentions(text):
            seen.setdefault(phrase, node)
        return Context(list(seen.items()), service, hits)
